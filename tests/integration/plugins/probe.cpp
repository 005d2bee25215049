// A test plugin written with the C++ SDK helper: it exposes the host services (API GET, collections, dates,
// config) as tools, so integration tests can drive them through the real binary.
#include <oura_mcp/plugin_json.hpp>

#include <sys/syscall.h>
#include <unistd.h>

namespace {

bool initOnMainThread = false; // the ABI promises init() on the host's main thread (thread id == process id)

const char* kRangeSchema = R"({"type":"object","properties":{
  "collection":{"type":"string"},"start_date":{"type":"string"},"end_date":{"type":"string"}},
  "required":["collection"],"additionalProperties":false})";

void setUp(omcp::Registrar& r)
{
    initOnMainThread = ::syscall(SYS_gettid) == ::getpid();
    r.tool({"probe_init_thread", "Probe: init thread", "Says whether init() ran on the host's main thread.",
            R"({"type":"object","additionalProperties":false})", "", "", OMCP_TOOL_READ_ONLY,
            [](omcp::Call& call, const std::string&) { call.text(initOnMainThread ? "main" : "other"); }});
    r.tool({"probe_collection", "Probe: collection", "Gets a collection over the user's days.", kRangeSchema,
            "", "daily", OMCP_TOOL_READ_ONLY | OMCP_TOOL_OPEN_WORLD,
            [](omcp::Call& call, const std::string& args) {
                auto a = omcp::parseArgs(args);
                auto response =
                    call.collection(omcp::stringArg(a, "collection"), omcp::stringArg(a, "start_date"),
                                    omcp::stringArg(a, "end_date"));
                auto body = omcp::parseBody(response);
                omcp::jsonResult(call, {{"start", response.startDay},
                                        {"end", response.endDay},
                                        {"note", response.note},
                                        {"count", body.value("data", nlohmann::json::array()).size()},
                                        {"data", body.value("data", nlohmann::json::array())}});
            }});
    r.tool({"probe_dates", "Probe: dates", "Resolves user date text.",
            R"({"type":"object","properties":{"start_date":{"type":"string"},"end_date":{"type":"string"}},
               "additionalProperties":false})",
            R"({"type":"object","properties":{"start":{"type":"string"},"end":{"type":"string"},
               "today":{"type":"string"}},"required":["start","end","today"]})",
            "", OMCP_TOOL_READ_ONLY, [](omcp::Call& call, const std::string& args) {
                auto a = omcp::parseArgs(args);
                auto range =
                    call.resolveDates(omcp::stringArg(a, "start_date"), omcp::stringArg(a, "end_date"));
                omcp::jsonResult(call, {{"start", range.start}, {"end", range.end}, {"today", call.today()}});
            }});
    r.tool({"probe_config", "Probe: config", "Reads the plugin's setting 'greeting'.",
            R"({"type":"object","additionalProperties":false})", "", "", OMCP_TOOL_READ_ONLY,
            [](omcp::Call& call, const std::string&) {
                call.text(omcp::Host::config("greeting").value_or("<unset>"));
            }});
    r.tool({"probe_throw", "Probe: throw", "Throws a C++ exception inside the helper's boundary.",
            R"({"type":"object","additionalProperties":false})", "", "", OMCP_TOOL_READ_ONLY,
            [](omcp::Call&, const std::string&) { throw std::runtime_error("boom"); }});
}

} // namespace

OMCP_PLUGIN("probe", "1.0.0", "Exposes host services for integration tests", OMCP_SCOPES("personal", "daily"),
            setUp)

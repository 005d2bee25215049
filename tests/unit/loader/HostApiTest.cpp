// The host function table called directly, the way a plugin would, with a hand-made omcp_host/omcp_call.
#include "PluginTestSupport.h"

#include "loader/HostApi.h"
#include "loader/PluginHandles.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <thread>

using namespace OuraMcp;
using namespace OuraMcp::Catalog;
using namespace OuraMcp::Loader;
using namespace OuraMcp::Testing;

namespace {

omcp_status noopTool(void*, omcp_call*, const char*, size_t)
{
    return OMCP_OK;
}

omcp_status noopResource(void*, omcp_call*, const char*, const char*)
{
    return OMCP_OK;
}

class HostApiTest : public ::testing::Test
{
protected:
    const omcp_host_api* api = HostApi::table();
    omcp_host host;
    NameIndex taken;

    HostApiTest()
    {
        host.id = "unit";
        host.path = "/plugins/unit.so";
        host.scopes = {"personal"};
        host.services = std::make_shared<HostServices>();
        host.taken = &taken;
    }

    omcp_tool_desc tool(const char* name = "t")
    {
        omcp_tool_desc d;
        std::memset(&d, 0, sizeof d);
        d.struct_size = sizeof d;
        d.name = name;
        d.handler = noopTool;
        return d;
    }

    omcp_resource_desc resource(const char* uri)
    {
        omcp_resource_desc d;
        std::memset(&d, 0, sizeof d);
        d.struct_size = sizeof d;
        d.uri = uri;
        d.name = "r";
        d.handler = noopResource;
        return d;
    }

    omcp_status registerToolExpectingRefusal(omcp_tool_desc d, const std::string& reason)
    {
        const omcp_status st = api->register_tool(&host, &d);
        EXPECT_EQ(st, OMCP_E_INVALID_ARGUMENT) << reason;
        EXPECT_NE(host.lastRegistrationError.find(reason), std::string::npos) << host.lastRegistrationError;
        return st;
    }
};

} // namespace

TEST_F(HostApiTest, TableAdvertisesTheHostVersionAndEveryService)
{
    EXPECT_EQ(api->struct_size, sizeof(omcp_host_api));
    EXPECT_EQ(api->abi_major, OMCP_ABI_MAJOR);
    EXPECT_EQ(api->abi_minor, OMCP_ABI_MINOR);
    const void* const* slots = reinterpret_cast<const void* const*>(&api->log);
    const std::size_t count = (sizeof(omcp_host_api) - offsetof(omcp_host_api, log)) / sizeof(void*);
    for (std::size_t i = 0; i < count; ++i)
        EXPECT_NE(slots[i], nullptr) << "service #" << i;
}

TEST_F(HostApiTest, ToolDescriptorChecks)
{
    auto d = tool();
    d.struct_size = sizeof(omcp_tool_desc) + 8;
    registerToolExpectingRefusal(
        d, "omcp_tool_desc.struct_size is 80 bytes but this host knows only 72; the plugin "
           "was built against a newer plugin_abi.h");
    d = tool();
    d.struct_size = 40;
    registerToolExpectingRefusal(d, "smaller than the 72 bytes of ABI 1.0");
    d = tool();
    d.flags = 0x30;
    registerToolExpectingRefusal(d, "unknown flag bits 0x30");
    registerToolExpectingRefusal(tool("bad name!"), "the name must be 1 to 128 characters");
    registerToolExpectingRefusal(tool(""), "name is missing");
    const std::string longName(129, 'a');
    registerToolExpectingRefusal(tool(longName.c_str()), "the name must be 1 to 128 characters");
    d = tool();
    d.handler = nullptr;
    registerToolExpectingRefusal(d, "handler is NULL");
    d = tool();
    d.required_scope = "heartrate";
    registerToolExpectingRefusal(
        d, "required_scope 'heartrate' is not one of the scopes plugin unit declares (personal)");
    d = tool();
    d.output_schema_json = R"({"type":"array"})";
    registerToolExpectingRefusal(d, "output_schema_json must be an object schema");
    d = tool();
    d.input_schema_json = R"({"type":"object","properties":{"a":{"type":"string","pattern":"[a-"}}})";
    registerToolExpectingRefusal(d, "is not a valid ECMAScript regex");
    d = tool();
    d.description = "\xFF\xFE";
    registerToolExpectingRefusal(d, "description is not valid UTF-8");
    EXPECT_EQ(api->register_tool(&host, nullptr), OMCP_E_INVALID_ARGUMENT);
    EXPECT_TRUE(host.tools.empty());

    const std::string okName(128, 'b');
    EXPECT_EQ(api->register_tool(&host, &(d = tool(okName.c_str()))), OMCP_OK);
    EXPECT_EQ(api->register_tool(&host, &(d = tool(okName.c_str()))), OMCP_E_INVALID_ARGUMENT);
    EXPECT_NE(host.lastRegistrationError.find("registered twice by this plugin"), std::string::npos);
}

TEST_F(HostApiTest, RegistrationDeepCopiesEverything)
{
    std::string name = "copied";
    std::string schema = R"({"type":"object","properties":{"x":{"type":"string"}}})";
    std::string scope = "personal";
    auto d = tool(name.c_str());
    d.input_schema_json = schema.c_str();
    d.required_scope = scope.c_str();
    d.flags = OMCP_TOOL_READ_ONLY;
    ASSERT_EQ(api->register_tool(&host, &d), OMCP_OK);
    std::fill(name.begin(), name.end(), 'X');
    std::fill(schema.begin(), schema.end(), ' ');
    std::fill(scope.begin(), scope.end(), 'Y');
    ASSERT_EQ(host.tools.size(), 1u);
    EXPECT_EQ(host.tools[0].name, "copied");
    EXPECT_EQ(host.tools[0].inputSchema["properties"]["x"]["type"], "string");
    EXPECT_EQ(host.tools[0].requiredScope, "personal");
    EXPECT_EQ(host.tools[0].flags, OMCP_TOOL_READ_ONLY);
}

TEST_F(HostApiTest, NamesTakenByEarlierPluginsAreRefused)
{
    taken.tools["echo"] = "echo (/p/echo.so)";
    auto d = tool("echo");
    registerToolExpectingRefusal(d, "the tool name is already registered by plugin echo (/p/echo.so)");
}

TEST_F(HostApiTest, ResourceAndTemplateChecks)
{
    auto r = resource("oura://summary/today");
    EXPECT_EQ(api->register_resource(&host, &r), OMCP_OK);
    EXPECT_EQ(host.resources[0].mimeType, "text/plain");
    EXPECT_EQ(api->register_resource(&host, &r), OMCP_E_INVALID_ARGUMENT); // same URI twice

    r = resource("no-scheme");
    EXPECT_EQ(api->register_resource(&host, &r), OMCP_E_INVALID_ARGUMENT);
    r = resource("oura://x/{date}");
    EXPECT_EQ(api->register_resource(&host, &r), OMCP_E_INVALID_ARGUMENT);
    EXPECT_NE(host.lastRegistrationError.find("register it as a resource template"), std::string::npos);
    EXPECT_EQ(api->register_resource_template(&host, &r), OMCP_OK);
    r = resource("oura://x/{a}{b}");
    EXPECT_EQ(api->register_resource_template(&host, &r), OMCP_E_INVALID_ARGUMENT);
    r = resource("oura://y/{date}");
    r.mime_type = "json";
    EXPECT_EQ(api->register_resource_template(&host, &r), OMCP_E_INVALID_ARGUMENT);
    r = resource("oura://y/{date}");
    r.flags = 0x2;
    EXPECT_EQ(api->register_resource_template(&host, &r), OMCP_E_INVALID_ARGUMENT);
    EXPECT_NE(host.lastRegistrationError.find("unknown flag bits 0x2 (this host knows 0x1)"),
              std::string::npos);
    r = resource("oura://y/{date}");
    r.name = nullptr;
    EXPECT_EQ(api->register_resource_template(&host, &r), OMCP_E_INVALID_ARGUMENT);
    EXPECT_EQ(host.templates.size(), 1u);
}

TEST_F(HostApiTest, SectionsShareAUriButNeverWithAPlainResource)
{
    taken.resources["oura://plain"] = "a (/p/a.so)";
    taken.sectionResources["oura://summary/today"] = "b (/p/b.so)";
    taken.sectionTemplates["oura://summary/{date}"] = "b (/p/b.so)";

    auto r = resource("oura://plain");
    r.flags = OMCP_RESOURCE_SECTION;
    EXPECT_EQ(api->register_resource(&host, &r), OMCP_E_INVALID_ARGUMENT);
    EXPECT_NE(host.lastRegistrationError.find("already registered by plugin a (/p/a.so)"), std::string::npos);

    r = resource("oura://summary/today");
    EXPECT_EQ(api->register_resource(&host, &r), OMCP_E_INVALID_ARGUMENT);
    EXPECT_NE(host.lastRegistrationError.find(
                  "is a composite resource with sections (first by plugin b (/p/b.so))"),
              std::string::npos)
        << host.lastRegistrationError;
    r.flags = OMCP_RESOURCE_SECTION;
    EXPECT_EQ(api->register_resource(&host, &r), OMCP_OK);
    EXPECT_TRUE(host.resources.back().section);
    EXPECT_EQ(api->register_resource(&host, &r), OMCP_E_INVALID_ARGUMENT); // twice by one plugin

    r = resource("oura://summary/{date}");
    EXPECT_EQ(api->register_resource_template(&host, &r), OMCP_E_INVALID_ARGUMENT);
    r.flags = OMCP_RESOURCE_SECTION;
    EXPECT_EQ(api->register_resource_template(&host, &r), OMCP_OK);
}

TEST_F(HostApiTest, PromptChecks)
{
    omcp_prompt_argument args[2];
    std::memset(args, 0, sizeof args);
    args[0].name = "a";
    args[1].name = "b";
    omcp_prompt_desc p;
    std::memset(&p, 0, sizeof p);
    p.struct_size = sizeof p;
    p.name = "p";
    p.arguments = args;
    p.argument_count = 2;
    p.handler = noopTool;
    EXPECT_EQ(api->register_prompt(&host, &p), OMCP_OK);

    p.name = "p2";
    args[1].reserved = 1;
    EXPECT_EQ(api->register_prompt(&host, &p), OMCP_E_INVALID_ARGUMENT);
    EXPECT_NE(host.lastRegistrationError.find("reserved must be zero"), std::string::npos);
    args[1].reserved = 0;
    args[1].required = 2;
    EXPECT_EQ(api->register_prompt(&host, &p), OMCP_E_INVALID_ARGUMENT);
    args[1].required = 0;
    args[1].name = "a";
    EXPECT_EQ(api->register_prompt(&host, &p), OMCP_E_INVALID_ARGUMENT);
    EXPECT_NE(host.lastRegistrationError.find("listed twice"), std::string::npos);
    p.arguments = nullptr;
    EXPECT_EQ(api->register_prompt(&host, &p), OMCP_E_INVALID_ARGUMENT);
    EXPECT_EQ(host.prompts.size(), 1u);
}

TEST_F(HostApiTest, RegistrationAndSetErrorOnlyDuringInit)
{
    host.phase.store(Phase::Running);
    auto d = tool();
    EXPECT_EQ(api->register_tool(&host, &d), OMCP_E_WRONG_PHASE);
    auto r = resource("oura://a");
    EXPECT_EQ(api->register_resource(&host, &r), OMCP_E_WRONG_PHASE);
    EXPECT_EQ(api->register_resource_template(&host, &r), OMCP_E_WRONG_PHASE);
    omcp_prompt_desc p{};
    EXPECT_EQ(api->register_prompt(&host, &p), OMCP_E_WRONG_PHASE);
    api->set_error(&host, "late");
    EXPECT_TRUE(host.error.empty());
    EXPECT_TRUE(host.tools.empty());
    EXPECT_EQ(api->register_tool(nullptr, &d), OMCP_E_INVALID_ARGUMENT);

    host.phase.store(Phase::Init);
    api->set_error(&host, "early");
    EXPECT_EQ(host.error, "early");
}

TEST_F(HostApiTest, ConfigGetBuffersAndNamespaces)
{
    auto services = std::make_shared<HostServices>();
    services->config = [](const std::string& key) -> std::optional<std::string> {
        if (key == "plugins.unit.units")
            return std::string("metric");
        return std::nullopt;
    };
    host.services = services;
    char buf[16];
    std::size_t needed = 0;
    EXPECT_EQ(api->config_get(&host, "units", buf, 6, &needed), OMCP_E_BUFFER_TOO_SMALL);
    EXPECT_EQ(needed, 7u);
    EXPECT_EQ(api->config_get(&host, "units", nullptr, 0, &needed), OMCP_E_BUFFER_TOO_SMALL);
    EXPECT_EQ(api->config_get(&host, "units", buf, 7, nullptr), OMCP_OK);
    EXPECT_STREQ(buf, "metric");
    EXPECT_EQ(api->config_get(&host, "other", buf, sizeof buf, &needed), OMCP_E_NOT_FOUND);
    EXPECT_EQ(api->config_get(&host, "a..b", buf, sizeof buf, &needed), OMCP_E_INVALID_ARGUMENT);
    EXPECT_EQ(api->config_get(&host, ".units", buf, sizeof buf, &needed), OMCP_E_INVALID_ARGUMENT);
    EXPECT_EQ(api->config_get(&host, "a b", buf, sizeof buf, &needed), OMCP_E_INVALID_ARGUMENT);
    EXPECT_EQ(api->config_get(&host, nullptr, buf, sizeof buf, &needed), OMCP_E_INVALID_ARGUMENT);
    host.phase.store(Phase::ShutDown);
    EXPECT_EQ(api->config_get(&host, "units", buf, sizeof buf, &needed), OMCP_E_WRONG_PHASE);
}

TEST_F(HostApiTest, TodayAndResolveDatesValidateTheirOutputs)
{
    auto services = std::make_shared<HostServices>();
    services->today = [] { return std::string("2024-05-01T00:00:00Z"); }; // too long for char[16]
    services->resolveDates = [](const std::string&, const std::string&, std::string& s, std::string& e,
                                std::string&) {
        s = "2024-05-01";
        e = "2024-05-03";
        return true;
    };
    host.services = services;
    char day[16];
    EXPECT_EQ(api->today(&host, day), OMCP_E_INTERNAL);
    EXPECT_EQ(api->today(&host, nullptr), OMCP_E_INVALID_ARGUMENT);

    omcp_date_range range;
    std::memset(&range, 0xAB, sizeof range);
    range.struct_size = 8;
    char error[8];
    EXPECT_EQ(api->resolve_dates(&host, "x", nullptr, &range, error, sizeof error), OMCP_E_INVALID_ARGUMENT);
    EXPECT_EQ(std::strlen(error), 7u); // truncated, NUL-terminated
    range.struct_size = sizeof range;
    EXPECT_EQ(api->resolve_dates(&host, nullptr, nullptr, &range, nullptr, 0), OMCP_OK);
    EXPECT_STREQ(range.start, "2024-05-01");
    EXPECT_STREQ(range.end, "2024-05-03");
    EXPECT_EQ(range.reserved, 0u);
}

TEST_F(HostApiTest, CallServicesBelongToTheHandlerThread)
{
    host.phase.store(Phase::Running);
    TestContext ctx;
    omcp_call call;
    call.host = &host;
    call.context = &ctx;
    omcp_status fromOtherThread = OMCP_OK;
    int32_t cancelledFromOtherThread = -1;
    ctx.cancel();
    std::thread other([&] {
        fromOtherThread = api->result_text(&call, "x", 1);
        cancelledFromOtherThread = api->is_cancelled(&call);
    });
    other.join();
    EXPECT_EQ(fromOtherThread, OMCP_E_WRONG_PHASE);
    EXPECT_EQ(cancelledFromOtherThread, 0);
    EXPECT_EQ(api->is_cancelled(&call), 1);
    EXPECT_TRUE(call.texts.empty());
    EXPECT_EQ(api->result_text(nullptr, "x", 1), OMCP_E_WRONG_PHASE);
}

TEST_F(HostApiTest, ResultServicesCheckTheirInput)
{
    omcp_call call;
    call.host = &host;
    EXPECT_EQ(api->result_text(&call, "ok", 2), OMCP_OK);
    EXPECT_EQ(api->result_text(&call, "\xC0\xAF", 2), OMCP_E_INVALID_ARGUMENT); // overlong '/'
    EXPECT_EQ(api->result_text(&call, nullptr, 3), OMCP_E_INVALID_ARGUMENT);
    EXPECT_EQ(api->result_json(&call, "[1,", 3), OMCP_E_INVALID_ARGUMENT);
    EXPECT_FALSE(call.json.has_value());
    EXPECT_EQ(api->result_json(&call, "[1,2] trailing", 5), OMCP_OK); // only len bytes count
    EXPECT_EQ(*call.json, Json::parse("[1,2]"));
    EXPECT_EQ(api->result_message(&call, "user", "hi"), OMCP_E_WRONG_PHASE); // tools have no messages
    EXPECT_EQ(api->report_progress(&call, std::nan(""), 1, nullptr), OMCP_E_INVALID_ARGUMENT);
    EXPECT_EQ(api->result_error(&call, "bad"), OMCP_OK);
    EXPECT_TRUE(call.isError);
    EXPECT_EQ(call.texts, (std::vector<std::string>{"ok", "bad"}));

    omcp_call prompt;
    prompt.host = &host;
    prompt.kind = omcp_call::Kind::Prompt;
    EXPECT_EQ(api->result_message(&prompt, "system", "hi"), OMCP_E_INVALID_ARGUMENT);
    EXPECT_EQ(api->result_message(&prompt, "assistant", "hi"), OMCP_OK);
    EXPECT_EQ(api->result_text(&prompt, "x", 1), OMCP_E_WRONG_PHASE);
    EXPECT_EQ(prompt.messages.size(), 1u);
    EXPECT_EQ(api->result_error(&prompt, "week must be one line"), OMCP_OK); // rejects the arguments
    EXPECT_TRUE(prompt.isError);
}

TEST_F(HostApiTest, ResponsesStayValidUntilTheHandlerReturns)
{
    FakeDataService data;
    data.answer.body = R"({"data":[]})";
    data.answer.httpStatus = 200;
    auto services = std::make_shared<HostServices>();
    services->data = &data;
    host.services = services;
    omcp_call call;
    call.host = &host;
    const omcp_response* first = nullptr;
    ASSERT_EQ(api->http_get(&call, "/v2/a", nullptr, 0, 0, &first), OMCP_OK);
    for (int i = 0; i < 100; ++i)
    {
        const omcp_response* more = nullptr;
        data.answer.body = "{\"i\":" + std::to_string(i) + "}";
        ASSERT_EQ(api->http_get(&call, "/v2/b", nullptr, 0, 0, &more), OMCP_OK);
    }
    EXPECT_EQ(first->struct_size, sizeof(omcp_response));
    EXPECT_STREQ(first->body, R"({"data":[]})");
    EXPECT_EQ(first->body_len, 11u);
    EXPECT_EQ(first->error, nullptr);
    EXPECT_EQ(first->start_day, nullptr);
    EXPECT_EQ(first->http_status, 200);

    EXPECT_EQ(api->http_get(&call, "/v2/a", nullptr, 0, 0, nullptr), OMCP_E_INVALID_ARGUMENT);
    const omcp_response* out = nullptr;
    EXPECT_EQ(api->http_get(&call, "/v2/a", nullptr, 0, 0x2, &out), OMCP_E_INVALID_ARGUMENT);
    ASSERT_NE(out, nullptr);
    EXPECT_STREQ(out->error, "http_get was given unknown flag bits.");
    EXPECT_EQ(api->http_get(&call, "/v2/a", nullptr, 1, 0, &out), OMCP_E_INVALID_ARGUMENT);

    omcp_collection_request req;
    std::memset(&req, 0, sizeof req);
    req.struct_size = sizeof req + 8;
    req.collection = "sleep";
    EXPECT_EQ(api->get_collection(&call, &req, &out), OMCP_E_INVALID_ARGUMENT);
    req.struct_size = sizeof req;
    req.flags = 0x4;
    EXPECT_EQ(api->get_collection(&call, &req, &out), OMCP_E_INVALID_ARGUMENT);
    req.flags = 0;
    req.collection = "";
    EXPECT_EQ(api->get_collection(&call, &req, &out), OMCP_E_INVALID_ARGUMENT);
}

TEST_F(HostApiTest, EveryApiErrorMapsToItsStatus)
{
    using E = Oura::ApiError;
    const std::pair<E, omcp_status> map[] = {
        {E::None, OMCP_OK},
        {E::InvalidArgument, OMCP_E_INVALID_ARGUMENT},
        {E::NotFound, OMCP_E_NOT_FOUND},
        {E::AuthRequired, OMCP_E_AUTH_REQUIRED},
        {E::Forbidden, OMCP_E_FORBIDDEN},
        {E::RateLimited, OMCP_E_RATE_LIMITED},
        {E::Upstream, OMCP_E_UPSTREAM},
        {E::Unsupported, OMCP_E_UNSUPPORTED},
        {E::Cancelled, OMCP_E_CANCELLED},
        {E::Internal, OMCP_E_INTERNAL},
    };
    for (const auto& [error, status] : map)
        EXPECT_EQ(HostApi::fromApiError(error), status);

    FakeDataService data;
    auto services = std::make_shared<HostServices>();
    services->data = &data;
    host.services = services;
    omcp_call call;
    call.host = &host;
    for (const auto& [error, status] : map)
    {
        data.answer = Oura::ApiResponse{};
        data.answer.error = error;
        data.answer.httpStatus = 503;
        if (error == E::None)
            data.answer.body = "{}";
        const omcp_response* out = nullptr;
        EXPECT_EQ(api->http_get(&call, "/v2/x", nullptr, 0, 0, &out), status);
        ASSERT_NE(out, nullptr);
        EXPECT_EQ(out->http_status, 503);
        EXPECT_EQ(out->error == nullptr, status == OMCP_OK);
        EXPECT_EQ(out->body != nullptr, status == OMCP_OK);
    }
    EXPECT_STREQ(HostApi::statusName(OMCP_E_RATE_LIMITED), "OMCP_E_RATE_LIMITED");
    EXPECT_STREQ(HostApi::statusName(-99), "unknown status");
}

TEST_F(HostApiTest, LogPrefixesThePluginIdAndNeverFails)
{
    LogCapture log;
    api->log(&host, OMCP_LOG_WARNING, "careful");
    api->log(&host, 99, "clamped");
    api->log(&host, OMCP_LOG_INFO, nullptr);
    api->log(nullptr, OMCP_LOG_INFO, "no host");
    api->log(&host, OMCP_LOG_INFO, "bad \xFF byte");
    const auto lines = log.lines();
    ASSERT_EQ(lines.size(), 5u);
    EXPECT_EQ(lines[0].component, "plugin:unit");
    EXPECT_EQ(lines[0].level, Util::Log::Level::Warning);
    EXPECT_EQ(lines[1].level, Util::Log::Level::Error);
    EXPECT_EQ(lines[2].message, "(null)");
    EXPECT_EQ(lines[3].component, "plugin");
    EXPECT_EQ(lines[4].message, "bad ? byte");
}

// The smallest useful third-party plugin: one tool, written with the SDK's C++ helper only.
#include <oura_mcp/plugin.hpp>

namespace {

void setUp(omcp::Registrar& registrar)
{
    registrar.tool(
        {"consumer_hello", "Hello from an out-of-tree plugin",
         "Answers with a greeting; proves a plugin built against the installed SDK loads.",
         R"({"type":"object","properties":{"name":{"type":"string"}},"additionalProperties":false})", "", "",
         OMCP_TOOL_READ_ONLY,
         [](omcp::Call& call, const std::string& args) { call.text("hello from consumer: " + args); }});
}

} // namespace

OMCP_PLUGIN("consumer", "0.1.0", "Out-of-tree SDK consumer test plugin", OMCP_NO_SCOPES, setUp)

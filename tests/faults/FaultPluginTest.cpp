// Fault matrix, plugin rows (docs/reliability.md): plugins that break the ABI contract inside the real
// binary -- a handler that lets an exception escape, results that are not JSON or do not match the declared
// output schema. Each becomes an isError result naming the plugin; the process and the other tools live on.
#include "FaultHarness.h"

using OuraMcp::Json;
using OuraMcp::Testing::binaryPath;
using OuraMcp::Testing::ServerProcess;
using OuraMcp::Testing::textOf;
using namespace OuraMcp::Testing::Faults;

namespace {

const std::vector<std::string> kMisbehavingArgs = {"--no-bundled-plugins", "--plugin-dir",
                                                   TEST_PLUGINS_ROOT "/misbehaving", "--plugin-dir",
                                                   TEST_PLUGINS_GOOD};

/// The plugin tools declare Oura scopes; a personal token in the environment satisfies the credential check
/// (the fixtures never call the API).
ServerProcess::Env pluginEnv(const TempHome& home)
{
    return {{"HOME", home.path()}, {"OURA_ACCESS_TOKEN", "access-token-for-plugin-faults"}};
}

} // namespace

TEST(FaultPlugin, HandlerThatThrowsBecomesAToolErrorAndTheServerLivesOn)
{
    TempHome home;
    ServerProcess server(binaryPath(), kMisbehavingArgs, pluginEnv(home));
    server.initialize();
    for (int round = 0; round < 3; ++round)
    {
        Json std = callTool(server, "throw_std", Json::object(), 10 + round);
        EXPECT_TRUE(isError(std));
        EXPECT_EQ(
            textOf(std),
            "thrower plugin failed: OMCP_E_INTERNAL (an exception escaped the handler: boom from thrower)");
        Json other = callTool(server, "throw_int", Json::object(), 20 + round);
        EXPECT_TRUE(isError(other));
        EXPECT_EQ(textOf(other), "thrower plugin failed: OMCP_E_INTERNAL (an exception escaped the handler)");
    }
    Json read = server.request("resources/read", {{"uri", "thrower://boom"}}, 30);
    ASSERT_TRUE(read.contains("error")) << read.dump();
    EXPECT_EQ(read["error"]["code"], -32603);
    EXPECT_EQ(read["error"]["message"],
              "thrower plugin failed: OMCP_E_INTERNAL (an exception escaped the handler: resource boom)");

    EXPECT_EQ(textOf(callTool(server, "thrower_ok", Json::object(), 40)), "still alive");
    EXPECT_EQ(textOf(callTool(server, "echo", {{"text", "fine"}}, 41)), "fine");
    Json pong = server.request("ping", Json::object(), 42);
    EXPECT_EQ(pong["result"], Json::object());
    server.closeStdin();
    EXPECT_EQ(server.waitForExit(), 0);
    EXPECT_NE(server.stderrUntilClosed().find("plugin thrower, tool throw_std"), std::string::npos);
}

TEST(FaultPlugin, InvalidJsonFromAPluginBecomesAToolErrorAndTheServerLivesOn)
{
    TempHome home;
    ServerProcess server(binaryPath(), kMisbehavingArgs, pluginEnv(home));
    server.initialize();
    Json syntax = callTool(server, "bad_syntax", Json::object(), 2);
    EXPECT_TRUE(isError(syntax));
    // The caller learns why, not just the status: the host says which service refused what.
    EXPECT_EQ(
        textOf(syntax).rfind("badjson plugin failed: OMCP_E_INVALID_ARGUMENT: result_json refused: the text "
                             "is not valid JSON: ",
                             0),
        0u)
        << textOf(syntax);
    EXPECT_FALSE(syntax.contains("structuredContent"));

    Json shape = callTool(server, "bad_shape", Json::object(), 3);
    EXPECT_TRUE(isError(shape));
    EXPECT_EQ(textOf(shape), "badjson plugin returned a result for bad_shape that does not match the tool's "
                             "output schema: structuredContent.count must be an integer");
    EXPECT_FALSE(shape.contains("structuredContent"));

    Json good = callTool(server, "good_shape", Json::object(), 4);
    EXPECT_FALSE(isError(good));
    EXPECT_EQ(good["structuredContent"], (Json{{"count", 3}}));
    Json pong = server.request("ping", Json::object(), 5);
    EXPECT_EQ(pong["result"], Json::object());
    server.closeStdin();
    EXPECT_EQ(server.waitForExit(), 0);
    EXPECT_NE(server.stderrUntilClosed().find("result_json refused: the text is not valid JSON"),
              std::string::npos);
}

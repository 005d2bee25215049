// The real binary as an MCP client starts it: no configuration, scrubbed environment, stdio only.
#include "ServerProcess.h"

#include <gtest/gtest.h>

#include <Poco/File.h>
#include <Poco/TemporaryFile.h>

#include <csignal>
#include <fstream>

using OuraMcp::Json;
using OuraMcp::Testing::binaryPath;
using OuraMcp::Testing::ServerProcess;
using OuraMcp::Testing::textOf;

namespace {

const std::vector<std::string> kTestPluginArgs = {"--no-bundled-plugins", "--plugin-dir", TEST_PLUGINS_GOOD,
                                                  "--plugin-dir", TEST_PLUGINS_SDK};

bool hasTool(const Json& listResult, const std::string& name)
{
    for (const auto& tool : listResult["tools"])
    {
        if (tool["name"] == name)
            return true;
    }
    return false;
}

} // namespace

TEST(ServerLifecycle, StartsWithAnEmptyEnvironmentAndListsTools)
{
    ServerProcess server(binaryPath(), kTestPluginArgs, {});
    Json init = server.initialize();
    EXPECT_EQ(init["protocolVersion"], "2025-11-25");
    EXPECT_EQ(init["serverInfo"]["name"], "oura-mcp");
    Json tools = server.request("tools/list", Json::object(), 2);
    ASSERT_TRUE(tools.contains("result")) << tools.dump();
    EXPECT_TRUE(hasTool(tools["result"], "echo"));
    EXPECT_TRUE(hasTool(tools["result"], "probe_collection"));
}

TEST(ServerLifecycle, PluginsInitOnTheMainThreadAsTheAbiPromises)
{
    // The engine answers initialize while the plugins load; they still load on the main thread.
    ServerProcess server(binaryPath(), kTestPluginArgs, {});
    server.initialize();
    Json reply =
        server.request("tools/call", {{"name", "probe_init_thread"}, {"arguments", Json::object()}}, 2);
    ASSERT_TRUE(reply.contains("result")) << reply.dump();
    EXPECT_EQ(textOf(reply["result"]), "main");
}

TEST(ServerLifecycle, CallNeedingCredentialsSaysHowToLogIn)
{
    ServerProcess server(binaryPath(), kTestPluginArgs, {});
    server.initialize();
    Json reply = server.request(
        "tools/call", {{"name", "probe_collection"}, {"arguments", {{"collection", "personal_info"}}}}, 3);
    ASSERT_TRUE(reply.contains("result")) << reply.dump();
    EXPECT_EQ(reply["result"]["isError"], true);
    EXPECT_NE(textOf(reply["result"]).find("oura-mcp auth login"), std::string::npos)
        << textOf(reply["result"]);
}

TEST(ServerLifecycle, StdoutCarriesOnlyCompactJsonLinesEvenAfterBadInput)
{
    ServerProcess server(binaryPath(), kTestPluginArgs, {});
    server.initialize();
    server.send("this is not json");
    Json parseError = server.nextMessage();
    EXPECT_EQ(parseError["error"]["code"], -32700);
    EXPECT_TRUE(parseError["id"].is_null());
    Json pong = server.request("ping", Json::object(), "after-garbage");
    EXPECT_EQ(pong["result"], Json::object());
    server.closeStdin();
    ASSERT_EQ(server.waitForExit(), 0);
    for (const auto& line : server.allStdoutLines())
    {
        Json parsed = Json::parse(line, nullptr, false);
        ASSERT_FALSE(parsed.is_discarded()) << line;
        EXPECT_EQ(parsed.dump(), line);
        EXPECT_EQ(parsed["jsonrpc"], "2.0");
    }
}

TEST(ServerLifecycle, ExitsCleanlyOnEndOfInput)
{
    ServerProcess server(binaryPath(), kTestPluginArgs, {});
    server.initialize();
    server.closeStdin();
    EXPECT_EQ(server.waitForExit(std::chrono::seconds(5)), 0);
}

TEST(ServerLifecycle, ExitsOnSigtermAndSigint)
{
    for (int sig : {SIGTERM, SIGINT})
    {
        ServerProcess server(binaryPath(), kTestPluginArgs, {});
        server.initialize();
        server.signal(sig);
        EXPECT_EQ(server.waitForExit(std::chrono::seconds(5)), 0) << "signal " << sig;
    }
}

TEST(ServerLifecycle, ExitsOnSigtermWhileAToolIsRunning)
{
    ServerProcess server(binaryPath(), kTestPluginArgs, {});
    server.initialize();
    server.sendJson({{"jsonrpc", "2.0"},
                     {"id", 9},
                     {"method", "tools/call"},
                     {"params", {{"name", "slow_echo"}, {"arguments", {{"text", "x"}, {"ms", 60000}}}}}});
    Json pong = server.request("ping", Json::object(), 10); // the slow tool does not block ping
    EXPECT_EQ(pong["result"], Json::object());
    server.signal(SIGTERM);
    EXPECT_EQ(server.waitForExit(std::chrono::seconds(5)), 0);
}

TEST(ServerLifecycle, GarbagePluginBesideGoodOnesIsNamedAndSkipped)
{
    Poco::TemporaryFile dir;
    dir.createDirectories();
    Poco::File(TEST_PLUGINS_GOOD).copyTo(dir.path());
    const std::string folder = dir.path() + "/good";
    std::ofstream(folder + "/garbage.so") << "this is not a shared library\n";

    ServerProcess server(binaryPath(), {"--no-bundled-plugins", "--plugin-dir", folder}, {});
    server.initialize();
    Json tools = server.request("tools/list", Json::object(), 2);
    EXPECT_TRUE(hasTool(tools["result"], "echo"));
    server.closeStdin();
    ASSERT_EQ(server.waitForExit(), 0);
    std::string err = server.stderrUntilClosed();
    EXPECT_NE(err.find("garbage.so"), std::string::npos) << err;
}

TEST(ServerLifecycle, PluginsCommandReportsLoadedAndRefused)
{
    Poco::TemporaryFile dir;
    dir.createDirectories();
    Poco::File(TEST_PLUGINS_GOOD).copyTo(dir.path());
    const std::string folder = dir.path() + "/good";
    std::ofstream(folder + "/garbage.so") << "not a plugin\n";

    ServerProcess cli(binaryPath(), {"plugins", "--no-bundled-plugins", "--plugin-dir", folder}, {});
    cli.closeStdin();
    ASSERT_EQ(cli.waitForExit(), 0);
    std::string out;
    while (auto line = cli.nextLine(std::chrono::seconds(5)))
        out += *line + "\n";
    EXPECT_NE(out.find("echo"), std::string::npos) << out;
    EXPECT_NE(out.find("garbage.so"), std::string::npos) << out;
}

TEST(ServerLifecycle, UnknownArgumentFailsWithUsageHint)
{
    ServerProcess cli(binaryPath(), {"--frobnicate"}, {});
    cli.closeStdin();
    EXPECT_EQ(cli.waitForExit(), 2);
    EXPECT_NE(cli.stderrUntilClosed().find("--frobnicate"), std::string::npos);
}

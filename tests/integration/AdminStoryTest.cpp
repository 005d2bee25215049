// The admin story, on a copy of the installed tree: remove the heart-rate plugin and drop a garbage file
// beside the others. The server still starts, names the garbage file, loses exactly the heart-rate tools,
// composes its summaries without a heart-rate section (and says so), and no longer asks for the heartrate
// OAuth scope at login.
#include "ServerProcess.h"

#include <gtest/gtest.h>

#include <Poco/File.h>
#include <Poco/Path.h>
#include <Poco/TemporaryFile.h>
#include <Poco/URI.h>

#include <fstream>

using OuraMcp::Json;
using OuraMcp::Testing::binaryPath;
using OuraMcp::Testing::ServerProcess;

namespace {

/// Copies <stage>/bin/oura-mcp and <stage>/lib/oura-mcp/plugins into dir; returns the copied binary.
std::string copyInstalledTree(const std::string& dir)
{
    Poco::Path bin(binaryPath());
    Poco::Path stage = Poco::Path(bin.parent()).popDirectory();
    Poco::File(dir + "/bin").createDirectories();
    Poco::File(dir + "/lib/oura-mcp").createDirectories();
    Poco::File(bin).copyTo(dir + "/bin/oura-mcp");
    Poco::File(stage.toString() + "lib/oura-mcp/plugins").copyTo(dir + "/lib/oura-mcp");
    return dir + "/bin/oura-mcp";
}

std::set<std::string> toolNames(ServerProcess& server)
{
    std::set<std::string> names;
    Json reply = server.request("tools/list", Json::object(), "tools");
    for (const auto& tool : reply["result"]["tools"])
        names.insert(tool["name"].get<std::string>());
    return names;
}

} // namespace

TEST(AdminStory, RemovingThePluginRemovesItsToolsSectionAndScope)
{
    Poco::TemporaryFile tree;
    tree.createDirectories();
    const std::string binary = copyInstalledTree(tree.path());
    const std::string plugins = tree.path() + "/lib/oura-mcp/plugins";

    {
        ServerProcess full(binary, {"--demo"}, {});
        full.initialize();
        auto all = toolNames(full);
        ASSERT_TRUE(all.count("get_heartrate")) << "the copied tree starts complete";
        ASSERT_EQ(all.size(), 18u);
    }

    Poco::File(plugins + "/heartrate.so").remove();
    std::ofstream(plugins + "/garbage.so") << "definitely not an ELF file\n";

    ServerProcess server(binary, {"--demo"}, {});
    server.initialize();
    auto names = toolNames(server);
    EXPECT_FALSE(names.count("get_heartrate"));
    EXPECT_FALSE(names.count("get_vo2_max"));
    EXPECT_FALSE(names.count("get_cardiovascular_age"));
    EXPECT_TRUE(names.count("get_daily_sleep"));
    EXPECT_EQ(names.size(), 15u);

    Json read = server.request("resources/read", {{"uri", "oura://summary/yesterday"}}, "summary");
    ASSERT_TRUE(read.contains("result")) << read.dump();
    Json summary = Json::parse(read["result"]["contents"][0]["text"].get<std::string>());
    EXPECT_TRUE(summary["sections"].contains("sleep"));
    EXPECT_FALSE(summary["sections"].contains("heartrate"));
    bool saysHeartRateIsMissing = false;
    for (const auto& m : summary["missing"])
        saysHeartRateIsMissing |= m["plugin"] == "heartrate";
    EXPECT_TRUE(saysHeartRateIsMissing) << summary["missing"].dump();

    server.closeStdin();
    ASSERT_EQ(server.waitForExit(), 0);
    const std::string err = server.stderrUntilClosed();
    EXPECT_NE(err.find("garbage.so"), std::string::npos) << err;

    // Login asks only for the scopes of the plugins still installed.
    Poco::TemporaryFile home;
    home.createDirectories();
    ServerProcess login(binary, {"auth", "login", "--no-browser", "--timeout", "1"},
                        {{"HOME", home.path()},
                         {"OURA_CLIENT_ID", "admin-test-client"},
                         {"OURA_CLIENT_SECRET", "admin-test-secret"}});
    login.closeStdin();
    login.waitForExit(std::chrono::seconds(20));
    std::string url;
    while (auto line = login.nextLine(std::chrono::seconds(5)))
    {
        auto pos = line->find("https://");
        if (pos != std::string::npos && line->find("response_type=code") != std::string::npos)
            url = line->substr(pos);
    }
    ASSERT_FALSE(url.empty()) << login.stderrUntilClosed();
    std::string scope;
    for (const auto& [key, value] : Poco::URI(url).getQueryParameters())
    {
        if (key == "scope")
            scope = value;
    }
    EXPECT_NE(scope.find("daily"), std::string::npos) << scope;
    EXPECT_EQ(scope.find("heartrate"), std::string::npos) << scope;
    EXPECT_EQ(scope.find("heart_health"), std::string::npos) << scope;
}

TEST(DemoMode, AnswersFromTheSyntheticDatasetAndSaysSo)
{
    ServerProcess server(binaryPath(), {"--demo"}, {{"OURA_MCP_NOW", "2026-11-20T12:00:00Z"}});
    server.initialize();
    Json reply = server.request(
        "tools/call", {{"name", "get_daily_sleep"}, {"arguments", {{"start_date", "last week"}}}}, 2);
    const Json& sc = reply["result"]["structuredContent"];
    EXPECT_EQ(sc["range"]["start"], "2026-11-14");
    EXPECT_EQ(sc["range"]["end"], "2026-11-20");
    EXPECT_EQ(sc["count"], 7);
    EXPECT_NE(sc.value("note", "").find("Demo"), std::string::npos) << sc.dump();
}

TEST(DemoMode, PromptArgumentsThePluginRejectsAreInvalidParams)
{
    ServerProcess server(binaryPath(), {"--demo"}, {{"OURA_MCP_NOW", "2026-11-20T12:00:00Z"}});
    server.initialize();
    Json bad = server.request("prompts/get",
                              {{"name", "sleep_analysis"}, {"arguments", {{"period", "next blue moon"}}}}, 2);
    ASSERT_TRUE(bad.contains("error")) << bad.dump();
    EXPECT_EQ(bad["error"]["code"], -32602);
    EXPECT_NE(bad["error"]["message"].get<std::string>().find("period"), std::string::npos) << bad.dump();
    Json good = server.request("prompts/get",
                               {{"name", "sleep_analysis"}, {"arguments", {{"period", "last week"}}}}, 3);
    ASSERT_TRUE(good.contains("result")) << good.dump();
    EXPECT_FALSE(good["result"]["messages"].empty());
}

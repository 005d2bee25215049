// oura-mcp.exe under Wine, over stdio, as Claude Desktop on Windows runs it: a demo session, a session against
// the fake Oura API on loopback, a start with no configuration at all, the end of input, and doctor's time zone
// taken from Windows' own zone setting. Where Linux and Windows must agree, the Windows answer is compared with
// the Linux binary's answer to the same request (same plugins, same fixed clock, same data).
#include "CliRun.h"
#include "FakeOuraServer.h"
#include "ServerProcess.h"

#include <gtest/gtest.h>

#include <Poco/TemporaryFile.h>

#include <cstdlib>

using OuraMcp::Json;
using OuraMcp::Testing::binaryPath;
using OuraMcp::Testing::CliRun;
using OuraMcp::Testing::FakeOuraServer;
using OuraMcp::Testing::ServerProcess;
using OuraMcp::Testing::textOf;

namespace {

/// What Wine itself needs from the environment; everything else a test passes is what oura-mcp.exe sees.
ServerProcess::Env wineEnv(ServerProcess::Env env)
{
    const char* home = std::getenv("HOME");
    env.emplace("HOME", home ? home : "/root");
    env.emplace("PATH", "/usr/bin:/bin");
    if (const char* prefix = std::getenv("WINEPREFIX"))
        env.emplace("WINEPREFIX", prefix);
    return env;
}

std::unique_ptr<ServerProcess> startWindows(const std::vector<std::string>& args,
                                            const ServerProcess::Env& env)
{
    std::vector<std::string> command{OURA_MCP_WINDOWS_EXE};
    command.insert(command.end(), args.begin(), args.end());
    return std::make_unique<ServerProcess>(OURA_MCP_WINE_RUN, command, wineEnv(env));
}

CliRun runWindowsCli(const std::vector<std::string>& args, const ServerProcess::Env& env)
{
    auto process = startWindows(args, env);
    process->closeStdin();
    CliRun run;
    while (auto line = process->nextLine(std::chrono::seconds(60)))
        run.out += *line + "\n";
    run.err = process->stderrUntilClosed(std::chrono::seconds(60));
    run.rc = process->waitForExit(std::chrono::seconds(60)).value_or(-1);
    return run;
}

/// A Windows and a Linux server started with the same arguments and settings.
struct Pair
{
    std::unique_ptr<ServerProcess> windows;
    std::unique_ptr<ServerProcess> linux;

    Pair(const std::vector<std::string>& args, const ServerProcess::Env& env)
        : windows(startWindows(args, env)), linux(std::make_unique<ServerProcess>(binaryPath(), args, env))
    {}

    /// The request's result from both, which must be equal; returns the Windows one.
    Json same(const std::string& method, const Json& params, int id)
    {
        const Json w = windows->request(method, params, id);
        const Json l = linux->request(method, params, id);
        EXPECT_TRUE(w.contains("result")) << w.dump();
        EXPECT_EQ(w.value("result", Json()), l.value("result", Json())) << method << " " << params.dump();
        return w.value("result", Json());
    }
};

const ServerProcess::Env kFixedDay{{"OURA_MCP_NOW", "2026-11-20T12:00:00Z"},
                                   {"OURA_MCP_TIME_ZONE", "Europe/Berlin"}};

} // namespace

TEST(WineStdio, DemoSessionAnswersLikeLinux)
{
    Pair servers({"--demo"}, kFixedDay);
    const Json init = servers.windows->initialize();
    servers.linux->initialize();
    EXPECT_EQ(init.value("serverInfo", Json()).value("name", ""), "oura-mcp");

    const Json tools = servers.same("tools/list", Json::object(), 2);
    ASSERT_TRUE(tools.contains("tools"));
    std::set<std::string> names;
    for (const auto& tool : tools["tools"])
        names.insert(tool.value("name", ""));
    // One tool of each bundled plugin DLL at least.
    for (const char* name : {"get_daily_sleep", "get_daily_activity", "get_heartrate", "get_daily_readiness",
                             "get_personal_info"})
        EXPECT_TRUE(names.count(name)) << name << " missing: a plugin DLL did not load";

    const Json sleep = servers.same(
        "tools/call", {{"name", "get_daily_sleep"}, {"arguments", {{"start_date", "last week"}}}}, 3);
    EXPECT_FALSE(sleep.value("isError", false)) << sleep.dump();
    EXPECT_NE(textOf(sleep).find("2026-11-19"), std::string::npos) << textOf(sleep);

    servers.same("resources/list", Json::object(), 4);
    servers.same("prompts/list", Json::object(), 5);
}

TEST(WineStdio, AgainstTheFakeOuraApiAnswersLikeLinux)
{
    FakeOuraServer::Options o;
    o.today = "2026-11-20";
    FakeOuraServer fake(o);
    fake.addAccessToken("access-token-wine");
    ServerProcess::Env env = kFixedDay;
    env["OURA_API_BASE_URL"] = fake.baseUrl();
    env["OURA_ACCESS_TOKEN"] = "access-token-wine";
    Poco::TemporaryFile state;
    state.createDirectories();
    env["OURA_MCP_STATE_DIR"] = state.path();

    Pair servers({}, env);
    servers.windows->initialize();
    servers.linux->initialize();
    int id = 2;
    for (const char* tool :
         {"get_daily_sleep", "get_daily_activity", "get_daily_readiness", "get_sleep_periods"})
    {
        const Json result = servers.same(
            "tools/call",
            {{"name", tool}, {"arguments", {{"start_date", "2026-11-10"}, {"end_date", "2026-11-12"}}}},
            id++);
        EXPECT_FALSE(result.value("isError", false)) << tool << ": " << result.dump();
    }
    const Json info =
        servers.same("tools/call", {{"name", "get_personal_info"}, {"arguments", Json::object()}}, id++);
    EXPECT_FALSE(info.value("isError", false)) << info.dump();
    EXPECT_NE(servers.windows->stderrText().find("oura-mcp"), std::string::npos);
    EXPECT_EQ(servers.windows->stderrText().find("access-token-wine"), std::string::npos);
}

TEST(WineStdio, StartsWithNoConfigurationAndSaysHowToLogIn)
{
    Poco::TemporaryFile state;
    state.createDirectories();
    auto server = startWindows({}, {{"OURA_MCP_STATE_DIR", state.path()}});
    server->initialize();
    const Json tools = server->request("tools/list", Json::object(), 2);
    ASSERT_TRUE(tools.contains("result")) << tools.dump();
    EXPECT_GE(tools["result"]["tools"].size(), 5u);
    const Json call =
        server->request("tools/call", {{"name", "get_daily_sleep"}, {"arguments", Json::object()}}, 3);
    ASSERT_TRUE(call.contains("result")) << call.dump();
    EXPECT_TRUE(call["result"].value("isError", false));
    EXPECT_NE(textOf(call["result"]).find("auth login"), std::string::npos) << textOf(call["result"]);
}

TEST(WineStdio, EndOfInputEndsTheServerCleanly)
{
    auto server = startWindows({"--demo"}, kFixedDay);
    server->initialize();
    server->closeStdin();
    EXPECT_EQ(server->waitForExit(std::chrono::seconds(60)), std::optional<int>(0));
    for (const auto& line : server->allStdoutLines())
        EXPECT_TRUE(Json::accept(line)) << line; // stdout carries only MCP messages
}

TEST(WineStdio, DoctorTakesTheTimeZoneFromWindows)
{
    // Wine turns the Unix TZ into the Windows zone ("Tokyo Standard Time"); oura-mcp.exe must map that back to
    // the IANA name through CLDR's table, so the answer can only be right if the Windows path works (TZ itself is
    // not a setting on Windows: the setting line says "not set").
    struct Case
    {
        std::string unixZone;
        std::string windowsZone;
        std::string iana;
    };
    for (const Case& c : {Case{"Asia/Tokyo", "Tokyo Standard Time", "Asia/Tokyo"},
                          Case{"America/New_York", "Eastern Standard Time", "America/New_York"}})
    {
        const CliRun run = runWindowsCli({"doctor", "--demo"}, {{"TZ", c.unixZone}});
        EXPECT_NE(run.out.find("time zone: " + c.iana + " (the system default: the Windows time zone \"" +
                               c.windowsZone + "\")"),
                  std::string::npos)
            << c.unixZone << ":\n"
            << run.out << run.err;
        EXPECT_NE(run.out.find("OURA_MCP_TIME_ZONE = not set"), std::string::npos) << run.out;
    }
}

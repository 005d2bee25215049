// The command-line interface for people (tools, call, resources) run as the real binary: against the fake
// Oura API over loopback and in demo mode with an empty environment. Where it matters the answer is
// compared with what the MCP server itself gives for the same request, since both must take the same path.
#include "CliRun.h"
#include "FakeOuraServer.h"
#include "ServerProcess.h"

#include <gtest/gtest.h>

#include <Poco/TemporaryFile.h>

using OuraMcp::Json;
using OuraMcp::Testing::binaryPath;
using OuraMcp::Testing::CliRun;
using OuraMcp::Testing::FakeOuraServer;
using OuraMcp::Testing::runCli;
using OuraMcp::Testing::ServerProcess;
using OuraMcp::Testing::textOf;

namespace {

const char* kToday = "2026-11-20";
const char* kToken = "cli-test-access-token-1234";

class CliAgainstFakeApi : public ::testing::Test
{
protected:
    CliAgainstFakeApi() : fake(options())
    {
        home.createDirectories();
        fake.addAccessToken(kToken);
        env = {{"HOME", home.path()},
               {"OURA_API_BASE_URL", fake.baseUrl()},
               {"OURA_MCP_NOW", "2026-11-20T12:00:00Z"},
               {"OURA_MCP_TIME_ZONE", "Europe/Berlin"},
               {"OURA_ACCESS_TOKEN", kToken}};
    }

    static FakeOuraServer::Options options()
    {
        FakeOuraServer::Options o;
        o.today = kToday;
        return o;
    }

    /// What the MCP server answers to one request, with the same environment and options.
    Json viaMcp(const std::string& method, const Json& params, const std::vector<std::string>& args = {})
    {
        ServerProcess server(binaryPath(), args, env);
        server.initialize();
        Json reply = server.request(method, params, 7);
        server.closeStdin();
        EXPECT_EQ(server.waitForExit(), 0);
        return reply;
    }

    void expectNoToken(const CliRun& run) const
    {
        EXPECT_EQ(run.out.find(kToken), std::string::npos);
        EXPECT_EQ(run.err.find(kToken), std::string::npos);
    }

    Poco::TemporaryFile home;
    FakeOuraServer fake;
    ServerProcess::Env env;
};

} // namespace

TEST_F(CliAgainstFakeApi, ToolsListsTheEighteenToolsByNameWithTheirFirstSentence)
{
    CliRun run = runCli({"tools"}, env);
    ASSERT_EQ(run.rc, 0) << run.err;
    const auto lines = run.lines();
    ASSERT_EQ(lines.size(), 18u) << run.out;
    for (const auto& line : lines)
    {
        EXPECT_EQ(line.rfind("  get_", 0), 0u) << line;
        EXPECT_EQ(line.back(), '.') << "the first sentence of the description: " << line;
    }
    EXPECT_NE(run.out.find("  get_ring_battery_level "), std::string::npos);
    EXPECT_NE(run.out.find("  get_daily_sleep "), std::string::npos);

    CliRun json = runCli({"tools", "--json"}, env);
    ASSERT_EQ(json.rc, 0) << json.err;
    Json parsed = Json::parse(json.out);
    ASSERT_EQ(parsed["tools"].size(), 18u);
    Json mcp = viaMcp("tools/list", Json::object());
    EXPECT_EQ(parsed["tools"], mcp["result"]["tools"]) << "tools --json must be the tools/list result";
    expectNoToken(run);
}

TEST_F(CliAgainstFakeApi, CallPrintsYesterdaysSleepFromTheApiAsTheServerWould)
{
    CliRun run = runCli({"call", "get_daily_sleep", "start_date=yesterday"}, env);
    ASSERT_EQ(run.rc, 0) << run.err;
    Json printed = Json::parse(run.out); // the text content: the compact JSON copy, indented
    EXPECT_EQ(printed["range"]["start"], "2026-11-19");
    EXPECT_EQ(printed["range"]["end"], "2026-11-19");
    ASSERT_EQ(printed["days"].size(), 1u) << run.out;
    EXPECT_EQ(printed["days"][0]["day"], "2026-11-19");
    EXPECT_TRUE(printed["days"][0]["score"].is_number());
    EXPECT_GE(fake.requestCount("/v2/usercollection/daily_sleep"), 1);

    Json mcp =
        viaMcp("tools/call", {{"name", "get_daily_sleep"}, {"arguments", {{"start_date", "yesterday"}}}});
    EXPECT_EQ(printed, Json::parse(textOf(mcp["result"])));

    CliRun json = runCli({"call", "get_daily_sleep", "start_date=yesterday", "--json"}, env);
    ASSERT_EQ(json.rc, 0) << json.err;
    Json result = Json::parse(json.out);
    EXPECT_EQ(result, mcp["result"]) << "call --json must print the whole CallToolResult";
    EXPECT_TRUE(result.contains("structuredContent"));
    expectNoToken(run);
    expectNoToken(json);
}

TEST_F(CliAgainstFakeApi, ValuesThatAreJsonArriveAsJson)
{
    // include is an array parameter; the JSON array and the comma list must both reach the tool as arrays.
    CliRun json =
        runCli({"call", "get_ring_battery_level", "start_date=yesterday", "include=[\"readings\"]"}, env);
    ASSERT_EQ(json.rc, 0) << json.err;
    CliRun list = runCli({"call", "get_ring_battery_level", "start_date=yesterday", "include=readings"}, env);
    ASSERT_EQ(list.rc, 0) << list.err;
    CliRun without = runCli({"call", "get_ring_battery_level", "start_date=yesterday"}, env);
    ASSERT_EQ(without.rc, 0) << without.err;
    EXPECT_EQ(json.out, list.out);
    EXPECT_NE(json.out, without.out) << "include=[\"readings\"] must change the answer";
    EXPECT_NE(json.out.find("readings"), std::string::npos);
}

TEST_F(CliAgainstFakeApi, AToolErrorExitsOneWithItsMessageOnStderr)
{
    fake.setMembershipExpired(true); // every data route answers 403
    CliRun run = runCli({"call", "get_daily_sleep", "start_date=yesterday"}, env);
    EXPECT_EQ(run.rc, 1);
    EXPECT_EQ(run.out, "");
    EXPECT_NE(run.err.find("HTTP 403"), std::string::npos) << run.err;
    EXPECT_NE(run.err.find("oura-mcp auth login"), std::string::npos) << run.err;

    CliRun json = runCli({"call", "get_daily_sleep", "start_date=yesterday", "--json"}, env);
    EXPECT_EQ(json.rc, 1);
    EXPECT_EQ(Json::parse(json.out).value("isError", false), true);
    expectNoToken(run);
}

TEST_F(CliAgainstFakeApi, UnknownToolAndMalformedArgumentsAreUsageErrors)
{
    CliRun unknown = runCli({"call", "get_daily_sleeep", "start_date=yesterday"}, env);
    EXPECT_EQ(unknown.rc, 2);
    EXPECT_EQ(unknown.out, "");
    EXPECT_NE(unknown.err.find("Unknown tool: get_daily_sleeep"), std::string::npos) << unknown.err;

    CliRun noEquals = runCli({"call", "get_daily_sleep", "start_date"}, env);
    EXPECT_EQ(noEquals.rc, 2);
    EXPECT_NE(noEquals.err.find("tool argument 'start_date' is not key=value"), std::string::npos)
        << noEquals.err;

    CliRun badJson = runCli({"call", "get_daily_sleep", "fields:=[oops"}, env);
    EXPECT_EQ(badJson.rc, 2);
    EXPECT_NE(badJson.err.find("'fields:=' needs a JSON value"), std::string::npos) << badJson.err;

    CliRun noTool = runCli({"call"}, env);
    EXPECT_EQ(noTool.rc, 2);
    EXPECT_NE(noTool.err.find("call needs a tool name"), std::string::npos) << noTool.err;
    EXPECT_EQ(fake.requestCountWithPrefix("/v2/"), 0) << "no usage error may reach the API";
}

TEST_F(CliAgainstFakeApi, InvalidArgumentsFailValidationWithTheMessageMcpGives)
{
    Json mcp = viaMcp("tools/call", {{"name", "get_daily_sleep"}, {"arguments", {{"start_date", 7}}}});
    ASSERT_EQ(mcp["result"].value("isError", false), true) << mcp.dump();
    const std::string expected = textOf(mcp["result"]);
    ASSERT_NE(expected.find("Invalid arguments for get_daily_sleep"), std::string::npos) << expected;

    CliRun run = runCli({"call", "get_daily_sleep", "start_date:=7"}, env);
    EXPECT_EQ(run.rc, 1);
    EXPECT_EQ(run.out, "");
    EXPECT_EQ(run.err, expected + "\n");
    EXPECT_EQ(fake.requestCountWithPrefix("/v2/"), 0);
}

TEST_F(CliAgainstFakeApi, ResourcesListAndReadYesterdaysSummary)
{
    CliRun list = runCli({"resources"}, env);
    ASSERT_EQ(list.rc, 0) << list.err;
    EXPECT_NE(list.out.find("oura://summary/yesterday"), std::string::npos) << list.out;
    EXPECT_NE(list.out.find("oura://summary/{date}"), std::string::npos) << list.out;

    CliRun read = runCli({"resources", "read", "oura://summary/yesterday"}, env);
    ASSERT_EQ(read.rc, 0) << read.err;
    Json summary = Json::parse(read.out);
    Json mcp = viaMcp("resources/read", {{"uri", "oura://summary/yesterday"}});
    EXPECT_EQ(summary, Json::parse(mcp["result"]["contents"][0]["text"].get<std::string>()));
    ASSERT_TRUE(summary["sections"].contains("sleep")) << read.out;
    EXPECT_NE(read.out.find("2026-11-19"), std::string::npos);

    CliRun missing = runCli({"resources", "read", "oura://nothing/here"}, env);
    EXPECT_EQ(missing.rc, 2);
    EXPECT_NE(missing.err.find("Resource not found: oura://nothing/here"), std::string::npos) << missing.err;
    expectNoToken(read);
}

TEST(CliDemo, WorksWithAnEmptyEnvironment)
{
    CliRun tools = runCli({"--demo", "tools"}, {});
    ASSERT_EQ(tools.rc, 0) << tools.err;
    EXPECT_EQ(tools.lines().size(), 18u);

    CliRun call = runCli({"call", "get_daily_sleep", "start_date=yesterday", "--demo"}, {});
    ASSERT_EQ(call.rc, 0) << call.err;
    Json printed = Json::parse(call.out);
    EXPECT_EQ(printed["days"].size(), 1u);
    EXPECT_NE(printed.value("note", std::string()).find("Demo data"), std::string::npos);

    CliRun read = runCli({"--demo", "resources", "read", "oura://summary/today"}, {});
    EXPECT_EQ(read.rc, 0) << read.err;
    EXPECT_EQ(read.err, "") << "start-up info lines stay quiet for the terminal commands";
}

TEST(CliUsage, HelpListsEveryCommandAndVersionPrintsIt)
{
    CliRun help = runCli({"--help"}, {});
    ASSERT_EQ(help.rc, 0);
    for (const char* word :
         {"oura-mcp tools", "oura-mcp call TOOL", "oura-mcp resources read URI", "oura-mcp doctor",
          "oura-mcp plugins", "oura-mcp auth login", "--json", "key:=JSON", "Examples:"})
        EXPECT_NE(help.out.find(word), std::string::npos) << word;
    CliRun version = runCli({"--version"}, {});
    EXPECT_EQ(version.rc, 0);
    EXPECT_EQ(version.out.rfind("oura-mcp ", 0), 0u);
    CliRun wrong = runCli({"doctor", "extra"}, {});
    EXPECT_EQ(wrong.rc, 2);
    EXPECT_NE(wrong.err.find("unknown argument 'extra'"), std::string::npos) << wrong.err;
    CliRun tool = runCli({"--demo", "tools", "get_daily_sleep"}, {});
    EXPECT_EQ(tool.rc, 0) << tool.err;
    EXPECT_NE(tool.out.find("  start_date (string)\n"), std::string::npos) << tool.out;
    // The example passes the schema's defaults; start_date's common default is in the server instructions.
    EXPECT_NE(tool.out.find("Example: oura-mcp call get_daily_sleep\n"), std::string::npos) << tool.out;
    CliRun heart = runCli({"--demo", "tools", "get_heartrate"}, {});
    EXPECT_NE(heart.out.find("  resolution (one of [\"raw\",\"5min\",\"hour\",\"day\"])\n"),
              std::string::npos)
        << heart.out;
    EXPECT_NE(heart.out.find("Example: oura-mcp call get_heartrate start_datetime=today\n"),
              std::string::npos)
        << heart.out;
}

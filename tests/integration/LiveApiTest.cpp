// The real binary against the fake Oura API over loopback HTTP: credentials from the environment, token
// refresh with a rotating refresh token persisted to the token file, upstream faults, and no secret in any
// output. The fake and the binary share a frozen "today" so phrases like "yesterday" are reproducible.
#include "FakeOuraServer.h"
#include "ServerProcess.h"

#include <gtest/gtest.h>

#include <Poco/File.h>
#include <Poco/TemporaryFile.h>

#include <fstream>
#include <sstream>
#include <sys/stat.h>

using OuraMcp::Json;
using OuraMcp::Testing::binaryPath;
using OuraMcp::Testing::FakeOuraServer;
using OuraMcp::Testing::ScriptedResponse;
using OuraMcp::Testing::ServerProcess;
using OuraMcp::Testing::textOf;

namespace {

const char* kToday = "2026-11-20";
const char* kNow = "2026-11-20T12:00:00Z";

FakeOuraServer::Options fakeOptions()
{
    FakeOuraServer::Options o;
    o.today = kToday;
    return o;
}

ServerProcess::Env baseEnv(const FakeOuraServer& fake, const std::string& home)
{
    return {{"HOME", home},
            {"OURA_API_BASE_URL", fake.baseUrl()},
            {"OURA_MCP_NOW", kNow},
            {"OURA_MCP_TIME_ZONE", "Europe/Berlin"}};
}

/// An OAuth setup from the environment: a stale access token, a refresh token, the app's credentials and a
/// token file for the rotated tokens.
ServerProcess::Env oauthEnv(const FakeOuraServer& fake, const std::string& home,
                            const std::string& refreshToken, const std::string& tokenFile)
{
    auto env = baseEnv(fake, home);
    env["OURA_ACCESS_TOKEN"] = "stale-access-token-value";
    env["OURA_REFRESH_TOKEN"] = refreshToken;
    env["OURA_CLIENT_ID"] = "test-client-id";
    env["OURA_CLIENT_SECRET"] = "test-client-secret";
    env["OURA_TOKEN_FILE"] = tokenFile;
    return env;
}

Json callTool(ServerProcess& server, const std::string& name, const Json& args, int id)
{
    Json reply = server.request("tools/call", {{"name", name}, {"arguments", args}}, id);
    EXPECT_TRUE(reply.contains("result")) << reply.dump();
    return reply.value("result", Json::object());
}

std::string readFile(const std::string& path)
{
    std::ifstream in(path);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

void expectNoSecret(ServerProcess& server, const std::vector<std::string>& secrets)
{
    std::string everything = server.stderrUntilClosed();
    for (const auto& line : server.allStdoutLines())
        everything += line + "\n";
    for (const auto& secret : secrets)
        EXPECT_EQ(everything.find(secret), std::string::npos) << "secret leaked: " << secret;
}

} // namespace

TEST(LiveApi, YesterdaysSleepComesFromTheApiForExactlyThatDay)
{
    FakeOuraServer fake(fakeOptions());
    fake.addAccessToken("access-token-for-live-test");
    Poco::TemporaryFile home;
    home.createDirectories();
    auto env = baseEnv(fake, home.path());
    env["OURA_ACCESS_TOKEN"] = "access-token-for-live-test";

    ServerProcess server(binaryPath(), {}, env);
    server.initialize();
    for (const std::string tool :
         {"get_daily_sleep", "get_daily_activity", "get_sleep_periods", "get_workouts"})
    {
        Json result = callTool(server, tool, {{"start_date", "yesterday"}}, 2);
        ASSERT_NE(result.value("isError", false), true) << tool << ": " << textOf(result);
        const Json& sc = result["structuredContent"];
        EXPECT_EQ(sc["range"]["start"], "2026-11-19") << tool;
        EXPECT_EQ(sc["range"]["end"], "2026-11-19") << tool;
        for (const auto& [key, value] : sc.items())
        {
            if (!value.is_array() || key == "omitted")
                continue;
            for (const auto& item : value)
            {
                if (item.contains("day"))
                {
                    EXPECT_EQ(item["day"], "2026-11-19") << tool;
                }
            }
        }
    }
    Json single = callTool(server, "get_daily_activity", {{"start_date", "2026-11-18"}}, 3);
    EXPECT_EQ(single["structuredContent"]["count"], 1) << textOf(single);
    server.closeStdin();
    EXPECT_EQ(server.waitForExit(), 0);
    expectNoSecret(server, {"access-token-for-live-test"});
    for (const auto& request : fake.requests())
    {
        if (request.path.rfind("/v2/", 0) == 0)
        {
            EXPECT_EQ(request.authorization, "Bearer access-token-for-live-test");
        }
    }
}

TEST(LiveApi, ExpiredTokenIsRefreshedOnceAndTheRotatedTokenIsSavedPrivately)
{
    FakeOuraServer fake(fakeOptions());
    fake.addRefreshToken("refresh-token-one-time-use");
    Poco::TemporaryFile home;
    home.createDirectories();
    const std::string tokenFile = home.path() + "/state/tokens.json";
    auto env = oauthEnv(fake, home.path(), "refresh-token-one-time-use", tokenFile);

    ServerProcess server(binaryPath(), {}, env);
    server.initialize();
    // Several calls at once: they all meet the 401 and must share one refresh.
    for (int id = 10; id < 15; ++id)
        server.sendJson(
            {{"jsonrpc", "2.0"},
             {"id", id},
             {"method", "tools/call"},
             {"params", {{"name", "get_daily_readiness"}, {"arguments", {{"start_date", "last week"}}}}}});
    for (int i = 0; i < 5; ++i)
    {
        Json reply = server.nextMessage();
        ASSERT_TRUE(reply.contains("result")) << reply.dump();
        EXPECT_NE(reply["result"].value("isError", false), true) << textOf(reply["result"]);
        EXPECT_EQ(reply["result"]["structuredContent"]["count"], 7);
    }
    EXPECT_EQ(fake.refreshCount(), 1);

    struct stat st
    {};
    ASSERT_EQ(::stat(tokenFile.c_str(), &st), 0) << "token file written";
    EXPECT_EQ(st.st_mode & 0777, 0600u);
    Json saved = Json::parse(readFile(tokenFile));
    EXPECT_EQ(saved["refresh_token"], fake.lastRefreshToken());
    EXPECT_NE(saved["refresh_token"], "refresh-token-one-time-use");

    server.closeStdin();
    EXPECT_EQ(server.waitForExit(), 0);
    expectNoSecret(server, {"stale-access-token-value", "refresh-token-one-time-use", "test-client-secret",
                            fake.lastAccessToken(), fake.lastRefreshToken()});
}

TEST(LiveApi, RevokedRefreshTokenEndsInALoginHint)
{
    FakeOuraServer fake(fakeOptions());
    Poco::TemporaryFile home;
    home.createDirectories();
    auto env = oauthEnv(fake, home.path(), "refresh-token-nobody-knows", home.path() + "/tokens.json");

    ServerProcess server(binaryPath(), {}, env);
    server.initialize();
    Json result = callTool(server, "get_daily_sleep", {{"start_date", "yesterday"}}, 2);
    EXPECT_EQ(result["isError"], true);
    EXPECT_NE(textOf(result).find("oura-mcp auth login"), std::string::npos) << textOf(result);
}

TEST(LiveApi, UpstreamFaultsBecomeClearToolErrorsAndTheServerKeepsAnswering)
{
    FakeOuraServer fake(fakeOptions());
    fake.addAccessToken("access-token-for-fault-test");
    Poco::TemporaryFile home;
    home.createDirectories();
    auto env = baseEnv(fake, home.path());
    env["OURA_ACCESS_TOKEN"] = "access-token-for-fault-test";
    ServerProcess server(binaryPath(), {}, env);
    server.initialize();

    // A 503 is retried and the call still succeeds.
    fake.script("/v2/usercollection/daily_stress",
                {ScriptedResponse::respond(503, R"({"detail":"unavailable"})")});
    Json retried = callTool(server, "get_daily_stress", {{"start_date", "yesterday"}}, 2);
    EXPECT_NE(retried.value("isError", false), true) << textOf(retried);

    // A truncated body, every time: a clean isError, not a crash.
    std::vector<ScriptedResponse> truncated(6, ScriptedResponse::truncated());
    fake.script("/v2/usercollection/daily_spo2", truncated);
    Json broken = callTool(server, "get_daily_spo2", {{"start_date", "yesterday"}}, 3);
    EXPECT_EQ(broken["isError"], true);
    EXPECT_FALSE(textOf(broken).empty());

    // A 403: the message names what to check.
    fake.script("/v2/usercollection/workout", {ScriptedResponse::respond(403, R"({"detail":"Forbidden"})")});
    Json forbidden = callTool(server, "get_workouts", {{"start_date", "yesterday"}}, 4);
    EXPECT_EQ(forbidden["isError"], true);
    EXPECT_NE(textOf(forbidden).find("workout"), std::string::npos) << textOf(forbidden);

    Json pong = server.request("ping", Json::object(), 5);
    EXPECT_EQ(pong["result"], Json::object());
}

TEST(LiveApi, BadDatesAreRejectedBeforeAnyRequest)
{
    FakeOuraServer fake(fakeOptions());
    fake.addAccessToken("access-token-for-date-test");
    Poco::TemporaryFile home;
    home.createDirectories();
    auto env = baseEnv(fake, home.path());
    env["OURA_ACCESS_TOKEN"] = "access-token-for-date-test";
    ServerProcess server(binaryPath(), {}, env);
    server.initialize();
    Json bad = callTool(server, "get_daily_sleep", {{"start_date", "tomorrowish"}}, 2);
    EXPECT_EQ(bad["isError"], true);
    EXPECT_NE(textOf(bad).find("tomorrowish"), std::string::npos) << textOf(bad);
    Json reversed =
        callTool(server, "get_daily_sleep", {{"start_date", "2026-11-10"}, {"end_date", "2026-11-01"}}, 3);
    EXPECT_EQ(reversed["isError"], true);
    EXPECT_NE(textOf(reversed).find("after"), std::string::npos) << textOf(reversed);
    EXPECT_EQ(fake.requestCountWithPrefix("/v2/"), 0);
}

TEST(LiveApi, APipedClientThatClosesStdinStillGetsTheAnswerOfASlowCall)
{
    FakeOuraServer fake(fakeOptions());
    fake.addAccessToken("access-token-for-pipe-test");
    fake.setLatencyMs(1500); // longer than the engine's shutdown grace, shorter than the read timeout
    Poco::TemporaryFile home;
    home.createDirectories();
    auto env = baseEnv(fake, home.path());
    env["OURA_ACCESS_TOKEN"] = "access-token-for-pipe-test";

    ServerProcess server(binaryPath(), {}, env);
    server.initialize();
    server.sendJson(
        {{"jsonrpc", "2.0"},
         {"id", 9},
         {"method", "tools/call"},
         {"params", {{"name", "get_daily_sleep"}, {"arguments", {{"start_date", "yesterday"}}}}}});
    server.closeStdin(); // like `printf '...' | oura-mcp`: end of input right after the request

    const Json reply = server.nextMessage(std::chrono::seconds(30));
    ASSERT_EQ(reply.value("id", Json()), 9) << reply.dump();
    ASSERT_TRUE(reply.contains("result")) << reply.dump();
    EXPECT_FALSE(reply["result"].value("isError", false)) << reply.dump();
    EXPECT_NE(textOf(reply["result"]).find("2026-11-19"), std::string::npos) << reply.dump();
    EXPECT_EQ(server.waitForExit(std::chrono::seconds(10)), 0);
}

TEST(LiveApi, TwoServersSharingATokenFileSpendTheSingleUseRefreshTokenOnce)
{
    // Claude Desktop and Claude Code each start their own oura-mcp; both read the same token file.
    FakeOuraServer fake(fakeOptions());
    fake.addRefreshToken("refresh-token-shared-by-two");
    Poco::TemporaryFile home;
    home.createDirectories();
    auto env = oauthEnv(fake, home.path(), "refresh-token-shared-by-two", home.path() + "/state/tokens.json");
    // The first refresh is slow, so the second server needs a token while the first is still refreshing.
    fake.script("/oauth/token", {ScriptedResponse::stall(3000)});
    const Json call = {
        {"jsonrpc", "2.0"},
        {"id", 5},
        {"method", "tools/call"},
        {"params", {{"name", "get_daily_readiness"}, {"arguments", {{"start_date", "yesterday"}}}}}};

    ServerProcess first(binaryPath(), {}, env);
    first.initialize();
    first.sendJson(call);
    ASSERT_TRUE(fake.waitForRequests("/oauth/token", 1, std::chrono::seconds(20)));

    ServerProcess second(binaryPath(), {}, env);
    second.initialize();
    second.sendJson(call);

    for (ServerProcess* server : {&first, &second})
    {
        const Json reply = server->nextMessage(std::chrono::seconds(30));
        ASSERT_TRUE(reply.contains("result")) << reply.dump();
        EXPECT_FALSE(reply["result"].value("isError", false)) << textOf(reply["result"]);
    }
    EXPECT_EQ(fake.requestCount("/oauth/token"), 1) << "the second server adopted the first one's tokens";
    EXPECT_EQ(fake.refreshCount(), 1);
}

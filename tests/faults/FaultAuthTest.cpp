// Fault matrix, credential rows (docs/reliability.md): the access token expiring in the middle of a session
// (401 -> refresh), many calls meeting the same 401 at once (one refresh), a refresh token Oura no longer
// accepts (invalid_grant), and a token endpoint that fails once. The token file is the data that must never
// be lost: after every fault it parses, is mode 0600, and holds tokens that work.
#include "FaultHarness.h"

#include "auth/TokenStore.h"

#include <set>
#include <sys/stat.h>

using OuraMcp::Json;
using OuraMcp::Auth::TokenSet;
using OuraMcp::Auth::TokenStore;
using OuraMcp::Testing::binaryPath;
using OuraMcp::Testing::FakeOuraServer;
using OuraMcp::Testing::ScriptedResponse;
using OuraMcp::Testing::ServerProcess;
using OuraMcp::Testing::textOf;
using namespace OuraMcp::Testing::Faults;

namespace {

/// An OAuth login as `oura-mcp auth login` leaves it: a token file with a long-lived access token.
struct Login
{
    FakeOuraServer fake{fakeOptions()};
    TempHome home;
    std::string tokenFile = home.path() + "/state/tokens.json";

    Login(const std::string& access, const std::string& refresh, bool refreshKnown = true)
    {
        fake.addAccessToken(access);
        if (refreshKnown)
            fake.addRefreshToken(refresh);
        TokenSet tokens;
        tokens.accessToken = access;
        tokens.refreshToken = refresh;
        tokens.expiresAt = OuraMcp::Auth::unixNowSeconds() + 86400;
        tokens.scope = "extapi:daily extapi:heartrate extapi:personal";
        tokens.chainOrigin = "login";
        tokens.savedAt = OuraMcp::Auth::unixNowSeconds();
        TokenStore(tokenFile).save(tokens);
    }

    ServerProcess::Env env() const
    {
        auto env = apiEnv(fake.baseUrl(), home.path());
        env["OURA_CLIENT_ID"] = "test-client-id";
        env["OURA_CLIENT_SECRET"] = "test-client-secret";
        env["OURA_TOKEN_FILE"] = tokenFile;
        return env;
    }

    TokenSet saved() const
    {
        auto tokens = TokenStore::fromJson(readFile(tokenFile));
        EXPECT_TRUE(tokens) << "token file does not parse:\n" << readFile(tokenFile);
        return tokens.value_or(TokenSet{});
    }

    unsigned mode() const
    {
        struct stat st
        {};
        EXPECT_EQ(::stat(tokenFile.c_str(), &st), 0);
        return st.st_mode & 0777;
    }
};

const std::vector<std::string> kTools = {"get_daily_sleep", "get_daily_activity", "get_daily_readiness",
                                         "get_daily_stress", "get_sleep_periods"};

} // namespace

// The access token expires while the server runs: the next call meets 401, refreshes once, saves the rotated
// pair, and succeeds. A second server started from the file works with the saved pair.
TEST(FaultAuth, TokenExpiringMidSessionIsRefreshedSavedAndUsableAfterRestart)
{
    Login login("login-access-token-1", "login-refresh-token-1");
    {
        ServerProcess server(binaryPath(), {}, login.env());
        server.initialize();
        Json before = callTool(server, "get_daily_sleep", {{"start_date", "2026-11-19"}}, 2);
        EXPECT_FALSE(isError(before)) << textOf(before);
        EXPECT_EQ(login.fake.refreshCount(), 0);

        login.fake.expireAllAccessTokens();
        Json after = callTool(server, "get_daily_activity", {{"start_date", "2026-11-19"}}, 3);
        EXPECT_FALSE(isError(after)) << textOf(after);
        EXPECT_EQ(login.fake.refreshCount(), 1);
        EXPECT_EQ(login.saved().refreshToken, login.fake.lastRefreshToken());
        EXPECT_EQ(login.saved().accessToken, login.fake.lastAccessToken());
        EXPECT_EQ(login.mode(), 0600u);
        server.closeStdin();
        EXPECT_EQ(server.waitForExit(), 0);
    }
    login.fake.expireAllAccessTokens();
    ServerProcess restarted(binaryPath(), {}, login.env());
    restarted.initialize();
    Json result = callTool(restarted, "get_daily_readiness", {{"start_date", "2026-11-19"}}, 2);
    EXPECT_FALSE(isError(result)) << textOf(result);
    EXPECT_EQ(login.fake.refreshCount(), 2) << "the saved refresh token was accepted";
    EXPECT_EQ(login.saved().refreshToken, login.fake.lastRefreshToken());
}

// 100 calls in flight when the token expires: all of them meet 401, exactly one refresh POST is made (a
// second would spend the rotated single-use refresh token and lock the user out), every call succeeds.
TEST(FaultAuth, HundredConcurrentCallsMeetingA401ShareOneRefresh)
{
    Login login("login-access-token-2", "login-refresh-token-2");
    ServerProcess server(binaryPath(), {}, login.env());
    server.initialize();
    login.fake.expireAllAccessTokens();
    std::string batch;
    for (int i = 0; i < 100; ++i)
    {
        const std::string day = "2026-11-" + std::to_string(10 + i % 10);
        batch += toolCall(100 + i, kTools[i % kTools.size()], {{"start_date", day}}).dump() + "\n";
    }
    batch.pop_back();
    server.send(batch);
    std::set<int> answered;
    for (int i = 0; i < 100; ++i)
    {
        Json reply = server.nextMessage(std::chrono::seconds(60));
        ASSERT_TRUE(reply.contains("result")) << reply.dump();
        EXPECT_FALSE(isError(reply["result"])) << textOf(reply["result"]);
        EXPECT_TRUE(answered.insert(reply["id"].get<int>()).second) << reply.dump();
    }
    EXPECT_EQ(login.fake.refreshCount(), 1);
    EXPECT_EQ(login.fake.requestCount("/oauth/token"), 1);
    EXPECT_EQ(login.saved().refreshToken, login.fake.lastRefreshToken());
    EXPECT_EQ(login.mode(), 0600u);
    expectStillServing(server, 500);
}

// Oura answers invalid_grant (the refresh token was revoked or already used): a clear "log in again" error,
// no second refresh attempt for later calls, the token file left as it was (nothing is deleted on the
// server's own initiative), and the server keeps answering.
TEST(FaultAuth, InvalidGrantAsksToLogInAgainAndKeepsTheTokenFile)
{
    Login login("login-access-token-3", "revoked-refresh-token-3", false);
    const std::string before = readFile(login.tokenFile);
    ServerProcess server(binaryPath(), {}, login.env());
    server.initialize();
    login.fake.expireAllAccessTokens();

    Json first = callTool(server, "get_daily_sleep", {{"start_date", "yesterday"}}, 2);
    ASSERT_TRUE(isError(first));
    EXPECT_EQ(textOf(first), "Oura rejected the credentials (HTTP 401) and they could not be refreshed. Your "
                             "Oura login has expired or was revoked. Run `oura-mcp auth login` to sign in "
                             "again. When signing in, grant the 'daily' permission (Oura may report a "
                             "missing permission as 401).");
    Json second = callTool(server, "get_daily_activity", {{"start_date", "yesterday"}}, 3);
    ASSERT_TRUE(isError(second));
    EXPECT_NE(textOf(second).find("oura-mcp auth login"), std::string::npos) << textOf(second);
    EXPECT_EQ(login.fake.requestCount("/oauth/token"), 1) << "a refused refresh token is not sent again";
    EXPECT_EQ(readFile(login.tokenFile), before);
    EXPECT_EQ(login.mode(), 0600u);
    Json pong = server.request("ping", Json::object(), 4);
    EXPECT_EQ(pong["result"], Json::object());
}

// The token endpoint fails once (HTTP 500, refresh token not spent): that call fails with a message saying
// the login could not be renewed; the next call refreshes and succeeds, and the file holds the new pair.
TEST(FaultAuth, TokenEndpointFailingOnceIsRecoveredOnTheNextCall)
{
    Login login("login-access-token-4", "login-refresh-token-4");
    ServerProcess server(binaryPath(), {}, login.env());
    server.initialize();
    login.fake.expireAllAccessTokens();
    login.fake.script("/oauth/token", {ScriptedResponse::respond(500, R"({"error":"server_error"})")});

    Json failed = callTool(server, "get_daily_sleep", {{"start_date", "yesterday"}}, 2);
    ASSERT_TRUE(isError(failed));
    EXPECT_NE(textOf(failed).find("could not be refreshed"), std::string::npos) << textOf(failed);
    // A passing outage is not a reason to sign in again with more permissions.
    EXPECT_EQ(textOf(failed).find("grant the"), std::string::npos) << textOf(failed);
    EXPECT_EQ(login.saved().refreshToken, "login-refresh-token-4");

    Json recovered = callTool(server, "get_daily_sleep", {{"start_date", "2026-11-18"}}, 3);
    EXPECT_FALSE(isError(recovered)) << textOf(recovered);
    EXPECT_EQ(login.fake.refreshCount(), 1);
    EXPECT_EQ(login.saved().refreshToken, login.fake.lastRefreshToken());
    EXPECT_EQ(login.mode(), 0600u);
}

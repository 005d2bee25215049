// `oura-mcp doctor` run as the real binary against the fake Oura API over loopback: a healthy login, no
// login, a token file other users can read, an API that cannot be reached, a rejected token and an expired
// access token that the refresh token renews. Every run is also checked for secrets in its output.
#include "CliRun.h"
#include "FakeOuraServer.h"

#include "auth/TokenStore.h"

#include <gtest/gtest.h>

#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/SocketAddress.h>
#include <Poco/TemporaryFile.h>

#include <sys/stat.h>

using OuraMcp::Json;
using OuraMcp::Auth::TokenSet;
using OuraMcp::Auth::TokenStore;
using OuraMcp::Testing::CliRun;
using OuraMcp::Testing::FakeOuraServer;
using OuraMcp::Testing::runCli;
using OuraMcp::Testing::ScriptedResponse;
using OuraMcp::Testing::ServerProcess;

namespace {

const char* kAccess = "doctor-access-token-secret-1";
const char* kRefresh = "doctor-refresh-token-secret-1";
const char* kClientSecret = "doctor-client-secret-value";

FakeOuraServer::Options fakeOptions()
{
    FakeOuraServer::Options o;
    o.clientSecret = kClientSecret;
    return o;
}

class Doctor : public ::testing::Test
{
protected:
    Doctor() : fake(fakeOptions())
    {
        home.createDirectories();
        tokenFile = home.path() + "/state/tokens.json";
        env = {{"HOME", home.path()},
               {"OURA_API_BASE_URL", fake.baseUrl()},
               {"OURA_MCP_TIME_ZONE", "Europe/Berlin"},
               {"OURA_CLIENT_ID", "test-client-id"},
               {"OURA_CLIENT_SECRET", kClientSecret},
               {"OURA_TOKEN_FILE", tokenFile}};
    }

    /// A token file as `oura-mcp auth login` leaves it; expiresIn < 0: the access token has expired.
    void login(long long expiresIn = 86400)
    {
        fake.addAccessToken(kAccess);
        fake.addRefreshToken(kRefresh);
        if (expiresIn < 0)
            fake.expireAccessToken(kAccess);
        TokenSet tokens;
        tokens.accessToken = kAccess;
        tokens.refreshToken = kRefresh;
        tokens.expiresAt = OuraMcp::Auth::unixNowSeconds() + expiresIn;
        tokens.scope =
            "extapi:daily extapi:heartrate extapi:personal extapi:email extapi:workout extapi:tag "
            "extapi:session extapi:spo2 extapi:heart_health extapi:stress extapi:ring_configuration";
        tokens.chainOrigin = "login";
        tokens.savedAt = OuraMcp::Auth::unixNowSeconds();
        TokenStore(tokenFile).save(tokens);
    }

    CliRun doctor(const std::vector<std::string>& extra = {})
    {
        std::vector<std::string> args{"doctor"};
        args.insert(args.end(), extra.begin(), extra.end());
        CliRun run = runCli(args, env);
        std::vector<std::string> secrets{kAccess, kRefresh, kClientSecret};
        if (!fake.lastAccessToken().empty())
            secrets.push_back(fake.lastAccessToken());
        if (!fake.lastRefreshToken().empty())
            secrets.push_back(fake.lastRefreshToken());
        for (const auto& secret : secrets)
        {
            EXPECT_EQ(run.out.find(secret), std::string::npos) << "secret on stdout: " << secret;
            EXPECT_EQ(run.err.find(secret), std::string::npos) << "secret on stderr: " << secret;
        }
        return run;
    }

    static bool has(const CliRun& run, const std::string& text)
    {
        return run.out.find(text) != std::string::npos;
    }

    Poco::TemporaryFile home;
    FakeOuraServer fake;
    std::string tokenFile;
    ServerProcess::Env env;
};

} // namespace

TEST_F(Doctor, AHealthyLoginPassesEveryCheck)
{
    login();
    CliRun run = doctor();
    EXPECT_EQ(run.rc, 0) << run.out << run.err;
    EXPECT_FALSE(has(run, "[FAIL]")) << run.out;
    EXPECT_TRUE(
        has(run, "[ ok ] api: " + fake.baseUrl() + "/v2/usercollection/personal_info answered (HTTP 200)"))
        << run.out;
    EXPECT_TRUE(has(run, "[ ok ] token: access token present (from the token file)")) << run.out;
    EXPECT_TRUE(has(run, "[ ok ] token file: " + tokenFile + " (mode 0600")) << run.out;
    EXPECT_TRUE(has(run, "every scope the plugins need is granted")) << run.out;
    EXPECT_TRUE(has(run, "OURA_CLIENT_SECRET = set (from environment)")) << run.out;
    EXPECT_TRUE(has(run, "OURA_API_BASE_URL = " + fake.baseUrl() + " (from environment)")) << run.out;
    EXPECT_TRUE(has(run, "[ ok ] time zone: Europe/Berlin (OURA_MCP_TIME_ZONE from environment)")) << run.out;
    EXPECT_TRUE(has(run, "[ ok ] plugins: 5 loaded, 18 tool(s)")) << run.out;
    EXPECT_EQ(fake.requestCount("/v2/usercollection/personal_info"), 1);

    CliRun json = doctor({"--json"});
    EXPECT_EQ(json.rc, 0);
    Json parsed = Json::parse(json.out);
    EXPECT_EQ(parsed["ok"], true);
    bool sawApi = false;
    for (const auto& check : parsed["checks"])
    {
        EXPECT_NE(check["status"], "FAIL") << check.dump();
        sawApi = sawApi || (check["check"] == "api" && check["status"] == "ok");
    }
    EXPECT_TRUE(sawApi) << json.out;
}

TEST_F(Doctor, NoTokenFailsAndSaysHowToLogIn)
{
    CliRun run = doctor();
    EXPECT_EQ(run.rc, 1);
    EXPECT_TRUE(has(run, "[FAIL] token: no Oura token found")) << run.out;
    EXPECT_TRUE(has(run, "oura-mcp auth login")) << run.out;
    EXPECT_TRUE(has(run, "[warn] api: not checked")) << run.out;
    EXPECT_EQ(fake.requestCountWithPrefix("/v2/"), 0);
}

TEST_F(Doctor, ATokenFileOthersCanReadFailsWithChmodAdvice)
{
    login();
    ASSERT_EQ(::chmod(tokenFile.c_str(), 0644), 0);
    CliRun run = doctor();
    EXPECT_EQ(run.rc, 1);
    EXPECT_TRUE(has(run, "[FAIL] token file: " + tokenFile + " has mode 0644")) << run.out;
    EXPECT_TRUE(has(run, "-> Run: chmod 600 " + tokenFile)) << run.out;
}

TEST_F(Doctor, ATokenFolderOthersCanWriteFails)
{
    login();
    const std::string folder = home.path() + "/state";
    ASSERT_EQ(::chmod(folder.c_str(), 0777), 0);
    CliRun run = doctor();
    EXPECT_EQ(run.rc, 1);
    EXPECT_TRUE(has(run, "-> Run: chmod go-w " + folder)) << run.out;
    ::chmod(folder.c_str(), 0700);
}

TEST_F(Doctor, AnUnreachableApiFails)
{
    login();
    // Bound but never listening: connections to the port are refused, and no other test's server can take the
    // port meanwhile (a closed ephemeral port could be reused by a test running in parallel).
    Poco::Net::ServerSocket reserved;
    reserved.bind(Poco::Net::SocketAddress("127.0.0.1", 0));
    const std::uint16_t closedPort = reserved.address().port();
    env["OURA_API_BASE_URL"] = "http://127.0.0.1:" + std::to_string(closedPort);
    CliRun run = doctor();
    EXPECT_EQ(run.rc, 1);
    EXPECT_TRUE(has(run, "[FAIL] api: cannot reach http://127.0.0.1:" + std::to_string(closedPort)))
        << run.out;
    EXPECT_TRUE(has(run, "Check the network")) << run.out;
}

TEST_F(Doctor, AStalledApiFailsWithinTheReadTimeout)
{
    login();
    env["OURA_MCP_READ_TIMEOUT_MS"] = "300";
    fake.script("/v2/usercollection/personal_info", {ScriptedResponse::stall(60000)});
    CliRun run = doctor();
    EXPECT_EQ(run.rc, 1);
    EXPECT_TRUE(has(run, "[FAIL] api: cannot reach " + fake.baseUrl())) << run.out;
    fake.stop(); // wakes the stalled handler
}

TEST_F(Doctor, RateLimitingIsAWarningAndAMissingPermissionAFailure)
{
    login();
    fake.script("/v2/usercollection/personal_info", {ScriptedResponse::rateLimited(120)});
    CliRun limited = doctor();
    EXPECT_EQ(limited.rc, 0) << limited.out;
    EXPECT_TRUE(has(limited, "[warn] api: Oura is rate-limiting this login (HTTP 429)")) << limited.out;
    EXPECT_TRUE(has(limited, "Wait a few minutes")) << limited.out;

    fake.setMembershipExpired(true); // data routes answer 403
    CliRun refused = doctor();
    EXPECT_EQ(refused.rc, 1);
    EXPECT_TRUE(has(refused, "[FAIL] api: Oura refused access (HTTP 403)")) << refused.out;
    EXPECT_TRUE(has(refused, "membership")) << refused.out;
}

TEST_F(Doctor, ARejectedTokenFailsWithLoginAdvice)
{
    env["OURA_TOKEN_FILE"] = home.path() + "/none/tokens.json";
    env["OURA_ACCESS_TOKEN"] = "doctor-unknown-personal-token";
    CliRun run = doctor();
    EXPECT_EQ(run.rc, 1);
    EXPECT_TRUE(has(run, "[warn] token: a personal access token")) << run.out;
    EXPECT_TRUE(has(run, "[FAIL] api: Oura rejected the token (HTTP 401)")) << run.out;
    EXPECT_TRUE(has(run, "oura-mcp auth login")) << run.out;
    EXPECT_EQ(run.out.find("doctor-unknown-personal-token"), std::string::npos);
    EXPECT_EQ(run.err.find("doctor-unknown-personal-token"), std::string::npos);
}

TEST_F(Doctor, AnExpiredAccessTokenWithAWorkingRefreshIsFine)
{
    login(-600);
    CliRun run = doctor();
    EXPECT_EQ(run.rc, 0) << run.out << run.err;
    EXPECT_TRUE(has(run, "[ ok ] token: access token expired")) << run.out;
    EXPECT_TRUE(has(run, "renewed with the refresh token")) << run.out;
    EXPECT_TRUE(has(run, "the access token was renewed and saved")) << run.out;
    EXPECT_EQ(fake.refreshCount(), 1);
    auto saved = TokenStore(tokenFile).load();
    ASSERT_TRUE(saved);
    EXPECT_EQ(saved->accessToken, fake.lastAccessToken());
    struct stat info
    {};
    ASSERT_EQ(::stat(tokenFile.c_str(), &info), 0);
    EXPECT_EQ(info.st_mode & 0777, 0600u);
}

TEST_F(Doctor, AMalformedConfigFileFails)
{
    login();
    const std::string config = home.path() + "/config.json";
    {
        std::FILE* f = std::fopen(config.c_str(), "w");
        ASSERT_NE(f, nullptr);
        std::fputs("{\"time_zone\": ", f);
        std::fclose(f);
    }
    CliRun run = doctor({"--config", config});
    EXPECT_EQ(run.rc, 1);
    EXPECT_TRUE(has(run, "[FAIL] config file: config file " + config + " is not valid JSON")) << run.out;
}

TEST_F(Doctor, AnUnknownTimeZoneFailsAndTheOtherChecksStillRun)
{
    login();
    env["OURA_MCP_TIME_ZONE"] = "Mars/Olympus_Mons";
    CliRun run = doctor();
    EXPECT_EQ(run.rc, 1);
    EXPECT_TRUE(has(run, "[FAIL] time zone: ")) << run.out;
    EXPECT_TRUE(has(run, "Mars/Olympus_Mons")) << run.out;
    EXPECT_TRUE(has(run, "-> Set OURA_MCP_TIME_ZONE")) << run.out;
    EXPECT_TRUE(has(run, "[ ok ] token: access token present")) << run.out;
    EXPECT_TRUE(has(run, "[ ok ] api: ")) << run.out;
}

TEST_F(Doctor, RefusedPluginsAreListedWithTheirReason)
{
    login();
    const std::string folder = home.path() + "/plugins";
    ASSERT_EQ(::mkdir(folder.c_str(), 0755), 0);
    {
        std::FILE* f = std::fopen((folder + "/garbage.so").c_str(), "w");
        ASSERT_NE(f, nullptr);
        std::fputs("not a plugin\n", f);
        std::fclose(f);
    }
    CliRun run = doctor({"--plugin-dir", folder});
    EXPECT_EQ(run.rc, 0) << run.out; // the bundled plugins still work: a warning, not a failure
    EXPECT_TRUE(has(run, "[warn] plugin: refused " + folder + "/garbage.so: ")) << run.out;
    EXPECT_TRUE(has(run, "[ ok ] plugin folder: " + folder)) << run.out;

    CliRun none = doctor({"--no-bundled-plugins", "--plugin-dir", folder});
    EXPECT_EQ(none.rc, 1);
    EXPECT_TRUE(has(none, "[FAIL] plugins: no plugin loaded")) << none.out;
}

TEST(DoctorDemo, SkipsTheTokenChecksAndSaysSo)
{
    CliRun run = runCli({"--demo", "doctor"}, {});
    EXPECT_EQ(run.rc, 0) << run.out << run.err;
    EXPECT_NE(run.out.find("[ ok ] mode: demo"), std::string::npos) << run.out;
    EXPECT_NE(run.out.find("[ ok ] token: not needed in this mode (skipped)"), std::string::npos) << run.out;
    EXPECT_NE(run.out.find("[ ok ] api: not used in demo mode (skipped)"), std::string::npos) << run.out;
}

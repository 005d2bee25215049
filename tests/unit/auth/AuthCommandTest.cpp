#include "TestHttp.h"

#include "auth/AuthCommand.h"
#include "auth/TokenStore.h"
#include "util/Json.h"

#include <gtest/gtest.h>

#include <Poco/Net/HTMLForm.h>
#include <Poco/URI.h>

#include <mutex>
#include <sstream>
#include <sys/stat.h>
#include <thread>

using OuraMcp::Auth::AuthCommand;
using OuraMcp::Auth::TokenSet;
using OuraMcp::Auth::TokenStore;
using OuraMcp::Auth::TransportFactory;
using OuraMcp::Config::Settings;
using OuraMcp::Testing::LoopbackServer;
using OuraMcp::Testing::LoopbackTransport;
using OuraMcp::Testing::TempDir;

namespace {

const char* const kClientSecret = "test-client-secret-123456";

/// Token and revoke endpoints on loopback, recording what they were sent.
struct FakeOAuth
{
    std::mutex mutex;
    std::vector<std::map<std::string, std::string>> tokenPosts;
    std::vector<std::string> revokedTokens;
    std::string grantedScope = "extapi:daily extapi:heartrate";

    LoopbackServer server{
        [this](Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response) {
            const Poco::URI uri(request.getURI());
            response.setContentType("application/json");
            if (uri.getPath() == "/oauth/token" && request.getMethod() == "POST")
            {
                Poco::Net::HTMLForm form(request, request.stream());
                std::map<std::string, std::string> fields(form.begin(), form.end());
                {
                    std::lock_guard<std::mutex> lock(mutex);
                    tokenPosts.push_back(fields);
                }
                if (fields["grant_type"] != "authorization_code" || fields["code"] != "good-code" ||
                    fields["client_secret"] != kClientSecret)
                {
                    response.setStatus(Poco::Net::HTTPResponse::HTTP_BAD_REQUEST);
                    response.send() << R"({"error":"invalid_grant"})";
                    return;
                }
                response.send() << OuraMcp::Json{
                    {"token_type", "bearer"},
                    {"access_token", "issued-access-token-abc"},
                    {"refresh_token", "issued-refresh-token-abc"},
                    {"expires_in", 86400},
                    {"scope",
                     grantedScope}}.dump();
                return;
            }
            if (uri.getPath() == "/oauth/revoke" && request.getMethod() == "GET")
            {
                for (const auto& [k, v] : uri.getQueryParameters())
                {
                    if (k == "access_token")
                    {
                        std::lock_guard<std::mutex> lock(mutex);
                        revokedTokens.push_back(v);
                    }
                }
                response.send() << "{}";
                return;
            }
            response.setStatus(Poco::Net::HTTPResponse::HTTP_NOT_FOUND);
            response.send() << R"({"detail":"Not Found"})";
        }};

    TransportFactory factory()
    {
        return [](const std::string& origin) { return std::make_shared<LoopbackTransport>(origin); };
    }
};

struct Fixture
{
    TempDir dir;
    FakeOAuth oauth;
    std::string tokenFile = dir.path() + "/state/tokens.json";

    Settings settings(Settings::Environment extra = {})
    {
        Settings::Environment env = {{"OURA_CLIENT_ID", "test-client-id"},
                                     {"OURA_CLIENT_SECRET", kClientSecret},
                                     {"OURA_TOKEN_FILE", tokenFile},
                                     {"OURA_API_BASE_URL", oauth.server.origin()},
                                     {"OURA_TOKEN_URL_FALLBACK", ""},
                                     {"OURA_AUTHORIZE_URL", "https://cloud.example/oauth/authorize"}};
        for (auto& [k, v] : extra)
            env[k] = v;
        Settings::Options options;
        options.environment = env;
        options.workingDirectory = dir.path();
        return Settings::load(options);
    }
};

std::map<std::string, std::string> queryOf(const std::string& url)
{
    std::map<std::string, std::string> q;
    for (const auto& [k, v] : Poco::URI(url).getQueryParameters())
        q[k] = v;
    return q;
}

/// Plays the browser: when the authorization URL is shown, GETs the redirect URI with the given query.
struct Browser
{
    std::thread thread;
    OuraMcp::Testing::SimpleResponse response;
    std::string authorizationUrl;

    std::function<void(const std::string&)>
    answerWith(std::function<std::string(const std::string& state)> query)
    {
        return [this, query](const std::string& url) {
            authorizationUrl = url;
            const auto q = queryOf(url);
            const std::string target = q.at("redirect_uri") + "?" + query(q.at("state"));
            thread = std::thread([this, target] { response = OuraMcp::Testing::httpGet(target); });
        };
    }
    ~Browser()
    {
        if (thread.joinable())
            thread.join();
    }
    void join()
    {
        if (thread.joinable())
            thread.join();
    }
};

} // namespace

TEST(AuthCommand, LoginEndToEnd)
{
    Fixture f;
    AuthCommand command(f.settings(), {"daily", "heartrate", "workout"}, f.oauth.factory());
    Browser browser;
    command.setAuthorizationUrlListener(browser.answerWith([](const std::string& state) {
        return "code=good-code&state=" + state + "&scope=extapi%3Adaily%20extapi%3Aheartrate";
    }));
    bool launched = false;
    command.setBrowserLauncher([&](const std::string&) { launched = true; });

    std::ostringstream out, err;
    const int rc = command.run({"login", "--no-browser", "--timeout", "60"}, out, err);
    browser.join();
    ASSERT_EQ(rc, 0) << err.str();
    EXPECT_FALSE(launched);

    // The authorization URL.
    const Poco::URI authUrl(browser.authorizationUrl);
    EXPECT_EQ(authUrl.getHost(), "cloud.example");
    const auto q = queryOf(browser.authorizationUrl);
    EXPECT_EQ(q.at("response_type"), "code");
    EXPECT_EQ(q.at("client_id"), "test-client-id");
    EXPECT_EQ(q.at("scope"), "daily heartrate workout");
    EXPECT_EQ(q.at("state").size(), 64u);
    EXPECT_EQ(q.at("redirect_uri").rfind("http://127.0.0.1:", 0), 0u);
    EXPECT_NE(q.at("redirect_uri").find("/callback"), std::string::npos);
    EXPECT_EQ(q.count("client_secret"), 0u);
    EXPECT_NE(out.str().find(browser.authorizationUrl), std::string::npos);
    EXPECT_NE(out.str().find(q.at("redirect_uri")), std::string::npos);

    // The browser was told it can close the window.
    EXPECT_EQ(browser.response.status, 200);
    EXPECT_NE(browser.response.body.find("close this window"), std::string::npos);

    // The code exchange.
    ASSERT_EQ(f.oauth.tokenPosts.size(), 1u);
    const auto& post = f.oauth.tokenPosts[0];
    EXPECT_EQ(post.at("grant_type"), "authorization_code");
    EXPECT_EQ(post.at("code"), "good-code");
    EXPECT_EQ(post.at("redirect_uri"), q.at("redirect_uri"));
    EXPECT_EQ(post.at("client_id"), "test-client-id");

    // The saved tokens.
    const auto saved = TokenStore(f.tokenFile).load();
    ASSERT_TRUE(saved);
    EXPECT_EQ(saved->accessToken, "issued-access-token-abc");
    EXPECT_EQ(saved->refreshToken, "issued-refresh-token-abc");
    EXPECT_EQ(saved->scope, "extapi:daily extapi:heartrate");
    EXPECT_EQ(saved->chainOrigin, "login");
    EXPECT_GT(saved->expiresAt, 0);
    EXPECT_EQ(*TokenStore(f.tokenFile).permissions(), 0600u);

    EXPECT_NE(out.str().find("Granted scopes: daily heartrate"), std::string::npos) << out.str();
    EXPECT_NE(err.str().find("not granted: workout"), std::string::npos) << err.str();
    for (const std::string& stream : {out.str(), err.str()})
    {
        EXPECT_EQ(stream.find("issued-access-token-abc"), std::string::npos);
        EXPECT_EQ(stream.find("issued-refresh-token-abc"), std::string::npos);
        EXPECT_EQ(stream.find(kClientSecret), std::string::npos);
    }
}

TEST(AuthCommand, LoginRejectsAStateMismatch)
{
    Fixture f;
    AuthCommand command(f.settings(), {"daily"}, f.oauth.factory());
    Browser browser;
    command.setAuthorizationUrlListener(
        browser.answerWith([](const std::string&) { return "code=good-code&state=forged-state"; }));
    std::ostringstream out, err;
    EXPECT_EQ(command.run({"login", "--no-browser"}, out, err), 1);
    browser.join();
    EXPECT_EQ(browser.response.status, 400);
    EXPECT_NE(err.str().find("state"), std::string::npos);
    EXPECT_TRUE(f.oauth.tokenPosts.empty());
    EXPECT_FALSE(TokenStore(f.tokenFile).exists());
}

TEST(AuthCommand, LoginHandlesAccessDenied)
{
    Fixture f;
    AuthCommand command(f.settings(), {"daily"}, f.oauth.factory());
    Browser browser;
    command.setAuthorizationUrlListener(
        browser.answerWith([](const std::string& state) { return "error=access_denied&state=" + state; }));
    std::ostringstream out, err;
    EXPECT_EQ(command.run({"login", "--no-browser"}, out, err), 1);
    browser.join();
    EXPECT_NE(err.str().find("denied"), std::string::npos);
    EXPECT_NE(browser.response.body.find("close this window"), std::string::npos);
    EXPECT_TRUE(f.oauth.tokenPosts.empty());
    EXPECT_FALSE(TokenStore(f.tokenFile).exists());
}

TEST(AuthCommand, LoginReportsAFailedCodeExchange)
{
    Fixture f;
    AuthCommand command(f.settings(), {"daily"}, f.oauth.factory());
    Browser browser;
    command.setAuthorizationUrlListener(
        browser.answerWith([](const std::string& state) { return "code=expired-code&state=" + state; }));
    std::ostringstream out, err;
    EXPECT_EQ(command.run({"login", "--no-browser"}, out, err), 1);
    browser.join();
    EXPECT_NE(err.str().find("invalid_grant"), std::string::npos) << err.str();
    EXPECT_FALSE(TokenStore(f.tokenFile).exists());
}

TEST(AuthCommand, LoginNeedsClientCredentials)
{
    Fixture f;
    Settings::Options options;
    options.environment = {{"OURA_TOKEN_FILE", f.tokenFile}};
    options.workingDirectory = f.dir.path();
    AuthCommand command(Settings::load(options), {"daily"}, f.oauth.factory());
    bool shown = false;
    command.setAuthorizationUrlListener([&](const std::string&) { shown = true; });
    std::ostringstream out, err;
    EXPECT_EQ(command.run({"login", "--no-browser"}, out, err), 1);
    EXPECT_FALSE(shown);
    EXPECT_NE(err.str().find("OURA_CLIENT_ID"), std::string::npos);
    EXPECT_NE(err.str().find("OURA_CLIENT_SECRET"), std::string::npos);
}

TEST(AuthCommand, LoginTimesOut)
{
    Fixture f;
    AuthCommand command(f.settings(), {"daily"}, f.oauth.factory());
    std::ostringstream out, err;
    EXPECT_EQ(command.run({"login", "--no-browser", "--timeout", "1"}, out, err), 1);
    EXPECT_NE(err.str().find("timed out"), std::string::npos);
}

TEST(AuthCommand, UsageErrors)
{
    Fixture f;
    AuthCommand command(f.settings(), {}, f.oauth.factory());
    std::ostringstream out, err;
    EXPECT_EQ(command.run({}, out, err), 2);
    EXPECT_EQ(command.run({"frobnicate"}, out, err), 2);
    EXPECT_EQ(command.run({"login", "--port", "notanumber"}, out, err), 2);
    EXPECT_EQ(command.run({"login", "--bogus"}, out, err), 2);
    EXPECT_EQ(command.run({"auth", "--help"}, out, err), 0);
}

TEST(AuthCommand, StatusNeverPrintsSecrets)
{
    Fixture f;
    TokenSet saved;
    saved.accessToken = "file-access-token-secret";
    saved.refreshToken = "file-refresh-token-secret";
    saved.expiresAt = 4102444800; // 2100-01-01
    saved.scope = "extapi:daily";
    saved.chainOrigin = "login";
    TokenStore(f.tokenFile).save(saved);

    AuthCommand command(f.settings({{"OURA_ACCESS_TOKEN", "env-access-token-secret"}}), {"daily", "workout"},
                        f.oauth.factory());
    std::ostringstream out, err;
    EXPECT_EQ(command.run({"status"}, out, err), 0);
    const std::string text = out.str() + err.str();
    for (const char* secret :
         {"file-access-token-secret", "file-refresh-token-secret", "env-access-token-secret", kClientSecret})
        EXPECT_EQ(text.find(secret), std::string::npos) << secret << " leaked:\n" << text;
    EXPECT_NE(text.find("OURA_CLIENT_SECRET: set  [environment]"), std::string::npos) << text;
    EXPECT_NE(text.find("OURA_ACCESS_TOKEN: set  [environment]"), std::string::npos) << text;
    EXPECT_NE(text.find("OURA_REFRESH_TOKEN: not set"), std::string::npos) << text;
    EXPECT_NE(text.find("OURA_CLIENT_ID: test-client-id  [environment]"), std::string::npos) << text;
    EXPECT_NE(text.find("mode 0600"), std::string::npos) << text;
    EXPECT_NE(text.find("Tokens in use: token file"), std::string::npos) << text;
    EXPECT_NE(text.find("expires in"), std::string::npos) << text;
    EXPECT_NE(text.find("granted scopes: daily"), std::string::npos) << text;
    EXPECT_NE(text.find("not granted: workout"), std::string::npos) << text;
}

TEST(AuthCommand, StatusWithNothingConfigured)
{
    TempDir dir;
    Settings::Options options;
    options.workingDirectory = dir.path();
    AuthCommand command(Settings::load(options), {}, nullptr);
    std::ostringstream out, err;
    EXPECT_EQ(command.run({"status"}, out, err), 0);
    EXPECT_NE(out.str().find("Tokens in use: none"), std::string::npos) << out.str();
    EXPECT_NE(out.str().find("oura-mcp auth login"), std::string::npos) << out.str();
}

TEST(AuthCommand, LogoutRevokesAndDeletes)
{
    Fixture f;
    TokenSet saved;
    saved.accessToken = "logout-access-token";
    saved.refreshToken = "logout-refresh-token";
    TokenStore(f.tokenFile).save(saved);

    AuthCommand command(f.settings(), {}, f.oauth.factory());
    std::ostringstream out, err;
    EXPECT_EQ(command.run({"logout"}, out, err), 0) << err.str();
    ASSERT_EQ(f.oauth.revokedTokens.size(), 1u);
    EXPECT_EQ(f.oauth.revokedTokens[0], "logout-access-token");
    EXPECT_FALSE(TokenStore(f.tokenFile).exists());
    EXPECT_NE(out.str().find("Revoked"), std::string::npos);
    EXPECT_NE(out.str().find("Deleted the token file"), std::string::npos);
    EXPECT_EQ(out.str().find("logout-access-token"), std::string::npos);

    std::ostringstream out2, err2;
    EXPECT_EQ(command.run({"logout"}, out2, err2), 0);
    EXPECT_NE(out2.str().find("No token file"), std::string::npos);
    EXPECT_EQ(f.oauth.revokedTokens.size(), 1u);
}

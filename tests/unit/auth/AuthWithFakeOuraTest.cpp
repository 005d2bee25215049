// The auth room against the project's fake Oura server (tests/fake_oura) over the real HttpTransport.
#include "TestHttp.h"

#include "FakeOuraServer.h"
#include "auth/AuthCommand.h"
#include "auth/TokenManager.h"
#include "auth/TokenStore.h"
#include "oura/HttpTransport.h"

#include <gtest/gtest.h>

#include <sstream>
#include <thread>

using OuraMcp::Auth::AuthCommand;
using OuraMcp::Auth::TokenManager;
using OuraMcp::Auth::TokenStore;
using OuraMcp::Auth::TransportFactory;
using OuraMcp::Config::Settings;
using OuraMcp::Testing::FakeOuraServer;
using OuraMcp::Testing::TempDir;

namespace {

TransportFactory httpTransports()
{
    return [](const std::string& origin) { return std::make_shared<OuraMcp::Oura::HttpTransport>(origin); };
}

Settings settingsFor(const FakeOuraServer& fake, const TempDir& dir, const std::string& tokenFile)
{
    Settings::Options options;
    options.environment = {{"OURA_CLIENT_ID", "test-client-id"},
                           {"OURA_CLIENT_SECRET", "test-client-secret"},
                           {"OURA_TOKEN_FILE", tokenFile},
                           {"OURA_API_BASE_URL", fake.baseUrl()},
                           {"OURA_AUTHORIZE_URL", fake.baseUrl() + "/oauth/authorize"},
                           {"OURA_TOKEN_URL_FALLBACK", fake.baseUrl() + FakeOuraServer::newPortalTokenPath}};
    options.workingDirectory = dir.path();
    return Settings::load(options);
}

/// Runs `auth login`, playing a browser that follows the fake's authorize redirect to the callback.
int login(AuthCommand& command, std::ostringstream& out, std::ostringstream& err,
          OuraMcp::Testing::SimpleResponse& callbackPage)
{
    std::thread browser;
    command.setAuthorizationUrlListener([&](const std::string& url) {
        browser = std::thread([&callbackPage, url] {
            const auto consent = OuraMcp::Testing::httpGet(url);
            if (consent.status != 302 || consent.location.empty())
            {
                callbackPage = consent;
                return;
            }
            callbackPage = OuraMcp::Testing::httpGet(consent.location);
        });
    });
    const int rc = command.run({"login", "--no-browser", "--timeout", "60"}, out, err);
    if (browser.joinable())
        browser.join();
    return rc;
}

} // namespace

TEST(AuthWithFakeOura, LoginRefreshPortalFallbackAndLogout)
{
    FakeOuraServer::Options options;
    options.consentScopes = {"daily", "heartrate"};
    FakeOuraServer fake(options);
    TempDir dir;
    const std::string tokenFile = dir.path() + "/state/oura-mcp/tokens.json";
    const Settings settings = settingsFor(fake, dir, tokenFile);

    // Login: requested daily+heartrate+workout, the user allows daily+heartrate.
    AuthCommand command(settings, {"daily", "heartrate", "workout"}, httpTransports());
    std::ostringstream out, err;
    OuraMcp::Testing::SimpleResponse page;
    ASSERT_EQ(login(command, out, err, page), 0) << err.str();
    EXPECT_EQ(page.status, 200);
    EXPECT_NE(page.body.find("close this window"), std::string::npos);
    EXPECT_NE(out.str().find("Granted scopes: daily heartrate"), std::string::npos) << out.str();
    EXPECT_NE(err.str().find("not granted: workout"), std::string::npos) << err.str();
    const auto afterLogin = TokenStore(tokenFile).load();
    ASSERT_TRUE(afterLogin);
    EXPECT_EQ(afterLogin->accessToken, fake.lastAccessToken());
    EXPECT_TRUE(fake.isAccessTokenValid(afterLogin->accessToken));

    // The server's provider uses the saved login, and refreshes after a 401.
    {
        const auto manager = TokenManager::fromSettings(settings, httpTransports());
        EXPECT_EQ(manager->status().source, TokenManager::Source::TokenFile);
        EXPECT_EQ(manager->accessToken(), afterLogin->accessToken);
        fake.expireAllAccessTokens();
        ASSERT_TRUE(manager->refreshAfterUnauthorized(afterLogin->accessToken)) << manager->loginHint();
        const std::string refreshed = manager->accessToken();
        EXPECT_NE(refreshed, afterLogin->accessToken);
        EXPECT_TRUE(fake.isAccessTokenValid(refreshed));
        EXPECT_EQ(fake.refreshCount(), 1);
        EXPECT_EQ(TokenStore(tokenFile).load()->refreshToken, fake.lastRefreshToken());

        // An app from the new developer portal: the classic endpoint says invalid_request.
        fake.setNewPortalMode(true);
        fake.expireAllAccessTokens();
        ASSERT_TRUE(manager->refreshAfterUnauthorized(refreshed)) << manager->loginHint();
        EXPECT_TRUE(fake.isAccessTokenValid(manager->accessToken()));
        EXPECT_EQ(fake.requestCount(FakeOuraServer::newPortalTokenPath), 1);
        EXPECT_EQ(TokenStore(tokenFile).load()->accessToken, manager->accessToken());
        fake.setNewPortalMode(false);
    }

    // A token file holding a spent refresh token (e.g. restored from a backup): login required.
    {
        const auto current = TokenStore(tokenFile).load();
        TokenStore(tokenFile).save(*afterLogin);
        const auto manager = TokenManager::fromSettings(settings, httpTransports());
        EXPECT_FALSE(manager->refreshAfterUnauthorized(afterLogin->accessToken));
        EXPECT_EQ(manager->loginHint(),
                  "Your Oura login has expired or was revoked. Run `oura-mcp auth login` to sign in again.");
        TokenStore(tokenFile).save(*current);
    }

    // Logout revokes the access token at the fake and deletes the file.
    const std::string last = TokenStore(tokenFile).load()->accessToken;
    ASSERT_TRUE(fake.isAccessTokenValid(last));
    std::ostringstream out2, err2;
    EXPECT_EQ(command.run({"logout"}, out2, err2), 0) << err2.str();
    EXPECT_FALSE(fake.isAccessTokenValid(last));
    EXPECT_FALSE(TokenStore(tokenFile).exists());
    EXPECT_EQ(out2.str().find(last), std::string::npos);
}

TEST(AuthWithFakeOura, DeniedConsent)
{
    FakeOuraServer::Options options;
    options.denyConsent = true;
    FakeOuraServer fake(options);
    TempDir dir;
    const std::string tokenFile = dir.path() + "/tokens.json";
    AuthCommand command(settingsFor(fake, dir, tokenFile), {"daily"}, httpTransports());
    std::ostringstream out, err;
    OuraMcp::Testing::SimpleResponse page;
    EXPECT_EQ(login(command, out, err, page), 1);
    EXPECT_NE(err.str().find("denied"), std::string::npos);
    EXPECT_FALSE(TokenStore(tokenFile).exists());
    EXPECT_EQ(fake.tokensIssued(), 0);
}

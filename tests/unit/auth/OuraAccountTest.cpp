// OuraAccount, the authorization server's upstream account, against the fake Oura API on a loopback port over
// the real HttpTransport: a scripted browser follows the fake's authorize redirect, the code is exchanged,
// the user read from personal_info, and the tokens revoked.
#include "TestHttp.h"

#include "FakeOuraServer.h"
#include "app/OuraAccount.h"
#include "oura/HttpTransport.h"
#include "util/Log.h"

#include <Poco/URI.h>

#include <gtest/gtest.h>

#include <map>
#include <mutex>
#include <vector>

using OuraMcp::App::OuraAccount;
using OuraMcp::Auth::TransportFactory;
using OuraMcp::OAuth::UpstreamAccount;
using OuraMcp::Testing::FakeOuraServer;
using OuraMcp::Testing::ScriptedResponse;
using OuraMcp::Util::Log;

namespace {

const std::string kPublicUrl = "https://mcp.example.com";
const std::string kSecret = "test-client-secret";

TransportFactory httpTransports()
{
    return [](const std::string& origin) { return std::make_shared<OuraMcp::Oura::HttpTransport>(origin); };
}

OuraAccount::Options optionsFor(const FakeOuraServer& fake)
{
    OuraAccount::Options options;
    options.authorizeUrl = fake.baseUrl() + "/oauth/authorize";
    options.tokenUrl = fake.baseUrl() + "/oauth/token";
    options.revokeUrl = fake.baseUrl() + "/oauth/revoke";
    options.apiBaseUrl = fake.baseUrl();
    options.clientId = "test-client-id";
    options.clientSecret = kSecret;
    options.publicUrl = kPublicUrl + "/";
    return options;
}

std::map<std::string, std::string> queryOf(const std::string& url)
{
    std::map<std::string, std::string> out;
    for (const auto& [key, value] : Poco::URI(url).getQueryParameters())
        out[key] = value;
    return out;
}

/// Plays the browser: opens the authorize URL (as fakeUser, if given) and returns where Oura sends it back.
std::map<std::string, std::string> signIn(const OuraAccount& account, const std::string& state,
                                          const std::string& fakeUser = "")
{
    std::string url = account.authorizeUrl(state, "daily heartrate personal");
    if (!fakeUser.empty())
        url += "&fake_user=" + fakeUser;
    const auto consent = OuraMcp::Testing::httpGet(url);
    EXPECT_EQ(consent.status, 302) << consent.body;
    EXPECT_EQ(consent.location.rfind(kPublicUrl + "/oauth/oura/callback?", 0), 0u) << consent.location;
    return queryOf(consent.location);
}

/// Every log line while it lives, whatever the level.
class LogCapture
{
public:
    LogCapture()
    {
        Log::setListener([this](Log::Level, const std::string& component, const std::string& message) {
            std::lock_guard<std::mutex> lock(_mutex);
            _text += component + ": " + message + "\n";
        });
    }
    ~LogCapture() { Log::setListener({}); }
    std::string text() const
    {
        std::lock_guard<std::mutex> lock(_mutex);
        return _text;
    }

private:
    mutable std::mutex _mutex;
    std::string _text;
};

std::string errorOf(const std::function<void()>& call)
{
    try
    {
        call();
    }
    catch (const UpstreamAccount::Error& e)
    {
        return e.what();
    }
    ADD_FAILURE() << "no UpstreamAccount::Error was thrown";
    return {};
}

} // namespace

TEST(OuraAccount, AuthorizeUrlNamesTheAppOurCallbackTheScopesAndTheState)
{
    FakeOuraServer fake;
    const OuraAccount account(optionsFor(fake), httpTransports());
    EXPECT_EQ(account.redirectUri(), "https://mcp.example.com/oauth/oura/callback");

    const std::string url = account.authorizeUrl("opaque-state-1", "daily heartrate");
    EXPECT_EQ(url.rfind(fake.baseUrl() + "/oauth/authorize?", 0), 0u) << url;
    const auto query = queryOf(url);
    EXPECT_EQ(query.at("response_type"), "code");
    EXPECT_EQ(query.at("client_id"), "test-client-id");
    EXPECT_EQ(query.at("redirect_uri"), "https://mcp.example.com/oauth/oura/callback");
    EXPECT_EQ(query.at("scope"), "daily heartrate");
    EXPECT_EQ(query.at("state"), "opaque-state-1");
    EXPECT_EQ(url.find(kSecret), std::string::npos);

    // No scopes: the parameter is left out, and Oura offers every scope.
    EXPECT_EQ(queryOf(account.authorizeUrl("s", "")).count("scope"), 0u);
}

TEST(OuraAccount, ExchangeYieldsTokensAndTheOuraIdOfWhoeverSignedIn)
{
    FakeOuraServer::Options options;
    options.users = {{"alice", 101}, {"bob", 202}};
    FakeOuraServer fake(options);
    const std::string alice = fake.personalInfoId("alice");
    const std::string bob = fake.personalInfoId("bob");
    ASSERT_FALSE(alice.empty());
    ASSERT_NE(alice, bob);
    ASSERT_NE(alice, fake.personalInfoId());

    OuraAccount account(optionsFor(fake), httpTransports());
    const auto callback = signIn(account, "state-for-alice", "alice");
    EXPECT_EQ(callback.at("state"), "state-for-alice");
    const auto linked = account.exchange(callback.at("code"), 1'000'000);
    EXPECT_EQ(linked.ouraUserId, alice);
    EXPECT_EQ(linked.tokens.accessToken, fake.lastAccessToken());
    EXPECT_EQ(linked.tokens.refreshToken, fake.lastRefreshToken());
    EXPECT_EQ(linked.tokens.expiresAt, 1'000'000 + 86400); // the caller's clock, Oura's expires_in
    EXPECT_EQ(linked.tokens.scopes, "extapi:daily extapi:heartrate extapi:personal");
    EXPECT_EQ(fake.userOfAccessToken(linked.tokens.accessToken), "alice");
    EXPECT_EQ(fake.requestCount("/v2/usercollection/personal_info"), 1);

    // Another person, another id; with no fake_user the fake signs in its default user.
    EXPECT_EQ(account.exchange(signIn(account, "s2", "bob").at("code"), 0).ouraUserId, bob);
    fake.setDefaultUser("bob");
    EXPECT_EQ(account.exchange(signIn(account, "s3").at("code"), 0).ouraUserId, bob);
}

TEST(OuraAccount, ARefusedCodeIsAClearErrorThatRepeatsNoCodeOrSecret)
{
    FakeOuraServer fake;
    OuraAccount account(optionsFor(fake), httpTransports());
    LogCapture log;
    const std::string madeUp = "made-up-code-7f3a9c";
    const std::string error = errorOf([&] { account.exchange(madeUp, 0); });
    EXPECT_EQ(error, "Oura did not accept the sign-in: the authorization code is invalid, expired or already "
                     "used. Please sign in again.");
    EXPECT_EQ(fake.tokensIssued(), 0);

    // A code is single use: the second exchange of a real one is refused the same way.
    const std::string code = signIn(account, "s").at("code");
    account.exchange(code, 0);
    EXPECT_EQ(errorOf([&] { account.exchange(code, 0); }), error);
    EXPECT_EQ(errorOf([&] { account.exchange("", 0); }),
              "Oura's sign-in came back without an authorization code. Please sign in again.");

    for (const std::string& text : {error, log.text()})
    {
        EXPECT_EQ(text.find(madeUp), std::string::npos) << text;
        EXPECT_EQ(text.find(code), std::string::npos) << text;
        EXPECT_EQ(text.find(kSecret), std::string::npos) << text;
    }
}

TEST(OuraAccount, AWrongClientSecretIsAnOperatorProblemAndNeverShown)
{
    FakeOuraServer fake;
    OuraAccount::Options options = optionsFor(fake);
    options.clientSecret = "not-the-registered-secret-4242";
    OuraAccount account(options, httpTransports());
    LogCapture log;
    const std::string code = signIn(account, "s").at("code");
    const std::string error = errorOf([&] { account.exchange(code, 0); });
    EXPECT_EQ(error,
              "Oura refused to complete the sign-in (invalid_client). The server's Oura application may "
              "be misconfigured; please tell its operator.");
    EXPECT_NE(log.text().find("check OURA_CLIENT_ID, OURA_CLIENT_SECRET"), std::string::npos) << log.text();
    for (const std::string& text : {error, log.text()})
    {
        EXPECT_EQ(text.find(options.clientSecret), std::string::npos) << text;
        EXPECT_EQ(text.find(code), std::string::npos) << text;
    }
}

TEST(OuraAccount, AnUnreachableTokenEndpointAsksToTryAgain)
{
    FakeOuraServer fake;
    OuraAccount account(optionsFor(fake), httpTransports());
    const std::string code = signIn(account, "s").at("code");
    fake.script("/oauth/token", {ScriptedResponse::drop()});
    EXPECT_EQ(errorOf([&] { account.exchange(code, 0); }),
              "Oura could not be reached to complete the sign-in. Please try again in a moment.");
}

TEST(OuraAccount, WhenPersonalInfoFailsTheNewTokensAreRevoked)
{
    FakeOuraServer fake;
    OuraAccount account(optionsFor(fake), httpTransports());
    const std::string code = signIn(account, "s").at("code");
    fake.script("/v2/usercollection/personal_info",
                {ScriptedResponse::respond(403, R"({"detail":"secret upstream words"})")});
    const std::string error = errorOf([&] { account.exchange(code, 0); });
    EXPECT_EQ(error, "Oura did not let this sign-in read the account (HTTP 403: the Oura membership may have "
                     "lapsed).");
    EXPECT_EQ(error.find("secret upstream words"), std::string::npos);
    EXPECT_EQ(fake.requestCount("/oauth/revoke"), 1);
    EXPECT_FALSE(fake.isAccessTokenValid(fake.lastAccessToken()));

    const std::string second = signIn(account, "s").at("code");
    fake.script("/v2/usercollection/personal_info", {ScriptedResponse::respond(200, R"({"age":30})")});
    EXPECT_EQ(errorOf([&] { account.exchange(second, 0); }),
              "Oura's answer about who signed in carried no user id. Please sign in again.");
    EXPECT_FALSE(fake.isAccessTokenValid(fake.lastAccessToken()));
}

TEST(OuraAccount, RevokeEndsTheTokensAtOura)
{
    FakeOuraServer fake;
    OuraAccount account(optionsFor(fake), httpTransports());
    const auto linked = account.exchange(signIn(account, "s").at("code"), 0);
    ASSERT_TRUE(fake.isAccessTokenValid(linked.tokens.accessToken));
    account.revoke(linked.tokens);
    EXPECT_FALSE(fake.isAccessTokenValid(linked.tokens.accessToken));
    const auto requests = fake.requests();
    ASSERT_FALSE(requests.empty());
    EXPECT_EQ(requests.back().method, "GET");
    EXPECT_EQ(requests.back().path, "/oauth/revoke");

    // A token Oura no longer knows is not an error; Oura failing is.
    fake.script("/oauth/revoke", {ScriptedResponse::respond(401, R"({"detail":"Invalid token"})")});
    EXPECT_NO_THROW(account.revoke(linked.tokens));
    fake.script("/oauth/revoke", {ScriptedResponse::respond(503, "busy")});
    const std::string error = errorOf([&] { account.revoke(linked.tokens); });
    EXPECT_EQ(error, "Oura did not confirm the revocation (HTTP 503). Please try again in a moment.");
    EXPECT_EQ(error.find(linked.tokens.accessToken), std::string::npos);
    // Two drops: the transport retries a GET once on a fresh connection (a kept-alive one may be stale).
    fake.script("/oauth/revoke", {ScriptedResponse::drop(), ScriptedResponse::drop()});
    EXPECT_EQ(errorOf([&] { account.revoke(linked.tokens); }),
              "Oura could not be reached to revoke the sign-in. Please try again in a moment.");
}

TEST(OuraAccount, RefusesAConfigurationWithoutClientCredentialsOrWithRelativeUrls)
{
    FakeOuraServer fake;
    OuraAccount::Options missing = optionsFor(fake);
    missing.clientSecret.clear();
    EXPECT_THROW(OuraAccount(missing, httpTransports()), std::invalid_argument);
    OuraAccount::Options relative = optionsFor(fake);
    relative.revokeUrl = "/oauth/revoke";
    try
    {
        OuraAccount account(relative, httpTransports());
        ADD_FAILURE() << "a relative revoke URL was accepted";
    }
    catch (const std::invalid_argument& e)
    {
        EXPECT_EQ(std::string(e.what()),
                  "OURA_REVOKE_URL must be an absolute URL (it is \"/oauth/revoke\").");
    }
}

#include "FakeOuraServer.h"

#include "util/Json.h"

#include <Poco/Net/HTMLForm.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/StreamCopier.h>
#include <Poco/URI.h>

#include <gtest/gtest.h>

using OuraMcp::Json;
using OuraMcp::Testing::FakeOuraServer;
using OuraMcp::Testing::ScriptedResponse;

namespace {

struct Reply
{
    int status = 0;
    std::string body;
    Poco::Net::HTTPResponse head;
    Json json() const { return Json::parse(body); }
};

Reply call(const FakeOuraServer& server, const std::string& method, const std::string& target,
           const std::string& bearer = "", const std::string& form = "", int timeoutMs = 10000)
{
    Poco::Net::HTTPClientSession session("127.0.0.1", server.port());
    session.setTimeout(Poco::Timespan(0, timeoutMs * 1000));
    Poco::Net::HTTPRequest request(method, target, Poco::Net::HTTPMessage::HTTP_1_1);
    if (!bearer.empty())
        request.set("Authorization", "Bearer " + bearer);
    if (!form.empty())
    {
        request.setContentType("application/x-www-form-urlencoded");
        request.setContentLength(static_cast<std::streamsize>(form.size()));
    }
    session.sendRequest(request) << form;
    Reply reply;
    std::istream& in = session.receiveResponse(reply.head);
    Poco::StreamCopier::copyToString(in, reply.body);
    reply.status = reply.head.getStatus();
    return reply;
}

Reply get(const FakeOuraServer& server, const std::string& target, const std::string& bearer = "")
{
    return call(server, "GET", target, bearer);
}

std::string queryValue(const std::string& url, const std::string& name)
{
    for (const auto& [key, value] : Poco::URI(url).getQueryParameters())
        if (key == name)
            return value;
    return {};
}

std::string encode(const std::string& text)
{
    std::string out;
    Poco::URI::encode(text, "&=+ :/", out);
    return out;
}

FakeOuraServer::Options fixedToday()
{
    FakeOuraServer::Options options;
    options.today = "2026-11-20";
    return options;
}

const std::string kSleep = "/v2/usercollection/daily_sleep?start_date=2026-11-01&end_date=2026-11-02";

} // namespace

TEST(FakeOuraServer, RequiresAKnownBearerToken)
{
    FakeOuraServer server(fixedToday());
    EXPECT_NE(server.port(), 0);
    EXPECT_EQ(server.baseUrl(), "http://127.0.0.1:" + std::to_string(server.port()));

    const auto none = get(server, kSleep);
    EXPECT_EQ(none.status, 401);
    EXPECT_TRUE(none.json()["detail"].is_string());
    EXPECT_EQ(get(server, kSleep, "nobody-knows-me").status, 401);

    server.addAccessToken("pat-123456");
    const auto ok = get(server, kSleep, "pat-123456");
    ASSERT_EQ(ok.status, 200);
    EXPECT_EQ(ok.json()["data"].size(), 2u);
    EXPECT_EQ(server.requestCount("/v2/usercollection/daily_sleep"), 3);

    // The sandbox needs no credentials.
    EXPECT_EQ(get(server, "/v2/sandbox/usercollection/daily_sleep?start_date=2026-11-01&end_date=2026-11-02")
                  .status,
              200);
}

TEST(FakeOuraServer, MissingScopeGives401Or403)
{
    FakeOuraServer server(fixedToday());
    server.addAccessToken("daily-only", {"daily"});
    EXPECT_EQ(get(server, kSleep, "daily-only").status, 200);
    EXPECT_EQ(get(server, "/v2/usercollection/heartrate", "daily-only").status, 401);
    server.setMissingScopeStatus(403);
    EXPECT_EQ(get(server, "/v2/usercollection/workout", "daily-only").status, 403);

    server.setMembershipExpired(true);
    EXPECT_EQ(get(server, kSleep, "daily-only").status, 403);
    server.setMembershipExpired(false);

    // personal_info: the id for anyone, the rest with "personal" / "email".
    const auto info = get(server, "/v2/usercollection/personal_info", "daily-only");
    ASSERT_EQ(info.status, 200);
    EXPECT_TRUE(info.json()["id"].is_string());
    EXPECT_TRUE(info.json()["age"].is_null());
    EXPECT_TRUE(info.json()["email"].is_null());
}

TEST(FakeOuraServer, CodeFlowWithRotatingRefreshTokens)
{
    FakeOuraServer::Options options = fixedToday();
    options.consentScopes = {"daily", "personal"}; // the user unticks heartrate
    FakeOuraServer server(options);
    const std::string redirect = "http://127.0.0.1:9/callback";

    const auto authorize =
        get(server, "/oauth/authorize?response_type=code&client_id=test-client-id&redirect_uri=" +
                        encode(redirect) + "&state=st4te&scope=" + encode("daily heartrate"));
    ASSERT_EQ(authorize.status, 302);
    const std::string location = authorize.head.get("Location");
    EXPECT_EQ(location.rfind(redirect, 0), 0u) << location;
    EXPECT_EQ(queryValue(location, "state"), "st4te");
    EXPECT_EQ(queryValue(location, "scope"), "daily");
    const std::string code = queryValue(location, "code");
    ASSERT_FALSE(code.empty());

    const std::string exchange = "grant_type=authorization_code&code=" + encode(code) +
                                 "&redirect_uri=" + encode(redirect) +
                                 "&client_id=test-client-id&client_secret=test-client-secret";
    const auto first = call(server, "POST", "/oauth/token", "", exchange);
    ASSERT_EQ(first.status, 200) << first.body;
    const Json tokens = first.json();
    EXPECT_EQ(tokens["token_type"], "bearer");
    EXPECT_EQ(tokens["expires_in"], 86400);
    EXPECT_EQ(tokens["scope"], "extapi:daily");
    const std::string access = tokens["access_token"];
    const std::string refresh = tokens["refresh_token"];
    EXPECT_EQ(get(server, kSleep, access).status, 200);
    EXPECT_EQ(get(server, "/v2/usercollection/heartrate", access).status, 401); // not granted

    // Codes are single use.
    const auto again = call(server, "POST", "/oauth/token", "", exchange);
    EXPECT_EQ(again.status, 400);
    EXPECT_EQ(again.json()["error"], "invalid_grant");

    const std::string refreshForm = "grant_type=refresh_token&refresh_token=" + encode(refresh) +
                                    "&client_id=test-client-id&client_secret=test-client-secret";
    const auto rotated = call(server, "POST", "/oauth/token", "", refreshForm);
    ASSERT_EQ(rotated.status, 200) << rotated.body;
    EXPECT_NE(rotated.json()["refresh_token"], refresh);
    EXPECT_NE(rotated.json()["access_token"], access);
    EXPECT_EQ(rotated.json()["scope"], "extapi:daily");
    EXPECT_EQ(server.refreshCount(), 1);
    EXPECT_EQ(server.tokensIssued(), 2);

    const auto reused = call(server, "POST", "/oauth/token", "", refreshForm);
    EXPECT_EQ(reused.status, 400);
    EXPECT_EQ(reused.json()["error"], "invalid_grant");
    EXPECT_EQ(server.refreshCount(), 1);

    // Revoking the new access token makes it unusable.
    const std::string newAccess = rotated.json()["access_token"];
    EXPECT_EQ(get(server, kSleep, newAccess).status, 200);
    EXPECT_EQ(get(server, "/oauth/revoke?access_token=" + encode(newAccess)).status, 200);
    EXPECT_EQ(get(server, kSleep, newAccess).status, 401);
}

TEST(FakeOuraServer, EveryFakeUserSignsInToTheirOwnIdAndData)
{
    FakeOuraServer::Options options = fixedToday();
    options.users = {{"alice", 11}};
    FakeOuraServer server(options);
    const std::string bobId = server.addUser("bob", 22);
    const std::string aliceId = server.personalInfoId("alice");
    EXPECT_EQ(server.addUser("bob", 99), bobId); // the existing user, unchanged
    EXPECT_NE(aliceId, bobId);
    EXPECT_NE(aliceId, server.personalInfoId());
    EXPECT_EQ(server.personalInfoId("nobody"), "");
    EXPECT_THROW(server.addUser("no spaces", 1), std::invalid_argument);
    EXPECT_THROW(server.setDefaultUser("nobody"), std::invalid_argument);

    const std::string redirect = "http://127.0.0.1:9/callback";
    auto signIn = [&](const std::string& extra) {
        const auto authorize = get(server, "/oauth/authorize?response_type=code&client_id=test-client-id"
                                           "&redirect_uri=" +
                                               encode(redirect) + extra);
        EXPECT_EQ(authorize.status, 302) << authorize.body;
        const std::string code = queryValue(authorize.head.get("Location"), "code");
        const auto tokens =
            call(server, "POST", "/oauth/token", "",
                 "grant_type=authorization_code&code=" + encode(code) + "&redirect_uri=" + encode(redirect) +
                     "&client_id=test-client-id&client_secret=test-client-secret");
        EXPECT_EQ(tokens.status, 200) << tokens.body;
        return tokens.json();
    };
    auto idOf = [&](const std::string& access) {
        return get(server, "/v2/usercollection/personal_info", access).json()["id"].get<std::string>();
    };

    const Json alice = signIn("&fake_user=alice");
    EXPECT_EQ(idOf(alice["access_token"]), aliceId);
    EXPECT_EQ(server.userOfAccessToken(alice["access_token"]), "alice");
    const Json bob = signIn("&fake_user=bob");
    EXPECT_EQ(idOf(bob["access_token"]), bobId);
    // Different people, different data for the same day.
    EXPECT_NE(get(server, kSleep, alice["access_token"]).body, get(server, kSleep, bob["access_token"]).body);

    // Without fake_user: the default user, which setDefaultUser changes.
    EXPECT_EQ(idOf(signIn("")["access_token"]), server.personalInfoId());
    server.setDefaultUser("bob");
    EXPECT_EQ(idOf(signIn("")["access_token"]), bobId);

    // A refreshed token stays with its user.
    const auto refreshed =
        call(server, "POST", "/oauth/token", "",
             "grant_type=refresh_token&refresh_token=" + encode(alice["refresh_token"].get<std::string>()) +
                 "&client_id=test-client-id&client_secret=test-client-secret");
    ASSERT_EQ(refreshed.status, 200) << refreshed.body;
    EXPECT_EQ(idOf(refreshed.json()["access_token"]), aliceId);

    const auto unknown =
        get(server, "/oauth/authorize?response_type=code&client_id=test-client-id&redirect_uri=" +
                        encode(redirect) + "&fake_user=nobody");
    EXPECT_EQ(unknown.status, 400);
    EXPECT_EQ(unknown.json()["error"], "invalid_request");
}

TEST(FakeOuraServer, ExpiredAccessTokensAreRejected)
{
    FakeOuraServer server(fixedToday());
    server.addRefreshToken("stored-refresh");
    const auto issued = call(server, "POST", "/oauth/token", "",
                             "grant_type=refresh_token&refresh_token=stored-refresh&client_id=test-client-id"
                             "&client_secret=test-client-secret");
    ASSERT_EQ(issued.status, 200);
    const std::string access = issued.json()["access_token"];
    EXPECT_EQ(get(server, kSleep, access).status, 200);
    server.expireAllAccessTokens();
    EXPECT_EQ(get(server, kSleep, access).status, 401);
    EXPECT_EQ(call(server, "POST", "/oauth/token", "",
                   "grant_type=refresh_token&refresh_token=x&client_id=test-client-id&client_secret=wrong")
                  .json()["error"],
              "invalid_client");
}

TEST(FakeOuraServer, NewPortalModeRefusesRefreshAtTheOldPath)
{
    FakeOuraServer::Options options = fixedToday();
    options.newPortalMode = true;
    FakeOuraServer server(options);
    server.addRefreshToken("r1");
    const std::string form =
        "grant_type=refresh_token&refresh_token=r1&client_id=test-client-id&client_secret=test-client-secret";
    const auto old = call(server, "POST", "/oauth/token", "", form);
    EXPECT_EQ(old.status, 400);
    EXPECT_EQ(old.json()["error"], "invalid_request");
    const auto fresh = call(server, "POST", FakeOuraServer::newPortalTokenPath, "", form);
    EXPECT_EQ(fresh.status, 200) << fresh.body;
    EXPECT_EQ(server.refreshCount(), 1);
}

TEST(FakeOuraServer, ScriptedRateLimitThenSuccess)
{
    FakeOuraServer server(fixedToday());
    server.addAccessToken("pat-123456");
    server.script("/v2/usercollection/daily_sleep", {ScriptedResponse::rateLimited(7)});
    const auto limited = get(server, kSleep, "pat-123456");
    EXPECT_EQ(limited.status, 429);
    EXPECT_EQ(limited.head.get("Retry-After"), "7");
    EXPECT_EQ(limited.head.get("X-RateLimit-Limit"), "5000");
    EXPECT_EQ(limited.head.get("X-RateLimit-Window"), "300");
    EXPECT_TRUE(limited.head.has("X-RateLimit-Reset"));
    EXPECT_TRUE(limited.head.has("X-RateLimit-Tier"));
    EXPECT_EQ(server.pendingScripts(), 0u);
    EXPECT_EQ(get(server, kSleep, "pat-123456").status, 200);

    server.script("/v2/usercollection/",
                  {ScriptedResponse::respond(503, R"({"detail":"busy"})"), ScriptedResponse::respond(502)});
    EXPECT_EQ(get(server, kSleep, "pat-123456").status, 503);
    EXPECT_EQ(get(server, "/v2/usercollection/heartrate", "pat-123456").status, 502);
    EXPECT_EQ(get(server, kSleep, "pat-123456").status, 200);
    EXPECT_EQ(server.requestCountWithPrefix("/v2/usercollection/"), 5);
}

TEST(FakeOuraServer, TruncatedBodyIsShorterThanAnnounced)
{
    FakeOuraServer server(fixedToday());
    server.script("/v2/usercollection/daily_sleep", {ScriptedResponse::truncated(R"({"data":[{"day":)")});
    Poco::Net::HTTPClientSession session("127.0.0.1", server.port());
    session.setTimeout(Poco::Timespan(10, 0));
    Poco::Net::HTTPRequest request("GET", kSleep, Poco::Net::HTTPMessage::HTTP_1_1);
    session.sendRequest(request);
    Poco::Net::HTTPResponse response;
    std::istream& in = session.receiveResponse(response);
    std::string body;
    try
    {
        Poco::StreamCopier::copyToString(in, body);
    }
    catch (const Poco::Exception&)
    {
        // Some Poco versions report the early EOF as an exception; either way the body is short.
    }
    EXPECT_EQ(response.getStatus(), 200);
    EXPECT_EQ(body, R"({"data":[{"day":)");
    EXPECT_GT(response.getContentLength(), static_cast<std::streamsize>(body.size()));
}

TEST(FakeOuraServer, DroppedConnectionGivesNoResponse)
{
    FakeOuraServer server(fixedToday());
    server.script("/v2/usercollection/daily_sleep", {ScriptedResponse::drop()});
    EXPECT_THROW(get(server, kSleep), Poco::Exception);
    EXPECT_EQ(server.requestCount("/v2/usercollection/daily_sleep"), 1);
}

TEST(FakeOuraServer, StalledResponseOutlastsTheClientTimeout)
{
    FakeOuraServer server(fixedToday());
    server.script("/v2/usercollection/daily_sleep", {ScriptedResponse::stall(60000)});
    EXPECT_THROW(call(server, "GET", kSleep, "", "", 200), Poco::TimeoutException);
    server.stop(); // wakes the stalled handler instead of waiting a minute
}

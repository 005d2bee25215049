// The authorization server end to end, through its Route interface (as the HTTP transport calls it), against a
// real SQLite store in a temp folder. Oura is a fake UpstreamAccount and the metadata-document fetcher a fake
// ClientMetadataFetcher; the clock is the options' own. Every secret the tests see (codes, tokens, client
// secrets, Oura's tokens) is collected, and no error body, page or log line may contain one.
#include "TempDir.h"

#include "oauth/AuthorizationServer.h"
#include "oauth/Pkce.h"
#include "oauth/RedirectUri.h"
#include "store/StoreKey.h"
#include "store/UserStore.h"
#include "util/Base64Url.h"
#include "util/Log.h"

#include <Poco/Base64Encoder.h>
#include <Poco/URI.h>

#include <gtest/gtest.h>

#include <condition_variable>
#include <functional>
#include <map>
#include <mutex>
#include <sstream>
#include <thread>

using namespace OuraMcp;
using namespace OuraMcp::OAuth;
using Http::WebRequest;
using Http::WebResponse;

namespace {

const std::string PublicUrl = "https://mcp.example.com";
const std::string Resource = PublicUrl + "/mcp";
const std::string ClientRedirect = "https://client.example/callback";
const std::string Verifier = "verifier-0123456789-0123456789-0123456789-abcdef";
const std::string OuraCode = "oura-code-Hq3";
constexpr std::int64_t T0 = 1'800'000'000;

class FakeOura : public UpstreamAccount
{
public:
    std::string authorizeUrl(const std::string& state, const std::string& scopes) const override
    {
        return RedirectUri::withParameters("https://cloud.ouraring.test/oauth/authorize",
                                           {{"state", state}, {"scope", scopes}});
    }

    Linked exchange(const std::string& code, std::int64_t now) override
    {
        ++exchanges;
        if (code != OuraCode)
            throw Error("Oura refused the authorization code");
        return Linked{"oura-person-1",
                      Store::OuraTokens{"oura-access-Zq7", "oura-refresh-Kx9", now + 86400, granted}};
    }

    void revoke(const Store::OuraTokens&) override {}

    int exchanges = 0;
    std::string granted = "extapi:daily extapi:heartrate";
};

class FakeFetcher : public ClientMetadataFetcher
{
public:
    Document fetch(const std::string& url) override
    {
        ++fetches;
        const auto it = documents.find(url);
        if (it == documents.end())
            throw Error("client.example did not answer");
        return it->second;
    }

    std::map<std::string, Document> documents;
    int fetches = 0;
};

std::string headerOf(const WebResponse& response, const std::string& name)
{
    for (const auto& [key, value] : response.headers)
        if (key == name)
            return value;
    return "";
}

std::map<std::string, std::string> queryOf(const std::string& url)
{
    std::map<std::string, std::string> out;
    for (const auto& [name, value] : Poco::URI(url).getQueryParameters())
        out[name] = value;
    return out;
}

std::string basic(const std::string& clientId, const std::string& clientSecret)
{
    std::ostringstream out;
    Poco::Base64Encoder encoder(out);
    encoder << clientId << ":" << clientSecret;
    encoder.close();
    return "Basic " + out.str();
}

std::string beforeQuery(const std::string& url)
{
    return url.substr(0, url.find('?'));
}

/// Runs a on a second thread and b on this one, released together, so that a check-then-act race would show.
void together(const std::function<void()>& a, const std::function<void()>& b)
{
    std::mutex mutex;
    std::condition_variable ready;
    int arrived = 0;
    const auto arrive = [&] {
        std::unique_lock<std::mutex> lock(mutex);
        if (++arrived == 2)
            ready.notify_all();
        ready.wait(lock, [&] { return arrived == 2; });
    };
    std::thread thread([&] {
        arrive();
        a();
    });
    arrive();
    b();
    thread.join();
}

class AuthorizationServerTest : public ::testing::Test
{
protected:
    void SetUp() override
    {
        Util::Log::setListener([this](Util::Log::Level, const std::string&, const std::string& message) {
            std::lock_guard<std::mutex> lock(_logMutex);
            _log.push_back(message);
        });
        auto key = std::make_shared<const Store::StoreKey>(
            std::vector<Store::StoreKey::Entry>{Store::StoreKey::generate()});
        _store = Store::UserStore::open("sqlite:" + _dir.file("store.db"), key);
        _server = makeServer(PublicUrl);
        secret(OuraCode);
        secret("oura-access-Zq7");
        secret("oura-refresh-Kx9");
    }

    void TearDown() override
    {
        Util::Log::setListener(nullptr);
        for (const auto& line : _log)
            expectNoSecret(line, "log line");
    }

    std::unique_ptr<AuthorizationServer> makeServer(const std::string& publicUrl,
                                                    std::chrono::seconds tokenCheckMemory = {})
    {
        AuthorizationServerOptions options;
        options.tokenCheckMemory = tokenCheckMemory;
        options.publicUrl = publicUrl;
        options.scopes = {"daily", "heartrate", "personal"};
        options.stateKey = std::string(32, 'S');
        options.now = [this] { return _now; };
        return std::make_unique<AuthorizationServer>(options, *_store, _oura, _fetcher);
    }

    /// Remembers a value that must never appear in an error body, a page or a log line.
    const std::string& secret(const std::string& value)
    {
        _secrets.push_back(value);
        return value;
    }

    void expectNoSecret(const std::string& text, const std::string& where) const
    {
        for (const auto& s : _secrets)
            EXPECT_EQ(text.find(s), std::string::npos) << where << " contains a secret: " << text;
    }

    /// Serves a request that must fail: its body and its headers (a redirect's Location included) carry no secret.
    WebResponse refused(const WebRequest& request)
    {
        WebResponse response = _server->serve(request);
        expectNoSecret(response.body, "the error body");
        for (const auto& header : response.headers)
            expectNoSecret(header.second, header.first);
        return response;
    }

    static WebRequest get(const std::string& path, std::map<std::string, std::string> query = {})
    {
        WebRequest request;
        request.method = "GET";
        request.path = path;
        request.query = std::move(query);
        return request;
    }

    static WebRequest post(const std::string& path, std::map<std::string, std::string> form)
    {
        WebRequest request;
        request.method = "POST";
        request.path = path;
        request.form = std::move(form);
        request.contentType = "application/x-www-form-urlencoded";
        return request;
    }

    static WebRequest postJson(const std::string& path, const Json& body)
    {
        WebRequest request;
        request.method = "POST";
        request.path = path;
        request.body = body.dump();
        request.contentType = "application/json";
        return request;
    }

    Json registerClient(Json body)
    {
        const WebResponse response = _server->serve(postJson("/register", body));
        EXPECT_EQ(response.status, 201) << response.body;
        Json answer = Json::parse(response.body);
        if (answer.contains("client_secret"))
            secret(answer["client_secret"].get<std::string>());
        return answer;
    }

    std::string registerPublicClient()
    {
        return registerClient(Json{{"client_name", "Test Client"},
                                   {"redirect_uris", {ClientRedirect}},
                                   {"token_endpoint_auth_method", "none"}})["client_id"];
    }

    std::map<std::string, std::string> authorizeQuery(const std::string& clientId)
    {
        return {{"response_type", "code"},
                {"client_id", clientId},
                {"redirect_uri", ClientRedirect},
                {"code_challenge", Pkce::challengeOf(Verifier)},
                {"code_challenge_method", "S256"},
                {"state", "client-state-1"},
                {"resource", Resource},
                {"scope", "daily heartrate"}};
    }

    static std::string consentFieldOf(const WebResponse& page)
    {
        const std::string marker = "name=\"consent\" value=\"";
        const auto start = page.body.find(marker);
        if (start == std::string::npos)
            return "";
        const auto valueStart = start + marker.size();
        return page.body.substr(valueStart, page.body.find('"', valueStart) - valueStart);
    }

    static std::string cookieOf(const WebResponse& response)
    {
        const std::string setCookie = headerOf(response, "Set-Cookie");
        return setCookie.substr(0, setCookie.find(';'));
    }

    WebRequest decision(const std::string& consent, const std::string& cookie, const std::string& choice)
    {
        WebRequest request = post("/authorize/decision", {{"consent", consent}, {"decision", choice}});
        request.cookie = cookie;
        return request;
    }

    /// Authorize, allow, and come back from Oura: the redirect to the client (carrying the code).
    WebResponse signIn(const std::map<std::string, std::string>& query)
    {
        const WebResponse page = _server->serve(get("/authorize", query));
        EXPECT_EQ(page.status, 200) << page.body;
        const std::string cookie = cookieOf(page);
        const WebResponse toOura = _server->serve(decision(consentFieldOf(page), cookie, "allow"));
        EXPECT_EQ(toOura.status, 302) << toOura.body;
        WebRequest callback =
            get("/oauth/oura/callback",
                {{"code", OuraCode}, {"state", queryOf(headerOf(toOura, "Location"))["state"]}});
        callback.cookie = cookie;
        return _server->serve(callback);
    }

    std::string obtainCode(const std::string& clientId)
    {
        const WebResponse back = signIn(authorizeQuery(clientId));
        EXPECT_EQ(back.status, 302) << back.body;
        return secret(queryOf(headerOf(back, "Location"))["code"]);
    }

    WebResponse exchange(const std::string& clientId, const std::string& code,
                         const std::string& verifier = Verifier)
    {
        return _server->serve(post("/token", {{"grant_type", "authorization_code"},
                                              {"client_id", clientId},
                                              {"code", code},
                                              {"code_verifier", verifier},
                                              {"redirect_uri", ClientRedirect},
                                              {"resource", Resource}}));
    }

    /// The token answer of a successful exchange, its tokens remembered as secrets.
    Json tokens(const WebResponse& response)
    {
        EXPECT_EQ(response.status, 200) << response.body;
        Json answer = Json::parse(response.body);
        secret(answer.value("access_token", ""));
        secret(answer.value("refresh_token", ""));
        return answer;
    }

    WebResponse refresh(const std::string& clientId, const std::string& refreshToken)
    {
        return _server->serve(post(
            "/token",
            {{"grant_type", "refresh_token"}, {"client_id", clientId}, {"refresh_token", refreshToken}}));
    }

    Http::Authenticator::Outcome authenticate(const std::string& accessToken)
    {
        return _server->authenticator().authenticate("Bearer " + accessToken);
    }

    static std::string errorOf(const WebResponse& response)
    {
        const Json body = Json::parse(response.body, nullptr, false);
        return body.is_object() ? body.value("error", "") : "";
    }

    Testing::TempDir _dir;
    std::unique_ptr<Store::UserStore> _store;
    FakeOura _oura;
    FakeFetcher _fetcher;
    std::int64_t _now = T0;
    std::unique_ptr<AuthorizationServer> _server;
    std::vector<std::string> _secrets;
    std::mutex _logMutex;
    std::vector<std::string> _log;
};

// The happy path

TEST_F(AuthorizationServerTest, RegisterAuthorizeConsentCallbackTokenAuthenticateRefresh)
{
    const std::string clientId = registerPublicClient();

    const WebResponse page = _server->serve(get("/authorize", authorizeQuery(clientId)));
    ASSERT_EQ(page.status, 200) << page.body;
    EXPECT_EQ(page.contentType, "text/html; charset=utf-8");
    EXPECT_EQ(headerOf(page, "Cache-Control"), "no-store");
    EXPECT_EQ(headerOf(page, "X-Frame-Options"), "DENY");
    EXPECT_NE(headerOf(page, "Content-Security-Policy").find("frame-ancestors 'none'"), std::string::npos);
    EXPECT_NE(page.body.find("Test Client"), std::string::npos);
    EXPECT_NE(page.body.find("heart rate"), std::string::npos);
    EXPECT_NE(page.body.find("action=\"https://mcp.example.com/authorize/decision\""), std::string::npos);
    EXPECT_EQ(page.body.find("<script"), std::string::npos);
    const std::string setCookie = headerOf(page, "Set-Cookie");
    EXPECT_EQ(setCookie.rfind("__Host-omcp_browser=", 0), 0u) << setCookie;
    for (const char* attribute : {"; Path=/", "; HttpOnly", "; SameSite=Lax", "; Secure"})
        EXPECT_NE(setCookie.find(attribute), std::string::npos) << attribute;
    EXPECT_EQ(setCookie.find("Domain"), std::string::npos);

    const std::string cookie = cookieOf(page);
    const WebResponse toOura = _server->serve(decision(consentFieldOf(page), cookie, "allow"));
    ASSERT_EQ(toOura.status, 302) << toOura.body;
    const std::string ouraUrl = headerOf(toOura, "Location");
    EXPECT_EQ(beforeQuery(ouraUrl), "https://cloud.ouraring.test/oauth/authorize");
    EXPECT_EQ(queryOf(ouraUrl)["scope"], "daily heartrate");

    WebRequest callback =
        get("/oauth/oura/callback", {{"code", OuraCode}, {"state", queryOf(ouraUrl)["state"]}});
    callback.cookie = cookie;
    const WebResponse back = _server->serve(callback);
    ASSERT_EQ(back.status, 302) << back.body;
    const std::string location = headerOf(back, "Location");
    EXPECT_EQ(beforeQuery(location), ClientRedirect);
    auto params = queryOf(location);
    EXPECT_EQ(params["state"], "client-state-1");
    EXPECT_EQ(params["iss"], PublicUrl);
    const std::string code = secret(params["code"]);
    EXPECT_EQ(code.rfind("omcp_ac_", 0), 0u);

    const auto user = _store->findUserByOuraId("oura-person-1");
    ASSERT_TRUE(user);
    const auto ouraTokens = _store->ouraTokens(user->id);
    ASSERT_TRUE(ouraTokens);
    EXPECT_EQ(ouraTokens->refreshToken, "oura-refresh-Kx9");
    ASSERT_EQ(_store->grantsOf(user->id).size(), 1u);
    EXPECT_EQ(_store->grantsOf(user->id)[0].resource, Resource);

    const WebResponse tokenResponse = exchange(clientId, code);
    EXPECT_EQ(headerOf(tokenResponse, "Cache-Control"), "no-store");
    EXPECT_EQ(headerOf(tokenResponse, "Pragma"), "no-cache");
    const Json issued = tokens(tokenResponse);
    EXPECT_EQ(issued["token_type"], "Bearer");
    EXPECT_EQ(issued["expires_in"], 3600);
    EXPECT_EQ(issued["scope"], "daily heartrate");
    const std::string access = issued["access_token"];
    const std::string refreshToken = issued["refresh_token"];
    EXPECT_EQ(access.rfind("omcp_at_", 0), 0u);
    EXPECT_GE(access.size(), 8u + 43u); // 256 bits of base64url after the prefix
    EXPECT_EQ(refreshToken.rfind("omcp_rt_", 0), 0u);

    const auto outcome = authenticate(access);
    ASSERT_TRUE(outcome.principal) << outcome.reason;
    EXPECT_EQ(outcome.principal->userId, user->id);
    EXPECT_EQ(outcome.principal->clientId, clientId);
    EXPECT_EQ(outcome.principal->scopes, "daily heartrate");

    _now += 600;
    const Json refreshed = tokens(refresh(clientId, refreshToken));
    EXPECT_NE(refreshed["access_token"], access);
    EXPECT_NE(refreshed["refresh_token"], refreshToken);
    const auto again = authenticate(refreshed["access_token"]);
    ASSERT_TRUE(again.principal) << again.reason;
    EXPECT_EQ(again.principal->userId, user->id);
}

TEST_F(AuthorizationServerTest, GrantsOnlyTheScopesOuraGranted)
{
    _oura.granted = "extapi:daily"; // the person unticked heart rate at Oura
    const std::string clientId = registerPublicClient();
    const Json issued = tokens(exchange(clientId, obtainCode(clientId)));
    EXPECT_EQ(issued["scope"], "daily");
}

// Metadata

TEST_F(AuthorizationServerTest, AuthorizationServerMetadataNamesEveryEndpointAndCapability)
{
    const WebResponse response = _server->serve(get("/.well-known/oauth-authorization-server"));
    ASSERT_EQ(response.status, 200);
    const Json m = Json::parse(response.body);
    EXPECT_EQ(m["issuer"], PublicUrl);
    EXPECT_EQ(m["authorization_endpoint"], PublicUrl + "/authorize");
    EXPECT_EQ(m["token_endpoint"], PublicUrl + "/token");
    EXPECT_EQ(m["registration_endpoint"], PublicUrl + "/register");
    EXPECT_EQ(m["revocation_endpoint"], PublicUrl + "/revoke");
    EXPECT_EQ(m["response_types_supported"], Json::array({"code"}));
    EXPECT_EQ(m["grant_types_supported"], Json::array({"authorization_code", "refresh_token"}));
    EXPECT_EQ(m["code_challenge_methods_supported"], Json::array({"S256"}));
    EXPECT_EQ(m["token_endpoint_auth_methods_supported"],
              Json::array({"none", "client_secret_post", "client_secret_basic"}));
    EXPECT_EQ(m["scopes_supported"], Json::array({"daily", "heartrate", "personal"}));
    EXPECT_EQ(m["client_id_metadata_document_supported"], true);
    EXPECT_EQ(m["authorization_response_iss_parameter_supported"], true);
    EXPECT_EQ(Json::parse(_server->serve(get("/.well-known/openid-configuration")).body), m);
    EXPECT_EQ(headerOf(response, "Access-Control-Allow-Origin"), "*");
    EXPECT_EQ(_server->serve(post("/.well-known/oauth-authorization-server", {})).status, 405);
}

TEST_F(AuthorizationServerTest, BrowserClientsOnOtherOriginsMayCallTheFetchEndpoints)
{
    // A browser-based MCP client (the MCP Inspector) fetches metadata with MCP-Protocol-Version, registers with
    // JSON and may authenticate with Authorization: each needs a preflight, and every answer needs the header.
    for (const auto& [path, method] : std::vector<std::pair<std::string, std::string>>{
             {"/.well-known/oauth-authorization-server", "GET"},
             {"/.well-known/oauth-protected-resource/mcp", "GET"},
             {"/token", "POST"},
             {"/revoke", "POST"},
             {"/register", "POST"}})
    {
        WebRequest options;
        options.method = "OPTIONS";
        options.path = path;
        ASSERT_TRUE(_server->handles("OPTIONS", path)) << path;
        const WebResponse preflight = _server->serve(options);
        EXPECT_EQ(preflight.status, 204) << path;
        EXPECT_EQ(headerOf(preflight, "Access-Control-Allow-Origin"), "*") << path;
        EXPECT_EQ(headerOf(preflight, "Access-Control-Allow-Methods"), method + ", OPTIONS") << path;
        const std::string headers = headerOf(preflight, "Access-Control-Allow-Headers");
        for (const char* header : {"Authorization", "Content-Type", "MCP-Protocol-Version"})
            EXPECT_NE(headers.find(header), std::string::npos) << path << " " << header;
    }
    const std::string clientId = registerPublicClient();
    const WebResponse registered = _server->serve(postJson(
        "/register", Json{{"redirect_uris", {ClientRedirect}}, {"token_endpoint_auth_method", "none"}}));
    EXPECT_EQ(headerOf(registered, "Access-Control-Allow-Origin"), "*");
    const WebResponse issued = exchange(clientId, obtainCode(clientId));
    tokens(issued);
    EXPECT_EQ(headerOf(issued, "Access-Control-Allow-Origin"), "*");
    // Errors too, so that the client can read why.
    const WebResponse refusedGrant = refused(post(
        "/token",
        {{"grant_type", "refresh_token"}, {"client_id", clientId}, {"refresh_token", "omcp_rt_unknown"}}));
    EXPECT_EQ(refusedGrant.status, 400);
    EXPECT_EQ(headerOf(refusedGrant, "Access-Control-Allow-Origin"), "*");

    // The browser's own steps are navigations: no CORS there.
    const WebResponse page = _server->serve(get("/authorize", authorizeQuery(clientId)));
    EXPECT_EQ(headerOf(page, "Access-Control-Allow-Origin"), "");
    WebRequest options;
    options.method = "OPTIONS";
    options.path = "/authorize";
    const WebResponse noPreflight = _server->serve(options);
    EXPECT_EQ(noPreflight.status, 405);
    EXPECT_EQ(headerOf(noPreflight, "Access-Control-Allow-Origin"), "");
}

TEST_F(AuthorizationServerTest, ProtectedResourceMetadataAtBothPaths)
{
    for (const char* path :
         {"/.well-known/oauth-protected-resource", "/.well-known/oauth-protected-resource/mcp"})
    {
        ASSERT_TRUE(_server->handles("GET", path));
        const WebResponse response = _server->serve(get(path));
        ASSERT_EQ(response.status, 200) << path;
        const Json m = Json::parse(response.body);
        EXPECT_EQ(m["resource"], Resource);
        EXPECT_EQ(m["authorization_servers"], Json::array({PublicUrl}));
        EXPECT_EQ(m["scopes_supported"], Json::array({"daily", "heartrate", "personal"}));
        EXPECT_EQ(m["bearer_methods_supported"], Json::array({"header"}));
    }
    EXPECT_FALSE(_server->handles("GET", "/.well-known/oauth-protected-resource/other"));
    EXPECT_FALSE(_server->handles("GET", "/mcp"));
}

// The bearer check

TEST_F(AuthorizationServerTest, NoTokenIsChallengedWithTheResourceMetadata)
{
    const auto outcome = _server->authenticator().authenticate("");
    EXPECT_FALSE(outcome.principal);
    EXPECT_EQ(outcome.status, 401);
    EXPECT_EQ(outcome.wwwAuthenticate, "Bearer resource_metadata=\"https://mcp.example.com/.well-known/"
                                       "oauth-protected-resource/mcp\", scope=\"daily heartrate personal\"");
}

TEST_F(AuthorizationServerTest, ForgedTokenIsRefusedAsInvalidToken)
{
    const std::string forged = secret("omcp_at_" + std::string(43, 'A'));
    const auto outcome = authenticate(forged);
    EXPECT_FALSE(outcome.principal);
    EXPECT_EQ(outcome.status, 401);
    EXPECT_NE(outcome.wwwAuthenticate.find("error=\"invalid_token\""), std::string::npos);
    EXPECT_NE(outcome.wwwAuthenticate.find("resource_metadata="), std::string::npos);
    expectNoSecret(outcome.reason + outcome.wwwAuthenticate, "the refusal");
    EXPECT_FALSE(_server->authenticator().authenticate("Basic " + forged).principal);
}

TEST_F(AuthorizationServerTest, TokenForAnotherResourceIsRefused)
{
    const std::string clientId = registerPublicClient();
    const std::string access = tokens(exchange(clientId, obtainCode(clientId)))["access_token"];
    const auto user = _store->findUserByOuraId("oura-person-1");
    const std::string foreign = secret("omcp_at_foreign-resource-token-0123456789abcdef");
    const std::string family = _store->startRefreshFamily(clientId, user->id, "", _now);
    _store->saveAccessToken(foreign, Store::AccessToken{clientId, user->id, "daily",
                                                        "https://other.example/mcp", family, _now + 3600});
    EXPECT_TRUE(authenticate(access).principal) << "the control: a token for this resource";
    const auto outcome = authenticate(foreign);
    EXPECT_FALSE(outcome.principal);
    EXPECT_EQ(outcome.status, 401);
    EXPECT_NE(outcome.wwwAuthenticate.find("error=\"invalid_token\""), std::string::npos);
    EXPECT_NE(outcome.reason.find("another resource"), std::string::npos);
}

TEST_F(AuthorizationServerTest, ExpiredTokenIsRefused)
{
    const std::string clientId = registerPublicClient();
    const std::string access = tokens(exchange(clientId, obtainCode(clientId)))["access_token"];
    _now += 3599;
    EXPECT_TRUE(authenticate(access).principal);
    _now += 1;
    const auto outcome = authenticate(access);
    EXPECT_FALSE(outcome.principal);
    EXPECT_NE(outcome.wwwAuthenticate.find("error=\"invalid_token\""), std::string::npos);
}

TEST_F(AuthorizationServerTest, RevokedAccessTokenEndsItsFamily)
{
    const std::string clientId = registerPublicClient();
    const Json issued = tokens(exchange(clientId, obtainCode(clientId)));
    const WebResponse revoked =
        _server->serve(post("/revoke", {{"token", issued["access_token"]}, {"client_id", clientId}}));
    EXPECT_EQ(revoked.status, 200) << revoked.body;
    EXPECT_FALSE(authenticate(issued["access_token"]).principal);
    const WebResponse afterwards = refused(post("/token", {{"grant_type", "refresh_token"},
                                                           {"client_id", clientId},
                                                           {"refresh_token", issued["refresh_token"]}}));
    EXPECT_EQ(errorOf(afterwards), "invalid_grant") << "the refresh token went with its family";
}

TEST_F(AuthorizationServerTest, ARememberedTokenCheckOutlivesARevocationOnlyForItsWindow)
{
    _server = makeServer(PublicUrl, std::chrono::seconds(2));
    const std::string clientId = registerPublicClient();
    const Json issued = tokens(exchange(clientId, obtainCode(clientId)));
    const std::string access = issued["access_token"];
    EXPECT_TRUE(authenticate(access).principal);
    EXPECT_EQ(_server->serve(post("/revoke", {{"token", access}, {"client_id", clientId}})).status, 200);
    EXPECT_TRUE(authenticate(access).principal)
        << "the check is remembered for its window (PostgreSQL's trade)";
    _now += 2;
    EXPECT_FALSE(authenticate(access).principal) << "after the window the store is asked again";
    EXPECT_FALSE(authenticate("omcp_at_never-issued-0123456789abcdefghij").principal)
        << "a token never checked is never taken from memory";
}

TEST_F(AuthorizationServerTest, RevokedRefreshTokenEndsItsFamilyAndUnknownTokensAreNotAnError)
{
    const std::string clientId = registerPublicClient();
    const Json issued = tokens(exchange(clientId, obtainCode(clientId)));
    EXPECT_EQ(
        _server->serve(post("/revoke", {{"token", issued["refresh_token"]}, {"client_id", clientId}})).status,
        200);
    EXPECT_FALSE(authenticate(issued["access_token"]).principal);
    EXPECT_EQ(_server->serve(post("/revoke", {{"token", "omcp_rt_unknown"}, {"client_id", clientId}})).status,
              200);
    EXPECT_EQ(_server->serve(post("/revoke", {{"token", "omcp_at_unknown"}, {"client_id", "nobody"}})).status,
              401);
}

TEST_F(AuthorizationServerTest, RevocationByAConfidentialClientNeedsItsSecret)
{
    const Json answer = registerClient(
        Json{{"redirect_uris", {ClientRedirect}}, {"token_endpoint_auth_method", "client_secret_post"}});
    const std::string clientId = answer["client_id"];
    WebRequest exchangeRequest = post("/token", {{"grant_type", "authorization_code"},
                                                 {"client_id", clientId},
                                                 {"client_secret", answer["client_secret"]},
                                                 {"code", obtainCode(clientId)},
                                                 {"code_verifier", Verifier}});
    const Json issued = tokens(_server->serve(exchangeRequest));
    const WebResponse anonymous =
        refused(post("/revoke", {{"token", issued["access_token"]}, {"client_id", clientId}}));
    EXPECT_EQ(anonymous.status, 401);
    EXPECT_EQ(errorOf(anonymous), "invalid_client");
    EXPECT_TRUE(authenticate(issued["access_token"]).principal) << "nothing was revoked";
    EXPECT_EQ(_server
                  ->serve(post("/revoke", {{"token", issued["access_token"]},
                                           {"client_id", clientId},
                                           {"client_secret", answer["client_secret"]}}))
                  .status,
              200);
    EXPECT_FALSE(authenticate(issued["access_token"]).principal);
}

// Refresh tokens and codes

TEST_F(AuthorizationServerTest, RefreshTokenReuseRevokesTheFamily)
{
    const std::string clientId = registerPublicClient();
    const Json first = tokens(exchange(clientId, obtainCode(clientId)));
    const Json second = tokens(refresh(clientId, first["refresh_token"]));
    ASSERT_TRUE(authenticate(second["access_token"]).principal);

    const WebResponse reuse = refused(post("/token", {{"grant_type", "refresh_token"},
                                                      {"client_id", clientId},
                                                      {"refresh_token", first["refresh_token"]}}));
    EXPECT_EQ(reuse.status, 400);
    EXPECT_EQ(errorOf(reuse), "invalid_grant");
    EXPECT_FALSE(authenticate(second["access_token"]).principal) << "the family's access tokens are revoked";
    EXPECT_FALSE(authenticate(first["access_token"]).principal);
    EXPECT_EQ(errorOf(refused(post("/token", {{"grant_type", "refresh_token"},
                                              {"client_id", clientId},
                                              {"refresh_token", second["refresh_token"]}}))),
              "invalid_grant")
        << "the successor is revoked too";
}

TEST_F(AuthorizationServerTest, RefreshByAnotherClientIsRefused)
{
    const std::string clientId = registerPublicClient();
    const std::string otherId = registerPublicClient();
    const Json issued = tokens(exchange(clientId, obtainCode(clientId)));
    const WebResponse response = refused(post("/token", {{"grant_type", "refresh_token"},
                                                         {"client_id", otherId},
                                                         {"refresh_token", issued["refresh_token"]}}));
    EXPECT_EQ(errorOf(response), "invalid_grant");
    EXPECT_FALSE(authenticate(issued["access_token"]).principal) << "a leaked refresh token ends its family";
}

TEST_F(AuthorizationServerTest, RefreshMayNarrowTheScopeButNotWidenIt)
{
    const std::string clientId = registerPublicClient();
    const Json issued = tokens(exchange(clientId, obtainCode(clientId)));
    const Json narrowed =
        tokens(_server->serve(post("/token", {{"grant_type", "refresh_token"},
                                              {"client_id", clientId},
                                              {"scope", "daily"},
                                              {"refresh_token", issued["refresh_token"]}})));
    EXPECT_EQ(narrowed["scope"], "daily");
    EXPECT_EQ(authenticate(narrowed["access_token"]).principal->scopes, "daily");
    const WebResponse widened = refused(post("/token", {{"grant_type", "refresh_token"},
                                                        {"client_id", clientId},
                                                        {"scope", "daily personal"},
                                                        {"refresh_token", narrowed["refresh_token"]}}));
    EXPECT_EQ(errorOf(widened), "invalid_scope");
}

TEST_F(AuthorizationServerTest, CodeReplayIsRefusedAndRevokesWhatTheCodeIssued)
{
    const std::string clientId = registerPublicClient();
    const std::string code = obtainCode(clientId);
    const Json issued = tokens(exchange(clientId, code));
    ASSERT_TRUE(authenticate(issued["access_token"]).principal);
    const WebResponse replay = _server->serve(post("/token", {{"grant_type", "authorization_code"},
                                                              {"client_id", clientId},
                                                              {"code", code},
                                                              {"code_verifier", Verifier}}));
    expectNoSecret(replay.body, "the replay's error");
    EXPECT_EQ(replay.status, 400);
    EXPECT_EQ(errorOf(replay), "invalid_grant");
    EXPECT_FALSE(authenticate(issued["access_token"]).principal);
}

TEST_F(AuthorizationServerTest, ConcurrentRedemptionsOfOneCodeIssueTokensOnce)
{
    const std::string clientId = registerPublicClient();
    const std::string code = obtainCode(clientId);
    WebResponse first;
    WebResponse second;
    together([&] { first = exchange(clientId, code); }, [&] { second = exchange(clientId, code); });
    EXPECT_EQ((first.status == 200) + (second.status == 200), 1) << first.body << " / " << second.body;
    const WebResponse& winner = first.status == 200 ? first : second;
    const WebResponse& loser = first.status == 200 ? second : first;
    EXPECT_EQ(errorOf(loser), "invalid_grant");
    secret(Json::parse(winner.body).value("access_token", ""));
    secret(Json::parse(winner.body).value("refresh_token", ""));
    expectNoSecret(loser.body, "the loser's error");
}

TEST_F(AuthorizationServerTest, ConcurrentRefreshesOfOneTokenRotateItOnce)
{
    const std::string clientId = registerPublicClient();
    const Json issued = tokens(exchange(clientId, obtainCode(clientId)));
    WebResponse first;
    WebResponse second;
    together([&] { first = refresh(clientId, issued["refresh_token"]); },
             [&] { second = refresh(clientId, issued["refresh_token"]); });
    EXPECT_EQ((first.status == 200) + (second.status == 200), 1) << first.body << " / " << second.body;
    EXPECT_EQ(errorOf(first.status == 200 ? second : first), "invalid_grant");
}

TEST_F(AuthorizationServerTest, ExpiredCodeIsRefused)
{
    const std::string clientId = registerPublicClient();
    const std::string code = obtainCode(clientId);
    _now += 60;
    EXPECT_EQ(errorOf(exchange(clientId, code)), "invalid_grant");
}

TEST_F(AuthorizationServerTest, WrongVerifierIsRefusedAndSpendsTheCode)
{
    const std::string clientId = registerPublicClient();
    const std::string code = obtainCode(clientId);
    const WebResponse wrong = exchange(clientId, code, "another-verifier-0123456789-0123456789-012345");
    expectNoSecret(wrong.body, "the error");
    EXPECT_EQ(errorOf(wrong), "invalid_grant");
    EXPECT_EQ(errorOf(exchange(clientId, code)), "invalid_grant") << "the code is spent";
}

TEST_F(AuthorizationServerTest, MissingVerifierIsRefused)
{
    const std::string clientId = registerPublicClient();
    const std::string code = obtainCode(clientId);
    const WebResponse response = refused(
        post("/token", {{"grant_type", "authorization_code"}, {"client_id", clientId}, {"code", code}}));
    EXPECT_EQ(errorOf(response), "invalid_request");
}

TEST_F(AuthorizationServerTest, CodeOfAnotherClientOrRedirectUriIsRefused)
{
    const std::string clientId = registerPublicClient();
    const std::string otherId = registerPublicClient();
    EXPECT_EQ(errorOf(exchange(otherId, obtainCode(clientId))), "invalid_grant");
    const WebResponse response = refused(post("/token", {{"grant_type", "authorization_code"},
                                                         {"client_id", clientId},
                                                         {"code", obtainCode(clientId)},
                                                         {"code_verifier", Verifier},
                                                         {"redirect_uri", ClientRedirect + "/other"}}));
    EXPECT_EQ(errorOf(response), "invalid_grant");
}

TEST_F(AuthorizationServerTest, UnknownGrantTypeAndUnknownClient)
{
    EXPECT_EQ(errorOf(_server->serve(post("/token", {{"grant_type", "password"}, {"client_id", "x"}}))),
              "unsupported_grant_type");
    const WebResponse unknown = _server->serve(
        post("/token", {{"grant_type", "authorization_code"}, {"client_id", "nobody"}, {"code", "c"}}));
    EXPECT_EQ(unknown.status, 401);
    EXPECT_EQ(errorOf(unknown), "invalid_client");
    WebRequest json = post("/token", {{"grant_type", "authorization_code"}});
    json.contentType = "application/json";
    EXPECT_EQ(errorOf(_server->serve(json)), "invalid_request");
}

// The authorization request

TEST_F(AuthorizationServerTest, MissingPkceIsSentBackToTheClient)
{
    auto query = authorizeQuery(registerPublicClient());
    query.erase("code_challenge");
    query.erase("code_challenge_method");
    const WebResponse response = refused(get("/authorize", query));
    ASSERT_EQ(response.status, 302);
    const auto params = queryOf(headerOf(response, "Location"));
    EXPECT_EQ(beforeQuery(headerOf(response, "Location")), ClientRedirect);
    EXPECT_EQ(params.at("error"), "invalid_request");
    EXPECT_EQ(params.at("state"), "client-state-1");
    EXPECT_EQ(params.at("iss"), PublicUrl);
}

TEST_F(AuthorizationServerTest, PlainPkceIsRefused)
{
    auto query = authorizeQuery(registerPublicClient());
    query["code_challenge"] = Verifier;
    query["code_challenge_method"] = "plain";
    const WebResponse response = refused(get("/authorize", query));
    ASSERT_EQ(response.status, 302);
    EXPECT_EQ(queryOf(headerOf(response, "Location"))["error"], "invalid_request");
    query.erase("code_challenge_method"); // absent means plain (RFC 7636 §4.3)
    EXPECT_EQ(queryOf(headerOf(refused(get("/authorize", query)), "Location"))["error"], "invalid_request");
}

TEST_F(AuthorizationServerTest, UnregisteredOrPrefixMatchingRedirectUriGetsAPageNotARedirect)
{
    const std::string clientId = registerPublicClient();
    for (const std::string& uri : std::vector<std::string>{
             "https://attacker.example/callback", ClientRedirect + "/more",
             ClientRedirect + "?next=https://attacker.example", ClientRedirect + "x", ""})
    {
        auto query = authorizeQuery(clientId);
        query["redirect_uri"] = uri;
        const WebResponse response = refused(get("/authorize", query));
        EXPECT_EQ(response.status, 400) << uri;
        EXPECT_EQ(headerOf(response, "Location"), "") << uri;
        EXPECT_EQ(response.contentType, "text/html; charset=utf-8");
        EXPECT_EQ(headerOf(response, "X-Frame-Options"), "DENY");
    }
}

TEST_F(AuthorizationServerTest, UnknownClientGetsAPage)
{
    auto query = authorizeQuery("omcp_unknown");
    const WebResponse response = refused(get("/authorize", query));
    EXPECT_EQ(response.status, 400);
    EXPECT_EQ(headerOf(response, "Location"), "");
    EXPECT_NE(response.body.find("not registered"), std::string::npos);
}

TEST_F(AuthorizationServerTest, RepeatedParameterGetsAPage)
{
    WebRequest request = get("/authorize", authorizeQuery(registerPublicClient()));
    request.repeated = {"redirect_uri"};
    const WebResponse response = refused(request);
    EXPECT_EQ(response.status, 400);
    EXPECT_EQ(headerOf(response, "Location"), "");
}

TEST_F(AuthorizationServerTest, StateThatIsNotUtf8IsRefused)
{
    auto query = authorizeQuery(registerPublicClient());
    query["state"] = "\xff\xfe";
    const WebResponse response = refused(get("/authorize", query));
    ASSERT_EQ(response.status, 302);
    EXPECT_EQ(queryOf(headerOf(response, "Location"))["error"], "invalid_request");
    WebRequest repeated = post("/token", {{"grant_type", "refresh_token"}});
    repeated.repeated = {"\xff"};
    const WebResponse answer = _server->serve(repeated);
    EXPECT_EQ(answer.status, 400);
    EXPECT_EQ(errorOf(answer), "invalid_request");
}

TEST_F(AuthorizationServerTest, ResourceOfAnotherServerIsInvalidTarget)
{
    auto query = authorizeQuery(registerPublicClient());
    query["resource"] = "https://other.example/mcp";
    const WebResponse response = refused(get("/authorize", query));
    ASSERT_EQ(response.status, 302);
    EXPECT_EQ(queryOf(headerOf(response, "Location"))["error"], "invalid_target");
}

TEST_F(AuthorizationServerTest, ScopeNotOfferedIsInvalidScopeAndNoScopeMeansAll)
{
    const std::string clientId = registerPublicClient();
    auto query = authorizeQuery(clientId);
    query["scope"] = "daily email";
    EXPECT_EQ(queryOf(headerOf(refused(get("/authorize", query)), "Location"))["error"], "invalid_scope");
    query.erase("scope");
    const WebResponse back = signIn(query);
    const std::string code = secret(queryOf(headerOf(back, "Location"))["code"]);
    _oura.granted = "";
    EXPECT_EQ(tokens(exchange(clientId, code))["scope"], "daily heartrate");
}

TEST_F(AuthorizationServerTest, DenyIsSentBackAsAccessDenied)
{
    const WebResponse page = _server->serve(get("/authorize", authorizeQuery(registerPublicClient())));
    const WebResponse response = refused(decision(consentFieldOf(page), cookieOf(page), "deny"));
    ASSERT_EQ(response.status, 302);
    const std::string location = headerOf(response, "Location");
    EXPECT_EQ(beforeQuery(location), ClientRedirect);
    const auto params = queryOf(location);
    EXPECT_EQ(params.at("error"), "access_denied");
    EXPECT_EQ(params.at("state"), "client-state-1");
    EXPECT_EQ(params.at("iss"), PublicUrl);
    EXPECT_EQ(_oura.exchanges, 0);
}

// The consent form and the Oura callback

TEST_F(AuthorizationServerTest, ConsentWithoutTheConsentFieldIsRefused)
{
    const WebResponse page = _server->serve(get("/authorize", authorizeQuery(registerPublicClient())));
    WebRequest request = post("/authorize/decision", {{"decision", "allow"}});
    request.cookie = cookieOf(page);
    const WebResponse response = refused(request);
    EXPECT_EQ(response.status, 400);
    EXPECT_EQ(headerOf(response, "Location"), "");
}

TEST_F(AuthorizationServerTest, ConsentWithAForgedConsentFieldIsRefused)
{
    const WebResponse page = _server->serve(get("/authorize", authorizeQuery(registerPublicClient())));
    const std::string genuine = consentFieldOf(page);
    // The same claims but sending the code elsewhere, under the genuine signature.
    const std::string payload = genuine.substr(0, genuine.find('.'));
    Json claims = Json::parse(*Util::Base64Url::decode(payload));
    claims["r"] = "https://attacker.example/callback";
    const std::string forged = Util::Base64Url::encode(claims.dump()) + genuine.substr(genuine.find('.'));
    const WebResponse response = refused(decision(forged, cookieOf(page), "allow"));
    EXPECT_EQ(response.status, 400);
    EXPECT_EQ(headerOf(response, "Location"), "");
    // And one signed with another key.
    const std::string otherKey = SignedBlob(std::string(32, 'X')).seal("consent", claims, _now + 600);
    EXPECT_EQ(refused(decision(otherKey, cookieOf(page), "allow")).status, 400);
}

TEST_F(AuthorizationServerTest, ConsentFromAnotherSiteLacksTheCookieAndIsRefused)
{
    const WebResponse page = _server->serve(get("/authorize", authorizeQuery(registerPublicClient())));
    const std::string consent = consentFieldOf(page);
    EXPECT_EQ(refused(decision(consent, "", "allow")).status, 400);
    const WebResponse otherBrowser =
        _server->serve(get("/authorize", authorizeQuery(registerPublicClient())));
    const WebResponse response = refused(decision(consent, cookieOf(otherBrowser), "allow"));
    EXPECT_EQ(response.status, 400);
    EXPECT_EQ(headerOf(response, "Location"), "");
    EXPECT_EQ(_server->serve(decision(consent, cookieOf(page), "allow")).status, 302) << "the control";
}

TEST_F(AuthorizationServerTest, ExpiredConsentIsRefused)
{
    const WebResponse page = _server->serve(get("/authorize", authorizeQuery(registerPublicClient())));
    _now += 600;
    EXPECT_EQ(refused(decision(consentFieldOf(page), cookieOf(page), "allow")).status, 400);
}

TEST_F(AuthorizationServerTest, CallbackWithAForgedStateIsRefusedWithoutAskingOura)
{
    const WebResponse page = _server->serve(get("/authorize", authorizeQuery(registerPublicClient())));
    const std::string cookie = cookieOf(page);
    const std::string consent = consentFieldOf(page);
    // The consent blob is genuine but signed for another step; a made-up state is not signed at all.
    for (const std::string& state : {consent, std::string("made-up-state"), std::string()})
    {
        WebRequest callback = get("/oauth/oura/callback", {{"code", OuraCode}, {"state", state}});
        callback.cookie = cookie;
        const WebResponse response = refused(callback);
        EXPECT_EQ(response.status, 400);
        EXPECT_EQ(headerOf(response, "Location"), "");
    }
    EXPECT_EQ(_oura.exchanges, 0);
}

TEST_F(AuthorizationServerTest, CallbackInAnotherBrowserIsRefused)
{
    const WebResponse page = _server->serve(get("/authorize", authorizeQuery(registerPublicClient())));
    const WebResponse toOura = _server->serve(decision(consentFieldOf(page), cookieOf(page), "allow"));
    const WebResponse response =
        refused(get("/oauth/oura/callback",
                    {{"code", OuraCode}, {"state", queryOf(headerOf(toOura, "Location"))["state"]}}));
    EXPECT_EQ(response.status, 400);
    EXPECT_EQ(_oura.exchanges, 0);
}

TEST_F(AuthorizationServerTest, OuraFailuresAreSentBackToTheClient)
{
    const std::string clientId = registerPublicClient();
    for (const auto& [ouraAnswer, expected] :
         std::vector<std::pair<std::map<std::string, std::string>, std::string>>{
             {{{"error", "access_denied"}}, "access_denied"},
             {{{"error", "server_error"}}, "server_error"},
             {{{"code", "oura-code-that-Oura-refuses"}}, "server_error"}})
    {
        const WebResponse page = _server->serve(get("/authorize", authorizeQuery(clientId)));
        const WebResponse toOura = _server->serve(decision(consentFieldOf(page), cookieOf(page), "allow"));
        auto query = ouraAnswer;
        query["state"] = queryOf(headerOf(toOura, "Location"))["state"];
        WebRequest callback = get("/oauth/oura/callback", query);
        callback.cookie = cookieOf(page);
        secret("oura-code-that-Oura-refuses");
        const WebResponse response = refused(callback);
        ASSERT_EQ(response.status, 302) << expected;
        const auto params = queryOf(headerOf(response, "Location"));
        EXPECT_EQ(params.at("error"), expected);
        EXPECT_EQ(params.at("state"), "client-state-1");
        EXPECT_EQ(params.count("code"), 0u);
    }
}

// Dynamic Client Registration

TEST_F(AuthorizationServerTest, RegistrationAlwaysAnswersGrantTypesWithRefreshToken)
{
    const Json answer = registerClient(Json{{"redirect_uris", {ClientRedirect}},
                                            {"grant_types", {"authorization_code"}},
                                            {"client_name", "GPT"}});
    EXPECT_EQ(answer["grant_types"], Json::array({"authorization_code", "refresh_token"}));
    EXPECT_EQ(answer["response_types"], Json::array({"code"}));
    EXPECT_EQ(answer["token_endpoint_auth_method"], "none");
    EXPECT_EQ(answer["redirect_uris"], Json::array({ClientRedirect}));
    EXPECT_EQ(answer["client_id_issued_at"], T0);
    EXPECT_FALSE(answer.contains("client_secret"));
    EXPECT_TRUE(_store->findClient(answer["client_id"]));
}

TEST_F(AuthorizationServerTest, RegistrationRefusesBadRedirectUrisAndMetadata)
{
    const auto errorFor = [&](const Json& body) { return errorOf(refused(postJson("/register", body))); };
    EXPECT_EQ(errorFor(Json{{"redirect_uris", {"http://client.example/cb"}}}), "invalid_redirect_uri");
    EXPECT_EQ(errorFor(Json{{"redirect_uris", {"https://client.example/cb#x"}}}), "invalid_redirect_uri");
    EXPECT_EQ(errorFor(Json{{"redirect_uris", Json::array()}}), "invalid_redirect_uri");
    EXPECT_EQ(errorFor(Json{{"client_name", "no uris"}}), "invalid_redirect_uri");
    Json many = Json::array();
    for (int i = 0; i < 21; ++i)
        many.push_back("https://client.example/cb" + std::to_string(i));
    EXPECT_EQ(errorFor(Json{{"redirect_uris", many}}), "invalid_redirect_uri");
    EXPECT_EQ(errorFor(Json{{"redirect_uris", {ClientRedirect}}, {"grant_types", {"refresh_token"}}}),
              "invalid_client_metadata");
    EXPECT_EQ(errorFor(Json{{"redirect_uris", {ClientRedirect}},
                            {"token_endpoint_auth_method", "private_key_jwt"}}),
              "invalid_client_metadata");
    EXPECT_EQ(errorFor(Json{{"redirect_uris", {ClientRedirect}}, {"response_types", {"token"}}}),
              "invalid_client_metadata");
    EXPECT_EQ(errorFor(Json{{"redirect_uris", {ClientRedirect}}, {"client_name", std::string(20000, 'x')}}),
              "invalid_client_metadata");
    WebRequest notJson = postJson("/register", Json::object());
    notJson.body = "[1,";
    EXPECT_EQ(errorOf(refused(notJson)), "invalid_client_metadata");
}

TEST_F(AuthorizationServerTest, ConfidentialClientMustPresentItsSecret)
{
    const Json answer = registerClient(
        Json{{"redirect_uris", {ClientRedirect}}, {"token_endpoint_auth_method", "client_secret_basic"}});
    const std::string clientId = answer["client_id"];
    const std::string clientSecret = answer["client_secret"];
    EXPECT_EQ(clientSecret.rfind("omcp_cs_", 0), 0u);
    EXPECT_EQ(answer["client_secret_expires_at"], 0);

    const std::string code = obtainCode(clientId);
    const WebResponse noSecret = refused(post("/token", {{"grant_type", "authorization_code"},
                                                         {"client_id", clientId},
                                                         {"code", code},
                                                         {"code_verifier", Verifier}}));
    EXPECT_EQ(noSecret.status, 401);
    EXPECT_EQ(errorOf(noSecret), "invalid_client");
    WebRequest wrong =
        post("/token", {{"grant_type", "authorization_code"}, {"code", code}, {"code_verifier", Verifier}});
    wrong.authorization = basic(clientId, "omcp_cs_wrong");
    const WebResponse wrongSecret = refused(wrong);
    EXPECT_EQ(wrongSecret.status, 401);
    EXPECT_EQ(errorOf(wrongSecret), "invalid_client");
    EXPECT_NE(headerOf(wrongSecret, "WWW-Authenticate").find("Basic"), std::string::npos);

    WebRequest right = wrong;
    right.authorization = basic(clientId, clientSecret);
    const Json issued = tokens(_server->serve(right));
    EXPECT_TRUE(authenticate(issued["access_token"]).principal);
    // client_secret_post works as well.
    const Json refreshed =
        tokens(_server->serve(post("/token", {{"grant_type", "refresh_token"},
                                              {"client_id", clientId},
                                              {"client_secret", clientSecret},
                                              {"refresh_token", issued["refresh_token"]}})));
    EXPECT_TRUE(authenticate(refreshed["access_token"]).principal);
}

// Client ID Metadata Documents

TEST_F(AuthorizationServerTest, MetadataDocumentClientIsFetchedCachedAndServed)
{
    const std::string url = "https://client.example/oauth/metadata.json";
    _fetcher.documents[url] = ClientMetadataFetcher::Document{
        Json{{"client_id", url}, {"client_name", "Example <Assistant>"}, {"redirect_uris", {ClientRedirect}}}
            .dump(),
        3600};
    const WebResponse page = _server->serve(get("/authorize", authorizeQuery(url)));
    ASSERT_EQ(page.status, 200) << page.body;
    EXPECT_NE(page.body.find("Example &lt;Assistant&gt;"), std::string::npos);
    EXPECT_EQ(_fetcher.fetches, 1);
    const auto cached = _store->findClient(url);
    ASSERT_TRUE(cached);
    EXPECT_EQ(cached->kind, "cimd");
    EXPECT_EQ(cached->expiresAt, T0 + 3600);

    const std::string code = obtainCode(url);
    EXPECT_EQ(_fetcher.fetches, 1) << "served from the cache";
    EXPECT_TRUE(authenticate(tokens(exchange(url, code))["access_token"]).principal);

    _now += 3600;
    EXPECT_EQ(_server->serve(get("/authorize", authorizeQuery(url))).status, 200);
    EXPECT_EQ(_fetcher.fetches, 2) << "fetched again once stale";
}

TEST_F(AuthorizationServerTest, MetadataDocumentClientWithoutANameIsShownByItsHost)
{
    const std::string url = "https://assistant.example/oauth/client.json";
    _fetcher.documents[url] = ClientMetadataFetcher::Document{
        Json{{"client_id", url}, {"redirect_uris", {ClientRedirect}}}.dump(), 0};
    const WebResponse page = _server->serve(get("/authorize", authorizeQuery(url)));
    ASSERT_EQ(page.status, 200) << page.body;
    EXPECT_NE(page.body.find("<strong>assistant.example</strong> wants to read"), std::string::npos)
        << page.body;
    EXPECT_NE(page.body.find("sent back to <strong>client.example</strong>"), std::string::npos);
}

TEST_F(AuthorizationServerTest, MetadataDocumentClientRefreshesAfterItsCacheEntryIsPurged)
{
    const std::string url = "https://client.example/oauth/metadata.json";
    _fetcher.documents[url] = ClientMetadataFetcher::Document{
        Json{{"client_id", url}, {"redirect_uris", {ClientRedirect}}}.dump(), 300};
    const Json issued = tokens(exchange(url, obtainCode(url)));
    _now += 2 * 86400;
    _store->purgeExpired(_now);
    ASSERT_FALSE(_store->findClient(url));
    const Json refreshed = tokens(refresh(url, issued["refresh_token"]));
    EXPECT_TRUE(authenticate(refreshed["access_token"]).principal);
    EXPECT_EQ(_fetcher.fetches, 1) << "the token endpoint fetches nothing";
}

TEST_F(AuthorizationServerTest, MetadataDocumentCacheLifetimeIsBounded)
{
    const std::string url = "https://client.example/short.json";
    _fetcher.documents[url] = ClientMetadataFetcher::Document{
        Json{{"client_id", url}, {"redirect_uris", {ClientRedirect}}}.dump(), 5};
    ASSERT_EQ(_server->serve(get("/authorize", authorizeQuery(url))).status, 200);
    EXPECT_EQ(_store->findClient(url)->expiresAt, T0 + 300);
    const std::string longUrl = "https://client.example/long.json";
    _fetcher.documents[longUrl] = ClientMetadataFetcher::Document{
        Json{{"client_id", longUrl}, {"redirect_uris", {ClientRedirect}}}.dump(), 365 * 86400};
    ASSERT_EQ(_server->serve(get("/authorize", authorizeQuery(longUrl))).status, 200);
    EXPECT_EQ(_store->findClient(longUrl)->expiresAt, T0 + 86400);
}

TEST_F(AuthorizationServerTest, MetadataDocumentWhoseClientIdDiffersFromItsUrlIsRefused)
{
    const std::string url = "https://attacker.example/claude.json";
    _fetcher.documents[url] = ClientMetadataFetcher::Document{
        Json{{"client_id", "https://claude.ai/oauth/mcp-oauth-client-metadata"},
             {"client_name", "Claude"},
             {"redirect_uris", {ClientRedirect}}}
            .dump(),
        3600};
    const WebResponse response = refused(get("/authorize", authorizeQuery(url)));
    EXPECT_EQ(response.status, 400);
    EXPECT_EQ(headerOf(response, "Location"), "");
    EXPECT_NE(response.body.find("differs from its URL"), std::string::npos);
    EXPECT_FALSE(_store->findClient(url));
}

TEST_F(AuthorizationServerTest, MetadataDocumentProblemsAreShownAsPages)
{
    const std::string url = "https://client.example/bad.json";
    for (const Json& document :
         {Json{{"client_id", url}}, Json{{"client_id", url}, {"redirect_uris", {"http://client.example/cb"}}},
          Json{{"client_id", url},
               {"redirect_uris", {ClientRedirect}},
               {"token_endpoint_auth_method", "client_secret_post"}},
          Json{{"client_id", url}, {"redirect_uris", {ClientRedirect}}, {"client_name", 7}}, Json::array()})
    {
        _fetcher.documents[url] = ClientMetadataFetcher::Document{document.dump(), 0};
        const WebResponse response = refused(get("/authorize", authorizeQuery(url)));
        EXPECT_EQ(response.status, 400) << document.dump();
        EXPECT_EQ(headerOf(response, "Location"), "");
    }
    EXPECT_EQ(refused(get("/authorize", authorizeQuery("https://client.example/unreachable.json"))).status,
              400);
    EXPECT_EQ(refused(get("/authorize", authorizeQuery("https://client.example"))).status, 400) << "no path";
    const int fetches = _fetcher.fetches;
    EXPECT_EQ(refused(get("/authorize", authorizeQuery("https://client.example/a/../b.json"))).status, 400);
    EXPECT_EQ(_fetcher.fetches, fetches) << "a malformed client_id URL is never fetched";
}

// Everything else

TEST_F(AuthorizationServerTest, PlainHttpPublicUrlUsesACookieWithoutTheHostPrefix)
{
    auto server = makeServer("http://127.0.0.1:8080");
    const std::string clientId = registerPublicClient();
    auto query = authorizeQuery(clientId);
    query.erase("resource");
    const WebResponse plain = server->serve(get("/authorize", query));
    ASSERT_EQ(plain.status, 200) << plain.body;
    const std::string setCookie = headerOf(plain, "Set-Cookie");
    EXPECT_EQ(setCookie.rfind("omcp_browser=", 0), 0u);
    EXPECT_EQ(setCookie.find("Secure"), std::string::npos);
}

TEST_F(AuthorizationServerTest, WrongMethodsAnswer405AndConstructionChecksItsOptions)
{
    EXPECT_EQ(_server->serve(get("/token")).status, 405);
    EXPECT_EQ(_server->serve(post("/authorize", {})).status, 405);
    EXPECT_EQ(_server->serve(get("/register")).status, 405);
    EXPECT_THROW(makeServer("https://mcp.example.com/"), std::invalid_argument);
    EXPECT_THROW(makeServer("mcp.example.com"), std::invalid_argument);
}

} // namespace

// `oura-mcp serve --http --public-url`: the real binary as a remote, multi-user server, the fake Oura API with two
// people (alice and bob) behind it, and an HTTP client playing the MCP client and the browser through the whole
// OAuth flow (registration, consent, Oura's sign-in, our callback, the token endpoint). Each test ends by checking
// that the server's stderr carries none of the tokens, codes, client secrets or Oura user ids the test saw.
#include "CliRun.h"
#include "FakeOuraServer.h"
#include "HttpHarness.h"
#include "PostgresCluster.h"

#include <gtest/gtest.h>

#include <Poco/Base64Encoder.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/StreamSocket.h>
#include <Poco/SHA2Engine.h>
#include <Poco/String.h>
#include <Poco/URI.h>

#include <atomic>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <random>
#include <regex>
#include <set>
#include <sstream>
#include <thread>

using OuraMcp::Json;
using namespace OuraMcp::Testing;

namespace {

const char* const kAlice = "alice";
const char* const kBob = "bob";
const char* const kModern = "2026-07-28";
// The client's own loopback redirect URI (RFC 8252 §7.3): nothing listens there, the test reads the Location.
const char* const kClientRedirect = "http://127.0.0.1:47999/callback";
const char* const kSleepStart = "2026-11-10";
const char* const kSleepEnd = "2026-11-16";

using Fields = std::vector<std::pair<std::string, std::string>>;
using Headers = std::map<std::string, std::string>;

/// application/x-www-form-urlencoded (also a query string).
std::string formEncode(const Fields& fields)
{
    std::string out;
    for (const auto& [name, value] : fields)
    {
        if (!out.empty())
            out += '&';
        std::string encoded;
        Poco::URI::encode(name, "!#$&'()*+,/:;=?@[]", encoded);
        encoded += '=';
        Poco::URI::encode(value, "!#$&'()*+,/:;=?@[]", encoded);
        out += encoded;
    }
    return out;
}

std::string base64Url(const std::string& bytes)
{
    std::ostringstream text;
    Poco::Base64Encoder encoder(text, Poco::BASE64_URL_ENCODING | Poco::BASE64_NO_PADDING);
    encoder.rdbuf()->setLineLength(0);
    encoder << bytes;
    encoder.close();
    return text.str();
}

std::string randomBytes(std::size_t count)
{
    static std::mutex mutex;
    static std::random_device device;
    std::lock_guard<std::mutex> lock(mutex);
    std::string bytes(count, '\0');
    for (auto& byte : bytes)
        byte = static_cast<char>(device() & 0xFF);
    return bytes;
}

/// The S256 code challenge of a PKCE verifier (RFC 7636 §4.2).
std::string s256(const std::string& verifier)
{
    Poco::SHA2Engine engine(Poco::SHA2Engine::SHA_256);
    engine.update(verifier);
    const auto& digest = engine.digest();
    return base64Url(std::string(digest.begin(), digest.end()));
}

std::string queryParameter(const std::string& url, const std::string& name)
{
    for (const auto& [key, value] : Poco::URI(url).getQueryParameters())
        if (key == name)
            return value;
    return "";
}

/// A port nobody listens on now: --public-url must name the port before the server starts.
unsigned short freeLoopbackPort()
{
    Poco::Net::ServerSocket socket(Poco::Net::SocketAddress("127.0.0.1", 0));
    const unsigned short port = socket.address().port();
    socket.close();
    return port;
}

/// The status of the answer to a raw request written as is (what HTTPClientSession would not send), the
/// connection left open as a browser leaves it; 0 if no status line came within 5 seconds (a failure bound).
int rawStatus(unsigned short port, const std::string& text)
{
    Poco::Net::StreamSocket socket(Poco::Net::SocketAddress("127.0.0.1", port));
    socket.setReceiveTimeout(Poco::Timespan(5, 0));
    socket.sendBytes(text.data(), static_cast<int>(text.size()));
    std::string head;
    char buffer[64];
    try
    {
        while (head.size() < 12)
        {
            const int n = socket.receiveBytes(buffer, sizeof buffer);
            if (n <= 0)
                break;
            head.append(buffer, static_cast<std::size_t>(n));
        }
    }
    catch (const Poco::TimeoutException&)
    {
        return 0;
    }
    return head.size() >= 12 && head.rfind("HTTP/1.", 0) == 0 ? std::stoi(head.substr(9, 3)) : 0;
}

/// What an MCP client holds after signing a person in.
struct SignedIn
{
    std::string clientId;
    std::string clientSecret; ///< "" for a public client
    std::string accessToken;
    std::string refreshToken;
};

Json message(int id, const std::string& method, Json params = Json::object())
{
    return {{"jsonrpc", "2.0"}, {"id", id}, {"method", method}, {"params", std::move(params)}};
}

/// The value at a path of object keys, or null where one is missing: an error answer has no result, and the
/// const operator[] must not be asked for a missing key.
Json pick(const Json& json, std::initializer_list<const char*> path)
{
    const Json* at = &json;
    for (const char* key : path)
    {
        if (!at->is_object() || !at->contains(key))
            return nullptr;
        at = &(*at)[key];
    }
    return *at;
}

/// The personal_info id in a get_personal_info answer; "" if there is none.
std::string personalId(const HttpReply& reply)
{
    const Json id = pick(reply.json, {"result", "structuredContent", "personal_info", "id"});
    return id.is_string() ? id.get<std::string>() : "";
}

class HttpRemote : public ::testing::Test
{
protected:
    void SetUp() override
    {
        FakeOuraServer::Options options;
        options.today = "2026-11-20"; // the server's OURA_MCP_NOW: the dates asked for are in both datasets
        options.users = {{kAlice, 1001}, {kBob, 2002}};
        fake = std::make_unique<FakeOuraServer>(options);
        for (const char* user : {kAlice, kBob})
        {
            ouraIds[user] = fake->personalInfoId(user);
            remember(ouraIds[user]);
        }
        ASSERT_NE(ouraIds[kAlice], ouraIds[kBob]);

        const unsigned short port = freeLoopbackPort();
        publicUrl = "http://127.0.0.1:" + std::to_string(port);
        env = httpEnv(home.path(), fake->baseUrl());
        env["OURA_CLIENT_ID"] = "test-client-id";
        env["OURA_CLIENT_SECRET"] = "test-client-secret";
        env["OURA_AUTHORIZE_URL"] = fake->baseUrl() + "/oauth/authorize";
        env["OURA_TOKEN_URL"] = fake->baseUrl() + "/oauth/token";
        env["OURA_REVOKE_URL"] = fake->baseUrl() + "/oauth/revoke";
        env["OURA_MCP_STATE_DIR"] = home.path() + "/state";
        // The most talkative level: a secret in any log line is caught by TearDown.
        env["OURA_MCP_LOG_LEVEL"] = "debug";
        remember("test-client-secret");
        server = std::make_unique<HttpServer>(std::vector<std::string>{"--public-url", publicUrl}, env,
                                              "127.0.0.1:" + std::to_string(port));
        ASSERT_EQ(server->port(), port);
    }

    void TearDown() override
    {
        if (!server)
            return;
        std::string text = server->process().stderrText() + otherStderr;
        for (const auto& replica : replicas)
            text += replica->process().stderrText();
        for (const auto& secret : secrets)
            EXPECT_EQ(text.find(secret), std::string::npos)
                << "stderr carries a token, code, client secret or Oura id the test saw: " << secret;
    }

    void remember(const std::string& secret)
    {
        std::lock_guard<std::mutex> lock(secretsMutex);
        if (!secret.empty())
            secrets.insert(secret);
    }

    std::string url(const std::string& path) const { return publicUrl + path; }

    /// A request to our server at path, as a load balancer in front of the replicas would pass it on: to the
    /// next replica in turn (the one server when there are no others), with the public Host.
    HttpReply ours(const std::string& method, const std::string& path, const std::string& body = "",
                   Headers headers = {})
    {
        std::vector<unsigned short> ports = {server->port()};
        for (const auto& replica : replicas)
            ports.push_back(replica->port());
        const unsigned short port = frontPort != 0 ? frontPort : ports[nextReplica++ % ports.size()];
        headers["Host"] = Poco::URI(publicUrl).getAuthority();
        return web(method, "http://127.0.0.1:" + std::to_string(port) + path, body, headers);
    }
    std::string resource() const { return publicUrl + "/mcp"; }

    /// The whole browser flow for the fake Oura user `who`, with a client registered for it (public, or
    /// confidential with client_secret_post): the tokens our /token hands out.
    SignedIn signIn(const std::string& who, bool confidential = false)
    {
        SignedIn out;
        Json registration = {{"redirect_uris", {kClientRedirect}},
                             {"client_name", "remote test client for " + who},
                             {"grant_types", {"authorization_code", "refresh_token"}},
                             {"response_types", {"code"}},
                             {"token_endpoint_auth_method", confidential ? "client_secret_post" : "none"}};
        const HttpReply registered =
            ours("POST", "/register", registration.dump(), {{"Content-Type", "application/json"}});
        EXPECT_EQ(registered.status, 201) << registered.body;
        out.clientId = registered.json.value("client_id", "");
        out.clientSecret = registered.json.value("client_secret", "");
        EXPECT_EQ(out.clientSecret.empty(), !confidential) << registered.body;
        remember(out.clientSecret);

        const std::string verifier = base64Url(randomBytes(32));
        const std::string state = "state-" + base64Url(randomBytes(12));
        remember(verifier);
        const HttpReply consent = ours("GET", "/authorize?" + formEncode({{"response_type", "code"},
                                                                          {"client_id", out.clientId},
                                                                          {"redirect_uri", kClientRedirect},
                                                                          {"code_challenge", s256(verifier)},
                                                                          {"code_challenge_method", "S256"},
                                                                          {"state", state},
                                                                          {"resource", resource()}}));
        EXPECT_EQ(consent.status, 200) << consent.body;
        std::smatch field;
        const std::regex consentField("<input type=\"hidden\" name=\"consent\" value=\"([^\"]+)\">");
        if (!std::regex_search(consent.body, field, consentField))
        {
            ADD_FAILURE() << "no consent field in the page:\n" << consent.body;
            return out;
        }
        const std::string blob = field[1];
        const std::string setCookie = consent.header("Set-Cookie");
        const std::string cookie = setCookie.substr(0, setCookie.find(';'));
        EXPECT_EQ(cookie.rfind("omcp_browser=", 0), 0u) << setCookie;
        remember(cookie.substr(cookie.find('=') + 1));

        // The form's POST as a browser sends it: from our own origin, with the browser-binding cookie.
        const HttpReply decided =
            ours("POST", "/authorize/decision", formEncode({{"consent", blob}, {"decision", "allow"}}),
                 {{"Content-Type", "application/x-www-form-urlencoded"},
                  {"Origin", publicUrl},
                  {"Cookie", cookie}});
        EXPECT_EQ(decided.status, 302) << decided.body;
        const std::string toOura = decided.header("Location");
        EXPECT_EQ(toOura.rfind(fake->baseUrl() + "/oauth/authorize?", 0), 0u) << toOura;

        // Oura's sign-in page: the fake signs `who` in at once and sends the browser back to our callback.
        const HttpReply atOura = web("GET", toOura + "&" + formEncode({{"fake_user", who}}));
        EXPECT_EQ(atOura.status, 302) << atOura.body;
        const std::string toCallback = atOura.header("Location");
        EXPECT_EQ(toCallback.rfind(url("/oauth/oura/callback?"), 0), 0u) << toCallback;
        remember(queryParameter(toCallback, "code"));

        const HttpReply back = ours("GET", toCallback.substr(publicUrl.size()), "", {{"Cookie", cookie}});
        EXPECT_EQ(back.status, 302) << back.body;
        const std::string toClient = back.header("Location");
        EXPECT_EQ(toClient.rfind(std::string(kClientRedirect) + "?", 0), 0u) << toClient;
        EXPECT_EQ(queryParameter(toClient, "state"), state);
        EXPECT_EQ(queryParameter(toClient, "iss"), publicUrl);
        EXPECT_EQ(queryParameter(toClient, "error"), "") << toClient;
        const std::string code = queryParameter(toClient, "code");
        EXPECT_EQ(code.rfind("omcp_ac_", 0), 0u) << toClient;
        remember(code);
        // What the fake issued to our server for this person (Oura's tokens, never the client's).
        remember(fake->lastAccessToken());
        remember(fake->lastRefreshToken());

        Fields form = {{"grant_type", "authorization_code"}, {"code", code},
                       {"redirect_uri", kClientRedirect},    {"code_verifier", verifier},
                       {"client_id", out.clientId},          {"resource", resource()}};
        if (confidential)
            form.emplace_back("client_secret", out.clientSecret);
        const HttpReply tokens = tokenRequest(form);
        EXPECT_EQ(tokens.status, 200) << tokens.body;
        out.accessToken = tokens.json.value("access_token", "");
        out.refreshToken = tokens.json.value("refresh_token", "");
        EXPECT_EQ(out.accessToken.rfind("omcp_at_", 0), 0u) << tokens.body;
        EXPECT_EQ(out.refreshToken.rfind("omcp_rt_", 0), 0u) << tokens.body;
        remember(out.accessToken);
        remember(out.refreshToken);
        return out;
    }

    HttpReply tokenRequest(const Fields& form)
    {
        HttpReply reply =
            ours("POST", "/token", formEncode(form), {{"Content-Type", "application/x-www-form-urlencoded"}});
        if (reply.json.is_object())
        {
            remember(reply.json.value("access_token", ""));
            remember(reply.json.value("refresh_token", ""));
        }
        return reply;
    }

    /// A sessionless 2026-07-28 tools/call as the holder of accessToken ("" = no Authorization header).
    HttpReply callTool(HttpClient& client, const std::string& accessToken, const std::string& name,
                       Json arguments = Json::object(), int id = 1)
    {
        Json params = {{"name", name}, {"arguments", std::move(arguments)}, {"_meta", modernMeta()}};
        Headers headers = {
            {"MCP-Protocol-Version", kModern}, {"Mcp-Method", "tools/call"}, {"Mcp-Name", name}};
        if (!accessToken.empty())
            headers["Authorization"] = "Bearer " + accessToken;
        return client.post(message(id, "tools/call", params), headers);
    }

    /// A sessionless 2026-07-28 resources/read of the day summary of day.
    HttpReply readSummary(HttpClient& client, const std::string& accessToken, const std::string& day,
                          int id = 1)
    {
        const std::string uri = "oura://summary/" + day;
        return client.post(message(id, "resources/read", {{"uri", uri}, {"_meta", modernMeta()}}),
                           {{"MCP-Protocol-Version", kModern},
                            {"Mcp-Method", "resources/read"},
                            {"Mcp-Name", uri},
                            {"Authorization", "Bearer " + accessToken}});
    }

    static Json initializeMessage()
    {
        return message(0, "initialize",
                       {{"protocolVersion", "2025-11-25"},
                        {"capabilities", Json::object()},
                        {"clientInfo", {{"name", "remote-test"}, {"version", "1"}}}});
    }

    /// initialize + notifications/initialized of the 2025-11-25 era as the holder of accessToken; the client
    /// keeps the session id. False (with a failure) if the session did not open.
    bool openLegacySession(HttpClient& client, const std::string& accessToken)
    {
        const Headers auth = {{"Authorization", "Bearer " + accessToken}};
        const HttpReply opened = client.post(initializeMessage(), auth);
        EXPECT_EQ(opened.status, 200) << opened.body;
        client.sessionId = opened.header("Mcp-Session-Id");
        const Json version = pick(opened.json, {"result", "protocolVersion"});
        client.protocolVersion = version.is_string() ? version.get<std::string>() : "";
        const HttpReply initialized =
            client.post({{"jsonrpc", "2.0"}, {"method", "notifications/initialized"}}, auth);
        EXPECT_EQ(initialized.status, 202) << initialized.body;
        return opened.status == 200 && !client.sessionId.empty() && initialized.status == 202;
    }

    /// The personal_info id the server answers for this token: who the request ran as at Oura.
    std::string ouraIdFor(const std::string& accessToken, unsigned short port = 0)
    {
        HttpClient client(port != 0 ? port : server->port());
        const HttpReply reply = callTool(client, accessToken, "get_personal_info");
        EXPECT_EQ(reply.status, 200) << reply.body;
        return personalId(reply);
    }

    int statusFor(const std::string& accessToken, unsigned short port = 0)
    {
        HttpClient client(port != 0 ? port : server->port());
        return callTool(client, accessToken, "get_personal_info").status;
    }

    std::pair<int, std::string> loadBoth(const std::map<std::string, std::string>& tokens,
                                         const std::string& start, const std::string& end,
                                         bool summaries = true);

    CliRun users(const std::vector<std::string>& args)
    {
        std::vector<std::string> all = {"users"};
        all.insert(all.end(), args.begin(), args.end());
        CliRun run = runCli(all, env);
        otherStderr += run.err;
        return run;
    }

    std::unique_ptr<FakeOuraServer> fake;
    HttpHome home;
    ServerProcess::Env env;
    std::string publicUrl;
    std::unique_ptr<HttpServer> server;
    std::vector<std::unique_ptr<HttpServer>> replicas; ///< more servers with the same store and keys
    std::atomic<std::size_t> nextReplica{0};
    unsigned short frontPort = 0; ///< a real load balancer in front of the replicas: every request goes there
    std::map<std::string, std::string> ouraIds; ///< fake user -> personal_info id
    std::mutex secretsMutex;
    std::set<std::string> secrets; ///< what must never reach a log
    std::string otherStderr;       ///< of the `users` runs, and of servers already stopped
};

/// The sleep scores of get_daily_sleep's answer: the part of the data that differs between the two datasets.
Json sleepScores(const HttpReply& reply)
{
    Json scores = Json::array();
    const Json days = pick(reply.json, {"result", "structuredContent", "days"});
    for (const auto& record : days.is_array() ? days : Json::array())
        scores.push_back({record.value("day", ""), record.value("score", Json())});
    return scores;
}

/// The sleep scores the fake itself holds for `who` from start to end: the truth the server's answers are
/// held to, read with a token of the fake's own (the server never sees it).
Json ouraSleepScores(FakeOuraServer& fake, const std::string& who, const std::string& start,
                     const std::string& end)
{
    const std::string probe = "probe-token-of-" + who;
    fake.addAccessToken(probe, FakeOuraServer::allScopes(), who);
    const HttpReply reply = web("GET",
                                fake.baseUrl() + "/v2/usercollection/daily_sleep?" +
                                    formEncode({{"start_date", start}, {"end_date", end}}),
                                "", {{"Authorization", "Bearer " + probe}});
    EXPECT_EQ(reply.status, 200) << reply.body;
    Json scores = Json::array();
    for (const auto& record : reply.json.value("data", Json::array()))
        scores.push_back({record.value("day", ""), record.value("score", Json())});
    return scores;
}

} // namespace

/// The sleep score in a day summary resource (oura://summary/DAY); null if there is none.
Json summarySleepScore(const HttpReply& reply)
{
    const Json contents = pick(reply.json, {"result", "contents"});
    if (!contents.is_array() || contents.empty())
        return nullptr;
    const Json summary = Json::parse(contents[0].value("text", ""), nullptr, false);
    if (!summary.is_object())
        return nullptr;
    const Json days = pick(summary, {"sections", "sleep", "days"});
    return days.is_array() && !days.empty() ? pick(days[0], {"score"}) : Json();
}

/// Both people at once, several connections each, get_daily_sleep for the same days over and over with
/// get_personal_info and the day summary resource mixed in: every answer must be the caller's own (their sleep
/// scores as the fake holds them, their personal_info id). Returns how many answers were wrong, with the first.
std::pair<int, std::string> HttpRemote::loadBoth(const std::map<std::string, std::string>& tokens,
                                                 const std::string& start, const std::string& end,
                                                 bool summaries)
{
    constexpr int kThreadsPerPerson = 3;
    constexpr int kCallsPerThread = 12;
    const Json sleepArgs = {{"start_date", start}, {"end_date", end}};
    std::atomic<int> wrong{0};
    std::mutex firstMutex;
    std::string first;
    std::vector<std::thread> threads;
    for (const auto& [who, token] : tokens)
    {
        const Json truth = ouraSleepScores(*fake, who, start, end);
        EXPECT_EQ(truth.size(), 7u) << who << ": " << truth.dump();
        const std::string ouraId = ouraIds[who];
        for (int t = 0; t < kThreadsPerPerson; ++t)
        {
            threads.emplace_back([&, who = who, token = token, truth, ouraId] {
                HttpClient client(server->port());
                for (int i = 0; i < kCallsPerThread; ++i)
                {
                    bool own = false;
                    HttpReply reply;
                    if (i % 4 == 3)
                    {
                        reply = callTool(client, token, "get_personal_info", {}, i);
                        own = personalId(reply) == ouraId;
                    }
                    else if (summaries && i % 4 == 1)
                    {
                        // The day summary takes another road to the data (the day's collections prefetched).
                        const Json& day = truth.at(static_cast<std::size_t>(i) % truth.size());
                        reply = readSummary(client, token, day[0].get<std::string>(), i);
                        own = summarySleepScore(reply) == day[1];
                    }
                    else
                    {
                        reply = callTool(client, token, "get_daily_sleep", sleepArgs, i);
                        own = sleepScores(reply) == truth;
                    }
                    if (reply.status == 200 && own)
                        continue;
                    if (++wrong == 1)
                    {
                        std::lock_guard<std::mutex> lock(firstMutex);
                        first =
                            who + " got " + std::to_string(reply.status) + " " + reply.body.substr(0, 600);
                    }
                }
            });
        }
    }
    for (auto& thread : threads)
        thread.join();
    return {wrong.load(), first};
}

TEST_F(HttpRemote, TwoPeopleUnderConcurrentLoadEachGetOnlyTheirOwnData)
{
    const SignedIn alice = signIn(kAlice);
    const SignedIn bob = signIn(kBob, true);
    ASSERT_FALSE(alice.accessToken.empty());
    ASSERT_FALSE(bob.accessToken.empty());
    EXPECT_EQ(ouraIdFor(alice.accessToken), ouraIds[kAlice]);
    EXPECT_EQ(ouraIdFor(bob.accessToken), ouraIds[kBob]);
    ASSERT_NE(ouraSleepScores(*fake, kAlice, kSleepStart, kSleepEnd),
              ouraSleepScores(*fake, kBob, kSleepStart, kSleepEnd))
        << "the two fake datasets must differ in their sleep scores for the test to mean anything";

    // One after the other first: alice's answer is in the server's cache when bob asks for the same days, so a
    // cache shared between people would hand bob alice's nights here.
    const Json sleepArgs = {{"start_date", kSleepStart}, {"end_date", kSleepEnd}};
    for (const auto& [who, token] : {std::pair{kAlice, alice.accessToken}, std::pair{kBob, bob.accessToken}})
    {
        HttpClient client(server->port());
        const HttpReply reply = callTool(client, token, "get_daily_sleep", sleepArgs);
        ASSERT_EQ(reply.status, 200) << reply.body;
        ASSERT_NE(pick(reply.json, {"result", "isError"}), true) << reply.body;
        EXPECT_EQ(sleepScores(reply), ouraSleepScores(*fake, who, kSleepStart, kSleepEnd)) << who;
    }

    // Then both at once, from the cache and around it.
    const auto [wrong, first] =
        loadBoth({{kAlice, alice.accessToken}, {kBob, bob.accessToken}}, kSleepStart, kSleepEnd);
    EXPECT_EQ(wrong, 0) << "first wrong answer: " << first;
}

TEST_F(HttpRemote, ExpiredOuraTokensAreRefreshedOncePerPersonUnderConcurrentLoad)
{
    const SignedIn alice = signIn(kAlice);
    const SignedIn bob = signIn(kBob);
    ASSERT_FALSE(alice.accessToken.empty());
    ASSERT_FALSE(bob.accessToken.empty());

    // Oura's access tokens of both people die (as after 24 hours); days nobody asked for yet, so every first
    // call goes to Oura, gets 401 there and must refresh that person's token -- once: Oura's refresh tokens are
    // single-use, so two threads refreshing one person's token at once would sign that person out. Without the
    // day summaries, whose fan-out exhausts the store's connections (see ABurstOfCallsWaitsForStoreConnections).
    fake->expireAllAccessTokens();
    const auto [wrong, first] =
        loadBoth({{kAlice, alice.accessToken}, {kBob, bob.accessToken}}, "2026-11-01", "2026-11-07", false);
    EXPECT_EQ(wrong, 0) << "first wrong answer: " << first;
    EXPECT_EQ(fake->refreshCount(), 2) << "one refresh per person";
    remember(fake->lastAccessToken());
    remember(fake->lastRefreshToken());
}

TEST_F(HttpRemote, SessionsAndRequestsAreBoundToTheTokensUser)
{
    const SignedIn alice = signIn(kAlice);
    const SignedIn bob = signIn(kBob);
    ASSERT_FALSE(alice.accessToken.empty());
    ASSERT_FALSE(bob.accessToken.empty());
    const Headers asAlice = {{"Authorization", "Bearer " + alice.accessToken}};
    const Headers asBob = {{"Authorization", "Bearer " + bob.accessToken}};

    // A legacy session opened with alice's token...
    HttpClient client(server->port());
    ASSERT_TRUE(openLegacySession(client, alice.accessToken));
    const HttpReply mine = client.post(message(1, "tools/call", {{"name", "get_personal_info"}}), asAlice);
    ASSERT_EQ(mine.status, 200) << mine.body;
    EXPECT_EQ(personalId(mine), ouraIds[kAlice]);

    // ...is not found for bob, even with a valid token of his own.
    const HttpReply asSomeoneElse =
        client.post(message(2, "tools/call", {{"name", "get_personal_info"}}), asBob);
    EXPECT_EQ(asSomeoneElse.status, 404) << asSomeoneElse.body;
    EXPECT_EQ(asSomeoneElse.body.find(ouraIds[kAlice]), std::string::npos);
    // Nor can he end it.
    const HttpReply ended = client.send("DELETE", asBob);
    EXPECT_EQ(ended.status, 404) << ended.body;
    // And it still works for alice.
    EXPECT_EQ(client.post(message(3, "ping"), asAlice).status, 200);

    // Without a token: 401 pointing at the protected resource metadata (RFC 9728 §5.1).
    HttpClient anonymous(server->port());
    const HttpReply noToken = anonymous.post(initializeMessage());
    EXPECT_EQ(noToken.status, 401) << noToken.body;
    const std::string challenge = noToken.header("WWW-Authenticate");
    EXPECT_EQ(challenge.rfind("Bearer ", 0), 0u) << challenge;
    EXPECT_NE(challenge.find("resource_metadata=\"" + publicUrl + "/.well-known/oauth-protected-resource"),
              std::string::npos)
        << challenge;
    const HttpReply metadata = web("GET", url("/.well-known/oauth-protected-resource/mcp"));
    EXPECT_EQ(metadata.status, 200) << metadata.body;
    EXPECT_EQ(metadata.json.value("resource", ""), resource()) << metadata.body;

    // A forged token, shaped like ours: 401 invalid_token, on the legacy session and without one.
    const std::string forged = "omcp_at_" + base64Url(randomBytes(32));
    const HttpReply forgedInSession =
        client.post(message(4, "ping"), {{"Authorization", "Bearer " + forged}});
    EXPECT_EQ(forgedInSession.status, 401) << forgedInSession.body;
    EXPECT_NE(forgedInSession.header("WWW-Authenticate").find("error=\"invalid_token\""), std::string::npos)
        << forgedInSession.header("WWW-Authenticate");
    HttpClient forger(server->port());
    const HttpReply forgedCall = callTool(forger, forged, "get_personal_info");
    EXPECT_EQ(forgedCall.status, 401) << forgedCall.body;
    EXPECT_NE(forgedCall.header("WWW-Authenticate").find("error=\"invalid_token\""), std::string::npos)
        << forgedCall.header("WWW-Authenticate");
    EXPECT_EQ(forgedCall.body.find(forged), std::string::npos);
}

TEST_F(HttpRemote, RefreshRotatesAndReusingTheSpentTokenRevokesItsFamily)
{
    const SignedIn alice = signIn(kAlice, true);
    const SignedIn bob = signIn(kBob);
    ASSERT_FALSE(alice.refreshToken.empty());
    ASSERT_FALSE(bob.accessToken.empty());
    const Fields client = {{"client_id", alice.clientId}, {"client_secret", alice.clientSecret}};
    auto refresh = [&](const std::string& token) {
        Fields form = {{"grant_type", "refresh_token"}, {"refresh_token", token}};
        form.insert(form.end(), client.begin(), client.end());
        return tokenRequest(form);
    };

    HttpClient session(server->port());
    ASSERT_TRUE(openLegacySession(session, alice.accessToken));
    const HttpReply rotated = refresh(alice.refreshToken);
    ASSERT_EQ(rotated.status, 200) << rotated.body;
    const std::string successorAccess = rotated.json.value("access_token", "");
    const std::string successorRefresh = rotated.json.value("refresh_token", "");
    EXPECT_EQ(successorRefresh.rfind("omcp_rt_", 0), 0u);
    EXPECT_NE(successorRefresh, alice.refreshToken) << "a refresh token is single-use: it rotates";
    EXPECT_NE(successorAccess, alice.accessToken);
    EXPECT_EQ(ouraIdFor(successorAccess), ouraIds[kAlice]);
    // A session belongs to its user, not to one access token: it goes on with the successor.
    const HttpReply goesOn = session.post(message(1, "tools/call", {{"name", "get_personal_info"}}),
                                          {{"Authorization", "Bearer " + successorAccess}});
    EXPECT_EQ(goesOn.status, 200) << goesOn.body;
    EXPECT_EQ(personalId(goesOn), ouraIds[kAlice]);

    // The spent one again, as a thief holding a copy would: refused, and everything of that family goes.
    const HttpReply reused = refresh(alice.refreshToken);
    EXPECT_EQ(reused.status, 400) << reused.body;
    EXPECT_EQ(reused.json.value("error", ""), "invalid_grant") << reused.body;
    EXPECT_EQ(statusFor(successorAccess), 401) << "the successor's access token dies with its family";
    EXPECT_EQ(statusFor(alice.accessToken), 401) << "so does the first access token of the family";
    EXPECT_EQ(session.post(message(2, "ping"), {{"Authorization", "Bearer " + successorAccess}}).status, 401);
    const HttpReply successorRefused = refresh(successorRefresh);
    EXPECT_EQ(successorRefused.status, 400) << successorRefused.body;
    EXPECT_EQ(successorRefused.json.value("error", ""), "invalid_grant") << successorRefused.body;

    // Bob's family is another one.
    EXPECT_EQ(ouraIdFor(bob.accessToken), ouraIds[kBob]);
    // And alice signs in again from scratch.
    const SignedIn again = signIn(kAlice);
    EXPECT_EQ(ouraIdFor(again.accessToken), ouraIds[kAlice]);
}

TEST_F(HttpRemote, UsersCommandListsRevokesAndDeletesPeopleOfTheRunningServer)
{
    const SignedIn alice = signIn(kAlice);
    const SignedIn bob = signIn(kBob, true);
    ASSERT_EQ(ouraIdFor(alice.accessToken), ouraIds[kAlice]);
    ASSERT_EQ(ouraIdFor(bob.accessToken), ouraIds[kBob]);

    const CliRun listed = users({"list", "--json"});
    ASSERT_EQ(listed.rc, 0) << listed.err;
    const Json all = Json::parse(listed.out, nullptr, false);
    ASSERT_TRUE(all.is_object()) << listed.out;
    ASSERT_EQ(all["users"].size(), 2u) << listed.out;
    // Pseudonymous ids: the Oura ids appear nowhere; each person is found by the client they authorized.
    std::string aliceId;
    std::string bobId;
    for (const auto& user : all["users"])
    {
        const std::string id = user.value("id", "");
        EXPECT_FALSE(id.empty());
        for (const auto& clientId : user.value("clients", Json::array()))
        {
            if (clientId == alice.clientId)
                aliceId = id;
            if (clientId == bob.clientId)
                bobId = id;
        }
    }
    ASSERT_FALSE(aliceId.empty()) << listed.out;
    ASSERT_FALSE(bobId.empty()) << listed.out;
    EXPECT_NE(aliceId, bobId);
    for (const auto& [name, ouraId] : ouraIds)
    {
        EXPECT_EQ(listed.out.find(ouraId), std::string::npos) << name << "'s Oura id is listed";
        EXPECT_NE(aliceId, ouraId);
        EXPECT_NE(bobId, ouraId);
    }

    // The text for people names the same ids, and no Oura id either.
    const CliRun text = users({"list"});
    ASSERT_EQ(text.rc, 0) << text.err;
    EXPECT_NE(text.out.find(aliceId), std::string::npos) << text.out;
    EXPECT_NE(text.out.find(bobId), std::string::npos) << text.out;
    EXPECT_NE(text.out.find("2 user(s)"), std::string::npos) << text.out;
    for (const auto& [name, ouraId] : ouraIds)
        EXPECT_EQ(text.out.find(ouraId), std::string::npos) << name << "'s Oura id is listed";

    // Revoking alice's grants ends her client's tokens at once in the running server; bob is untouched.
    const CliRun revoked = users({"revoke", aliceId});
    EXPECT_EQ(revoked.rc, 0) << revoked.err;
    EXPECT_NE(revoked.out.find(aliceId), std::string::npos) << revoked.out;
    EXPECT_EQ(statusFor(alice.accessToken), 401);
    const HttpReply refreshed = tokenRequest({{"grant_type", "refresh_token"},
                                              {"refresh_token", alice.refreshToken},
                                              {"client_id", alice.clientId}});
    EXPECT_EQ(refreshed.status, 400) << refreshed.body;
    EXPECT_EQ(ouraIdFor(bob.accessToken), ouraIds[kBob]);

    // Deleting bob: his Oura token is revoked at Oura, his tokens here die, and he is gone from the list.
    fake->resetCounters();
    const CliRun deleted = users({"delete", bobId});
    EXPECT_EQ(deleted.rc, 0) << deleted.err;
    EXPECT_NE(deleted.out.find("revoked at Oura"), std::string::npos) << deleted.out;
    EXPECT_EQ(statusFor(bob.accessToken), 401);
    std::vector<std::string> revokedAtOura;
    for (const auto& request : fake->requests())
    {
        if (request.path != "/oauth/revoke")
            continue;
        for (const auto& [key, value] : Poco::URI("http://x/?" + request.body).getQueryParameters())
            if (key == "token" || key == "access_token")
                revokedAtOura.push_back(value);
        for (const auto& [key, value] : request.query)
            if (key == "token" || key == "access_token")
                revokedAtOura.push_back(value);
    }
    ASSERT_EQ(revokedAtOura.size(), 1u)
        << "the fake saw " << fake->requestCount("/oauth/revoke") << " revoke request(s)";
    EXPECT_EQ(fake->userOfAccessToken(revokedAtOura[0]), kBob);
    EXPECT_FALSE(fake->isAccessTokenValid(revokedAtOura[0]));
    remember(revokedAtOura[0]);

    const CliRun after = users({"list", "--json"});
    ASSERT_EQ(after.rc, 0) << after.err;
    const Json left = Json::parse(after.out, nullptr, false);
    ASSERT_EQ(left["users"].size(), 1u) << after.out;
    EXPECT_EQ(left["users"][0].value("id", ""), aliceId) << "revoke keeps the person, delete removes them";
    const CliRun again = users({"delete", bobId});
    EXPECT_EQ(again.rc, 1);
    EXPECT_NE(again.err.find("no user"), std::string::npos) << again.err;

    // Bob signs in again: a new pseudonymous user, served his own data.
    const SignedIn back = signIn(kBob);
    EXPECT_EQ(ouraIdFor(back.accessToken), ouraIds[kBob]);
    const CliRun now = users({"list", "--json"});
    const Json listedNow = Json::parse(now.out, nullptr, false);
    ASSERT_EQ(listedNow["users"].size(), 2u) << now.out;
    for (const auto& user : listedNow["users"])
        EXPECT_NE(user.value("id", ""), bobId) << "a deleted id is never handed out again";
}

TEST_F(HttpRemote, ReplicasSharingTheStoreAndKeysFinishOneAnothersFlowsAndServeOneAnothersTokens)
{
    // A second server behind the same public URL, with the same store, store key and session key (the same
    // HOME and state folder): what a deployment with two replicas behind a load balancer shares.
    replicas.push_back(
        std::make_unique<HttpServer>(std::vector<std::string>{"--public-url", publicUrl}, env));
    ASSERT_NE(replicas[0]->port(), 0);
    const unsigned short first = server->port();
    const unsigned short second = replicas[0]->port();

    // Each step of the flow lands on the other replica than the one before: the consent form is made by one and
    // posted to the other, the state sent through Oura comes back to the other, the code is redeemed there.
    const SignedIn alice = signIn(kAlice);
    const SignedIn bob = signIn(kBob, true);
    ASSERT_FALSE(alice.accessToken.empty());
    ASSERT_FALSE(bob.accessToken.empty());
    for (const unsigned short port : {first, second})
    {
        EXPECT_EQ(ouraIdFor(alice.accessToken, port), ouraIds[kAlice]) << port;
        EXPECT_EQ(ouraIdFor(bob.accessToken, port), ouraIds[kBob]) << port;
    }

    // A refresh at one replica, the spent token replayed at the other: the family is gone at both.
    const Fields client = {{"client_id", alice.clientId}};
    Fields form = {{"grant_type", "refresh_token"}, {"refresh_token", alice.refreshToken}};
    form.insert(form.end(), client.begin(), client.end());
    const HttpReply rotated = tokenRequest(form);
    ASSERT_EQ(rotated.status, 200) << rotated.body;
    const std::string successor = rotated.json.value("access_token", "");
    EXPECT_EQ(ouraIdFor(successor, first), ouraIds[kAlice]);
    const HttpReply replayed = tokenRequest(form);
    EXPECT_EQ(replayed.status, 400) << replayed.body;
    for (const unsigned short port : {first, second})
    {
        EXPECT_EQ(statusFor(successor, port), 401) << port;
        EXPECT_EQ(ouraIdFor(bob.accessToken, port), ouraIds[kBob]) << port;
    }
}

TEST_F(HttpRemote, ConcurrentSignInsAtTwoReplicasMakeOneUserPerPerson)
{
    replicas.push_back(
        std::make_unique<HttpServer>(std::vector<std::string>{"--public-url", publicUrl}, env));
    ASSERT_NE(replicas[0]->port(), 0);

    // Each person signs in from several clients at once, the steps spread over both replicas: the two
    // processes write the one store at the same moments, and must agree on one pseudonymous user per person.
    constexpr int kSignInsPerPerson = 3;
    std::vector<std::pair<std::string, SignedIn>> signedIn(2 * kSignInsPerPerson);
    std::vector<std::thread> threads;
    for (std::size_t i = 0; i < signedIn.size(); ++i)
    {
        const std::string who = i % 2 == 0 ? kAlice : kBob;
        threads.emplace_back([&, i, who] { signedIn[i] = {who, signIn(who, i % 3 == 0)}; });
    }
    for (auto& thread : threads)
        thread.join();
    for (const auto& [who, tokens] : signedIn)
        EXPECT_EQ(ouraIdFor(tokens.accessToken, replicas[0]->port()), ouraIds[who]) << who;

    const CliRun listed = users({"list", "--json"});
    ASSERT_EQ(listed.rc, 0) << listed.err;
    const Json all = Json::parse(listed.out, nullptr, false);
    ASSERT_TRUE(all.is_object()) << listed.out;
    ASSERT_EQ(all["users"].size(), 2u) << listed.out;
    for (const auto& user : all["users"])
        EXPECT_EQ(user["clients"].size(), static_cast<std::size_t>(kSignInsPerPerson)) << listed.out;
}

TEST_F(HttpRemote, SomeoneWhoseOuraSignInEndedIsToldToSignInAgainWhileOthersGoOn)
{
    const SignedIn alice = signIn(kAlice);
    const SignedIn bob = signIn(kBob);
    ASSERT_EQ(ouraIdFor(alice.accessToken), ouraIds[kAlice]);
    ASSERT_EQ(ouraIdFor(bob.accessToken), ouraIds[kBob]);

    // Both Oura access tokens die; alice's refresh is refused (she removed the app at Oura), bob's works.
    fake->expireAllAccessTokens();
    fake->script("/oauth/token", {ScriptedResponse::respond(400, R"({"error":"invalid_grant"})")});
    const Json days = {{"start_date", "2026-11-01"}, {"end_date", "2026-11-03"}};
    HttpClient client(server->port());
    const HttpReply ended = callTool(client, alice.accessToken, "get_daily_sleep", days);
    EXPECT_EQ(ended.status, 200) << ended.body;
    EXPECT_EQ(pick(ended.json, {"result", "isError"}), true) << ended.body;
    EXPECT_NE(ended.body.find("Sign in again"), std::string::npos) << ended.body;
    EXPECT_EQ(fake->pendingScripts(), 0u);

    const HttpReply fine = callTool(client, bob.accessToken, "get_daily_sleep", days);
    ASSERT_EQ(fine.status, 200) << fine.body;
    EXPECT_EQ(sleepScores(fine), ouraSleepScores(*fake, kBob, "2026-11-01", "2026-11-03"));
    EXPECT_EQ(fake->refreshCount(), 1) << "bob's refresh";
    remember(fake->lastAccessToken());
    remember(fake->lastRefreshToken());
}

TEST_F(HttpRemote, RequestsWithoutABodyAreAnsweredAtOnce)
{
    // A request with neither Content-Length nor chunked coding has no body (RFC 9112 §6.3): a browser's CORS
    // preflight, say. Read to the connection's end, it would hold a server thread and a slot of the
    // concurrency cap until the client gives up or the server's timeout, and the browser would wait as long.
    const SignedIn alice = signIn(kAlice);
    ASSERT_FALSE(alice.accessToken.empty());
    const std::string host = "Host: " + Poco::URI(publicUrl).getAuthority() + "\r\n";
    const std::string preflight =
        host + "Origin: http://localhost:6274\r\nAccess-Control-Request-Method: POST\r\n\r\n";
    for (const std::string path :
         {"/token", "/register", "/revoke", "/.well-known/oauth-protected-resource/mcp",
          "/.well-known/oauth-authorization-server"})
    {
        EXPECT_NE(rawStatus(server->port(), "OPTIONS " + path + " HTTP/1.1\r\n" + preflight), 0)
            << "OPTIONS " << path;
        EXPECT_NE(rawStatus(server->port(), "PUT " + path + " HTTP/1.1\r\n" + host + "\r\n"), 0)
            << "PUT " << path;
    }
    const std::string form = "Content-Type: application/x-www-form-urlencoded\r\n";
    EXPECT_EQ(rawStatus(server->port(), "POST /token HTTP/1.1\r\n" + host + form + "\r\n"), 400);
    EXPECT_EQ(rawStatus(server->port(), "POST /mcp HTTP/1.1\r\n" + host + "Authorization: Bearer " +
                                            alice.accessToken +
                                            "\r\nContent-Type: application/json\r\nAccept: application/json, "
                                            "text/event-stream\r\n\r\n"),
              400);
}

TEST_F(HttpRemote, ARestartedServerKeepsItsPeopleAndTheirTokens)
{
    const SignedIn alice = signIn(kAlice);
    const SignedIn bob = signIn(kBob, true);
    ASSERT_EQ(ouraIdFor(alice.accessToken), ouraIds[kAlice]);
    HttpClient session(server->port());
    ASSERT_TRUE(openLegacySession(session, alice.accessToken));

    // Stopped and started again at the same public URL (the same port, just left by the old process's open
    // connections): the store and both keys are on disk, so every token and grant still holds.
    const unsigned short port = server->port();
    const std::string before = server->process().stderrText();
    server->process().signal(SIGTERM);
    ASSERT_EQ(server->process().waitForExit(), 0);
    otherStderr += before;
    server = std::make_unique<HttpServer>(std::vector<std::string>{"--public-url", publicUrl}, env,
                                          "127.0.0.1:" + std::to_string(port));
    ASSERT_EQ(server->port(), port);

    EXPECT_EQ(ouraIdFor(alice.accessToken), ouraIds[kAlice]);
    EXPECT_EQ(ouraIdFor(bob.accessToken), ouraIds[kBob]);
    const HttpReply rotated = tokenRequest({{"grant_type", "refresh_token"},
                                            {"refresh_token", bob.refreshToken},
                                            {"client_id", bob.clientId},
                                            {"client_secret", bob.clientSecret}});
    ASSERT_EQ(rotated.status, 200) << rotated.body;
    EXPECT_EQ(ouraIdFor(rotated.json.value("access_token", "")), ouraIds[kBob]);
    // A legacy session id is signed with the session key and names its user, so the new process takes it up --
    // for that user only.
    HttpClient reconnect(server->port());
    reconnect.sessionId = session.sessionId;
    reconnect.protocolVersion = session.protocolVersion;
    const HttpReply resumed = reconnect.post(message(1, "tools/call", {{"name", "get_personal_info"}}),
                                             {{"Authorization", "Bearer " + alice.accessToken}});
    EXPECT_EQ(resumed.status, 200) << resumed.body;
    EXPECT_EQ(personalId(resumed), ouraIds[kAlice]);
    const HttpReply taken = reconnect.post(message(2, "tools/call", {{"name", "get_personal_info"}}),
                                           {{"Authorization", "Bearer " + bob.accessToken}});
    EXPECT_EQ(taken.status, 404) << taken.body;
    const SignedIn again = signIn(kAlice);
    EXPECT_EQ(ouraIdFor(again.accessToken), ouraIds[kAlice]);
}

// Poco's SessionPool refuses at once when its 16 connections are out; the store's leases wait for one instead.
// Each MCP request takes a connection for the bearer check and one per Oura fetch, and a refresh keeps one for
// the person's lock while it calls Oura's token endpoint: a dozen clients reading day summaries (five
// collections each), and six right after the Oura tokens expired, used to get "No more sessions available".
TEST_F(HttpRemote, ABurstOfCallsWaitsForStoreConnections)
{
    const SignedIn alice = signIn(kAlice);
    const SignedIn bob = signIn(kBob);
    ASSERT_FALSE(alice.accessToken.empty());
    ASSERT_FALSE(bob.accessToken.empty());
    std::atomic<int> failures{0};
    std::mutex firstMutex;
    std::string first;
    for (int round = 0; round < 6; ++round)
    {
        if (round % 2 == 1)
            fake->expireAllAccessTokens();
        std::vector<std::thread> threads;
        for (int t = 0; t < 12; ++t)
        {
            threads.emplace_back([&, round, t] {
                HttpClient client(server->port());
                // A day nobody asked for yet, so that every read goes to Oura.
                const std::string day =
                    "2026-0" + std::to_string(1 + round) + "-" + (t < 9 ? "0" : "") + std::to_string(1 + t);
                const HttpReply reply =
                    readSummary(client, t % 2 == 0 ? alice.accessToken : bob.accessToken, day);
                if (reply.status == 200 && summarySleepScore(reply).is_number())
                    return;
                if (++failures == 1)
                {
                    std::lock_guard<std::mutex> lock(firstMutex);
                    first = std::to_string(reply.status) + " " + reply.body.substr(0, 600);
                }
            });
        }
        for (auto& thread : threads)
            thread.join();
    }
    EXPECT_EQ(failures.load(), 0) << "first failure: " << first;
}

TEST_F(HttpRemote, ReplicasOnPostgreSqlBehindNginxShareEverythingAndOutliveOneOfThem)
{
    // Several replicas as an operator runs them (docs/deployment.md): one PostgreSQL store (a throwaway cluster
    // of Debian's postgresql), the same store key and session key (the same state folder), and nginx in front,
    // whose address is the public URL.
    if (std::system("command -v nginx >/dev/null 2>&1") != 0)
        GTEST_SKIP()
            << "nginx is not installed (packaging/install-deps.sh --with-tests installs nginx-light)";
    auto& cluster = OuraMcp::Testing::PostgresCluster::instance();
    const std::string database = cluster.url(cluster.createDatabase());
    const unsigned short front = freeLoopbackPort();
    publicUrl = "http://127.0.0.1:" + std::to_string(front);
    for (int i = 0; i < 2; ++i)
        replicas.push_back(std::make_unique<HttpServer>(
            std::vector<std::string>{"--public-url", publicUrl, "--store", database}, env));
    const unsigned short first = replicas[0]->port();
    const unsigned short second = replicas[1]->port();
    ASSERT_NE(first, 0);
    ASSERT_NE(second, 0);

    const std::string dir = home.path() + "/nginx";
    std::filesystem::create_directories(dir);
    std::ofstream(dir + "/nginx.conf")
        << "daemon off; master_process off; worker_processes 1; pid " << dir << "/nginx.pid; error_log "
        << dir
        << "/error.log;\nevents { worker_connections 256; }\nhttp {\n access_log off;\n "
           "client_body_temp_path "
        << dir << "/body; proxy_temp_path " << dir << "/proxy; fastcgi_temp_path " << dir
        << "/fcgi; uwsgi_temp_path " << dir << "/uwsgi; scgi_temp_path " << dir << "/scgi;\n"
        << " upstream replicas {\n  server 127.0.0.1:" << first
        << " max_fails=1 fail_timeout=60s;\n  server 127.0.0.1:" << second
        << " max_fails=1 fail_timeout=60s;\n }\n"
        << " server {\n  listen 127.0.0.1:" << front << ";\n  location / {\n   proxy_pass http://replicas;\n"
        << "   proxy_http_version 1.1;\n   proxy_set_header Connection \"\";\n   proxy_set_header Host "
           "$http_host;\n"
        << "   proxy_buffering off;\n   proxy_next_upstream error timeout;\n  }\n }\n}\n";
    ServerProcess nginx("/usr/sbin/nginx", {"-p", dir, "-c", dir + "/nginx.conf"}, {});
    int ready = 0;
    for (int i = 0; i < 200 && ready != 200; ++i) // until nginx listens
    {
        try
        {
            ready = web("GET", publicUrl + "/.well-known/oauth-protected-resource/mcp").status;
        }
        catch (const std::exception&)
        {
            std::this_thread::sleep_for(std::chrono::milliseconds(25));
        }
    }
    ASSERT_EQ(ready, 200) << nginx.stderrText();
    frontPort = front;

    // Signed in through the balancer: the flow's steps land on either replica.
    const SignedIn alice = signIn(kAlice);
    const SignedIn bob = signIn(kBob);
    ASSERT_FALSE(alice.accessToken.empty());
    ASSERT_FALSE(bob.accessToken.empty());
    for (int i = 0; i < 6; ++i)
    {
        EXPECT_EQ(ouraIdFor(alice.accessToken, front), ouraIds[kAlice]);
        EXPECT_EQ(ouraIdFor(bob.accessToken, front), ouraIds[kBob]);
    }
    for (const auto& replica : replicas)
        EXPECT_NE(replica->process().stderrText().find("[audit] info: user=u_"), std::string::npos)
            << "the balancer sent calls to both replicas";

    // Oura's access tokens die; both replicas are asked for one person's new days at once: Oura's single-use
    // refresh token is spent once (the row lock in PostgreSQL), and both answer with the person's data.
    fake->expireAllAccessTokens();
    const int refreshesBefore = fake->refreshCount();
    std::vector<std::thread> callers;
    std::atomic<int> wrong{0};
    for (int i = 0; i < 8; ++i)
        callers.emplace_back([&, i] {
            HttpClient client(i % 2 == 0 ? first : second);
            const HttpReply reply =
                callTool(client, alice.accessToken, "get_personal_info", Json::object(), i);
            if (reply.status != 200 || personalId(reply) != ouraIds[kAlice])
                ++wrong;
        });
    for (auto& caller : callers)
        caller.join();
    EXPECT_EQ(wrong.load(), 0);
    EXPECT_EQ(fake->refreshCount() - refreshesBefore, 1) << "one refresh for one person across two replicas";
    remember(fake->lastAccessToken());
    remember(fake->lastRefreshToken());

    // A legacy session through the balancer; one replica dies; the client carries on through the other.
    HttpClient session(front);
    ASSERT_TRUE(openLegacySession(session, alice.accessToken));
    replicas[0]->process().signal(SIGKILL);
    ASSERT_TRUE(replicas[0]->process().waitForExit());
    for (int i = 0; i < 4; ++i)
    {
        const HttpReply reply = session.post(
            message(10 + i, "tools/call", {{"name", "get_personal_info"}, {"arguments", Json::object()}}),
            {{"Authorization", "Bearer " + alice.accessToken}});
        EXPECT_EQ(reply.status, 200) << reply.body << nginx.stderrText();
        EXPECT_EQ(personalId(reply), ouraIds[kAlice]);
    }
    EXPECT_EQ(ouraIdFor(bob.accessToken, front), ouraIds[kBob]) << "and everyone else too";
}

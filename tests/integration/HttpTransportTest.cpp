// Streamable HTTP (`oura-mcp serve --http`), both protocol eras on one endpoint: the real binary on an
// ephemeral loopback port, the demo dataset or the fake Oura API behind it, and an HTTP client on the wire.
#include "FakeOuraServer.h"
#include "HttpHarness.h"

#include <gtest/gtest.h>

#include <Poco/Net/Context.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPSClientSession.h>

#include <sys/stat.h>

#include <csignal>
#include <cstdlib>
#include <fstream>
#include <regex>
#include <thread>

using OuraMcp::Json;
using namespace OuraMcp::Testing;

namespace {

const std::vector<std::string> kDemo = {"--demo"};

Json request(int id, const std::string& method, Json params = Json::object())
{
    return {{"jsonrpc", "2.0"}, {"id", id}, {"method", method}, {"params", std::move(params)}};
}

/// Every stdout line of a command, once its stdout closed.
std::string stdoutOf(ServerProcess& process)
{
    std::string text;
    while (const auto line = process.nextLine())
        text += *line + "\n";
    return text;
}

} // namespace

TEST(HttpTransport, AnnouncesTheRealPortAndWritesNothingToStdout)
{
    HttpHome home;
    HttpServer server(kDemo, httpEnv(home.path()));
    ASSERT_NE(server.port(), 0);
    HttpClient client(server.port());
    client.initialize();
    EXPECT_EQ(client.post(request(1, "tools/list")).status, 200);
    server.process().signal(SIGTERM);
    EXPECT_EQ(server.process().waitForExit(), 0);
    EXPECT_TRUE(server.process().allStdoutLines().empty());
}

TEST(HttpTransport, LegacySessionFromInitializeToDelete)
{
    HttpHome home;
    HttpServer server(kDemo, httpEnv(home.path()));
    HttpClient client(server.port());
    const Json init = client.initialize("2025-06-18");
    EXPECT_EQ(init["result"]["protocolVersion"], "2025-06-18");
    EXPECT_TRUE(std::regex_match(client.sessionId,
                                 std::regex("1\\.2025-06-18\\.[0-9]+\\.[0-9a-f]{32}\\.[0-9a-f]{64}")))
        << client.sessionId;

    HttpReply tools = client.post(request(1, "tools/list"));
    ASSERT_EQ(tools.status, 200) << tools.body;
    EXPECT_EQ(tools.header("Content-Type"), "application/json");
    EXPECT_GT(tools.json["result"]["tools"].size(), 10u);
    EXPECT_FALSE(tools.json["result"]["tools"][0].contains("icons")) << "shaped for 2025-06-18";
    EXPECT_EQ(client.post(request(2, "ping")).json["result"], Json::object());

    EXPECT_EQ(client.send("DELETE").status, 200);
    HttpReply after = client.post(request(3, "tools/list"));
    EXPECT_EQ(after.status, 404);
    EXPECT_EQ(client.send("DELETE").status, 404);
}

TEST(HttpTransport, LegacyRequestsNeedTheSessionAndAServedVersion)
{
    HttpHome home;
    HttpServer server(kDemo, httpEnv(home.path()));
    HttpClient client(server.port());
    HttpReply missing = client.post(request(1, "tools/list"));
    EXPECT_EQ(missing.status, 400);
    EXPECT_EQ(missing.json["id"], 1);
    client.initialize();
    HttpReply badVersion = client.post(request(2, "tools/list"), {{"MCP-Protocol-Version", "1999-01-01"}});
    EXPECT_EQ(badVersion.status, 400) << badVersion.body;
    HttpReply clientResponse =
        client.post({{"jsonrpc", "2.0"}, {"id", "server-1"}, {"result", Json::object()}});
    EXPECT_EQ(clientResponse.status, 202) << "a POSTed response is accepted without a body";
    EXPECT_TRUE(clientResponse.body.empty());
    HttpReply get = client.send("GET", {{"Accept", "text/event-stream"}});
    EXPECT_EQ(get.status, 405);
    EXPECT_EQ(get.header("Allow"), "POST, DELETE");
}

TEST(HttpTransport, ToolCallStreamsItsProgressThenTheResultFromTheFakeApi)
{
    FakeOuraServer fake;
    fake.addAccessToken("http-test-token");
    HttpHome home;
    auto env = httpEnv(home.path(), fake.baseUrl());
    env["OURA_ACCESS_TOKEN"] = "http-test-token";
    HttpServer server({}, env);
    HttpClient client(server.port());
    client.initialize();
    Json params = {{"name", "get_daily_sleep"},
                   {"arguments", {{"start_date", "2026-11-10"}, {"end_date", "2026-11-19"}}},
                   {"_meta", {{"progressToken", "sleep-1"}}}};
    HttpReply reply = client.post(request(7, "tools/call", params));
    ASSERT_EQ(reply.status, 200) << reply.body;
    ASSERT_EQ(reply.header("Content-Type"), "text/event-stream") << reply.body;
    ASSERT_GE(reply.events.size(), 2u) << reply.body;
    EXPECT_EQ(reply.events.front()["method"], "notifications/progress");
    EXPECT_EQ(reply.events.front()["params"]["progressToken"], "sleep-1");
    EXPECT_EQ(reply.json["id"], 7);
    EXPECT_FALSE(reply.json["result"].value("isError", false)) << reply.body;
    EXPECT_EQ(fake.requestCount("/v2/usercollection/daily_sleep"), 1);
    EXPECT_EQ(server.process().stderrText().find("http-test-token"), std::string::npos);
}

TEST(HttpTransport, ModernRequestsAreStatelessAndMirrorTheirHeaders)
{
    HttpHome home;
    HttpServer server(kDemo, httpEnv(home.path()));
    HttpClient client(server.port());
    const Json discover = client.modern("server/discover");
    EXPECT_EQ(discover["result"]["supportedVersions"][0], "2026-07-28") << discover.dump();
    const Json tools = client.modern("tools/list", Json::object(), 2);
    ASSERT_TRUE(tools.contains("result")) << tools.dump();
    EXPECT_TRUE(tools["result"].contains("ttlMs"));
    EXPECT_TRUE(tools["result"].contains("cacheScope"));
    const Json call =
        client.modern("tools/call", {{"name", "get_personal_info"}, {"arguments", Json::object()}}, 3,
                      {{"Mcp-Name", " \tget_personal_info  "}});
    EXPECT_TRUE(call.contains("result"))
        << "whitespace around a header value is not part of it: " << call.dump();
    const Json encoded =
        client.modern("tools/call", {{"name", "get_personal_info"}, {"arguments", Json::object()}}, 4,
                      {{"Mcp-Name", "=?base64?Z2V0X3BlcnNvbmFsX2luZm8=?="}});
    EXPECT_TRUE(encoded.contains("result")) << encoded.dump();
    EXPECT_TRUE(client.sessionId.empty()) << "no session in 2026-07-28";
}

TEST(HttpTransport, ModernErrorsMapToHttpStatusesAndCarryTheRequestId)
{
    HttpHome home;
    HttpServer server(kDemo, httpEnv(home.path()));
    HttpClient client(server.port());
    Json params = {{"name", "get_daily_sleep"}, {"arguments", Json::object()}, {"_meta", modernMeta()}};
    const Json call = {{"jsonrpc", "2.0"}, {"id", "m-1"}, {"method", "tools/call"}, {"params", params}};
    HttpReply wrongName = client.post(
        call, {{"MCP-Protocol-Version", "2026-07-28"}, {"Mcp-Method", "tools/call"}, {"Mcp-Name", "x"}});
    EXPECT_EQ(wrongName.status, 400);
    EXPECT_EQ(wrongName.json["error"]["code"], -32020);
    EXPECT_EQ(wrongName.json["id"], "m-1");
    HttpReply noName =
        client.post(call, {{"MCP-Protocol-Version", "2026-07-28"}, {"Mcp-Method", "tools/call"}});
    EXPECT_EQ(noName.status, 400);
    EXPECT_EQ(noName.json["error"]["code"], -32020);
    HttpReply wrongMethod = client.post(call, {{"MCP-Protocol-Version", "2026-07-28"},
                                               {"Mcp-Method", "tools/list"},
                                               {"Mcp-Name", "get_daily_sleep"}});
    EXPECT_EQ(wrongMethod.status, 400);
    HttpReply wrongVersion = client.post(call, {{"MCP-Protocol-Version", "2025-11-25"},
                                                {"Mcp-Method", "tools/call"},
                                                {"Mcp-Name", "get_daily_sleep"}});
    EXPECT_EQ(wrongVersion.status, 400);
    EXPECT_EQ(wrongVersion.json["error"]["code"], -32020);
    const Json unknown = client.modern("no/such", Json::object(), 9);
    EXPECT_EQ(unknown["error"]["code"], -32601);
    HttpReply unknownStatus = client.post(
        {{"jsonrpc", "2.0"}, {"id", 10}, {"method", "no/such"}, {"params", {{"_meta", modernMeta()}}}},
        {{"MCP-Protocol-Version", "2026-07-28"}, {"Mcp-Method", "no/such"}});
    EXPECT_EQ(unknownStatus.status, 404);
    Json future = modernMeta();
    future["io.modelcontextprotocol/protocolVersion"] = "2099-01-01";
    HttpReply unsupported = client.post(
        {{"jsonrpc", "2.0"}, {"id", 11}, {"method", "server/discover"}, {"params", {{"_meta", future}}}},
        {{"MCP-Protocol-Version", "2099-01-01"}, {"Mcp-Method", "server/discover"}});
    EXPECT_EQ(unsupported.status, 400);
    EXPECT_EQ(unsupported.json["error"]["code"], -32022);
}

TEST(HttpTransport, SessionIdsSurviveARestartWithTheSameKeyFile)
{
    HttpHome home;
    HttpClient::Headers none;
    std::string id;
    {
        HttpServer first(kDemo, httpEnv(home.path()));
        HttpClient client(first.port());
        client.initialize("2025-03-26");
        id = client.sessionId;
        first.process().signal(SIGTERM);
        ASSERT_EQ(first.process().waitForExit(), 0);
    }
    struct stat info;
    ASSERT_EQ(::stat((home.path() + "/.local/state/oura-mcp/http-session.key").c_str(), &info), 0);
    EXPECT_EQ(info.st_mode & 0777, 0600u);
    HttpServer second(kDemo, httpEnv(home.path()));
    HttpClient client(second.port());
    client.sessionId = id;
    HttpReply batch = client.postRaw(
        R"([{"jsonrpc":"2.0","id":1,"method":"ping"},{"jsonrpc":"2.0","id":2,"method":"ping"}])", none);
    ASSERT_EQ(batch.status, 200) << "the id still carries 2025-03-26, the revision with batches: "
                                 << batch.body;
    EXPECT_EQ(batch.json.size(), 2u);

    HttpHome otherHome;
    HttpServer third(kDemo, httpEnv(otherHome.path()));
    HttpClient stranger(third.port());
    stranger.sessionId = id;
    EXPECT_EQ(stranger.post(request(1, "ping")).status, 404) << "signed with another key";
}

TEST(HttpTransport, BearerTokenIsRequiredWhenConfiguredAndNeverLogged)
{
    HttpHome home;
    auto env = httpEnv(home.path());
    const std::string token = "s3cret-token-for-http-tests-0123456789";
    env["OURA_MCP_HTTP_TOKEN"] = token;
    HttpServer server(kDemo, env);
    HttpClient client(server.port());
    const Json ping = request(1, "server/discover");
    HttpReply none = client.post(ping);
    EXPECT_EQ(none.status, 401);
    EXPECT_EQ(none.header("WWW-Authenticate"), "Bearer");
    EXPECT_EQ(client.post(ping, {{"Authorization", "Bearer wrong"}}).status, 401);
    EXPECT_EQ(client.post(ping, {{"Authorization", "Bearer " + token}}).status, 200);
    EXPECT_EQ(server.process().stderrText().find(token), std::string::npos);
}

TEST(HttpTransport, RefusesANonLoopbackAddressWithoutAuthentication)
{
    HttpHome home;
    ServerProcess server(binaryPath(), {"serve", "--demo", "--http", "0.0.0.0:0"}, httpEnv(home.path()));
    EXPECT_EQ(server.waitForExit(), 2);
    EXPECT_NE(server.stderrUntilClosed().find("without authentication"), std::string::npos);
}

TEST(HttpTransport, OneAccessLinePerRequestWithMethodStatusAndDuration)
{
    HttpHome home;
    HttpServer server(kDemo, httpEnv(home.path()));
    HttpClient client(server.port());
    client.initialize();
    client.post(request(1, "tools/list"));
    const std::string log = server.waitForLog("POST tools/list 200");
    EXPECT_TRUE(std::regex_search(log, std::regex("\\[http\\] info: POST initialize 200 [0-9.]+ ms"))) << log;
    EXPECT_TRUE(
        std::regex_search(log, std::regex("\\[http\\] info: POST notifications/initialized 202 [0-9.]+ ms")))
        << log;
    EXPECT_TRUE(std::regex_search(log, std::regex("\\[http\\] info: POST tools/list 200 [0-9.]+ ms"))) << log;
}

TEST(HttpTransport, ModernRequestsMissingMetaGet400AndInitializeIsNotAModernMethod)
{
    HttpHome home;
    HttpServer server(kDemo, httpEnv(home.path()));
    HttpClient client(server.port());
    const HttpClient::Headers modern = {{"MCP-Protocol-Version", "2026-07-28"},
                                        {"Mcp-Method", "server/discover"}};
    HttpReply noMeta = client.post(request(1, "server/discover"), modern);
    EXPECT_EQ(noMeta.status, 400);
    EXPECT_EQ(noMeta.json["error"]["code"], -32602);
    Json meta = modernMeta();
    meta.erase("io.modelcontextprotocol/clientCapabilities");
    HttpReply noCapabilities = client.post(request(2, "server/discover", {{"_meta", meta}}), modern);
    EXPECT_EQ(noCapabilities.status, 400);
    EXPECT_EQ(noCapabilities.json["error"]["code"], -32602);
    HttpReply initialize =
        client.post(request(3, "initialize", {{"_meta", modernMeta()}}),
                    {{"MCP-Protocol-Version", "2026-07-28"}, {"Mcp-Method", "initialize"}});
    EXPECT_EQ(initialize.status, 404);
    EXPECT_EQ(initialize.json["error"]["code"], -32601);
    EXPECT_TRUE(initialize.header("Mcp-Session-Id").empty());
}

TEST(HttpTransport, AnIdleSessionEnds)
{
    HttpHome home;
    auto env = httpEnv(home.path());
    env["OURA_MCP_HTTP_SESSION_IDLE_SECONDS"] = "1";
    HttpServer server(kDemo, env);
    HttpClient client(server.port());
    client.initialize();
    EXPECT_EQ(client.post(request(1, "ping")).status, 200);
    std::this_thread::sleep_for(std::chrono::milliseconds(2100)); // the idle limit being tested
    EXPECT_EQ(client.post(request(2, "ping")).status, 404);
}

TEST(HttpTransport, ServesHttpsWithTheGivenCertificate)
{
    HttpHome home;
    const std::string cert = home.path() + "/cert.pem";
    const std::string key = home.path() + "/key.pem";
    const std::string make = "openssl req -x509 -newkey rsa:2048 -nodes -keyout " + key + " -out " + cert +
                             " -days 1 -subj /CN=localhost >/dev/null 2>&1";
    if (std::system(make.c_str()) != 0)
        GTEST_SKIP() << "openssl is needed to make a test certificate";
    ServerProcess process(binaryPath(),
                          {"serve", "--demo", "--http", "127.0.0.1:0", "--tls-cert", cert, "--tls-key", key},
                          httpEnv(home.path()));
    const std::regex listening("listening on https://127\\.0\\.0\\.1:([0-9]+)/mcp");
    std::smatch match;
    std::string log;
    for (int i = 0; i < 200 && !std::regex_search(log, match, listening); ++i)
    {
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
        log = process.stderrText();
    }
    ASSERT_TRUE(std::regex_search(log, match, listening)) << log;
    Poco::Net::Context::Ptr context =
        new Poco::Net::Context(Poco::Net::Context::TLS_CLIENT_USE, "", Poco::Net::Context::VERIFY_NONE);
    Poco::Net::HTTPSClientSession session("127.0.0.1", static_cast<Poco::UInt16>(std::stoi(match[1])),
                                          context);
    Poco::Net::HTTPRequest post("POST", "/mcp", "HTTP/1.1");
    const std::string body = request(1, "server/discover").dump();
    post.setContentType("application/json");
    post.set("Accept", "application/json, text/event-stream");
    post.setContentLength(static_cast<std::streamsize>(body.size()));
    session.sendRequest(post) << body;
    Poco::Net::HTTPResponse response;
    std::istream& in = session.receiveResponse(response);
    const Json reply = Json::parse(std::string(std::istreambuf_iterator<char>(in), {}));
    EXPECT_EQ(response.getStatus(), 200);
    EXPECT_EQ(reply["result"]["supportedVersions"][0], "2026-07-28");
}

TEST(HttpTransport, DoctorChecksTheHttpTokenFileAndSessionKey)
{
    HttpHome home;
    const std::string tokenFile = home.path() + "/http-token";
    std::ofstream(tokenFile) << "short\n";
    auto env = httpEnv(home.path());
    env["OURA_MCP_HTTP_TOKEN_FILE"] = tokenFile;
    ServerProcess shortToken(binaryPath(), {"doctor", "--demo"}, env);
    const std::string report = stdoutOf(shortToken);
    EXPECT_EQ(shortToken.waitForExit(), 1);
    EXPECT_NE(report.find("[FAIL] http: the HTTP token in " + tokenFile + " is shorter than 16 characters"),
              std::string::npos)
        << report;
    ServerProcess serve(binaryPath(), {"serve", "--demo", "--http", "127.0.0.1:0"}, env);
    EXPECT_EQ(serve.waitForExit(), 1) << "serve refuses the same token file";

    std::ofstream(tokenFile) << "a-long-enough-token-for-doctor\n";
    ::chmod(tokenFile.c_str(), 0644);
    ServerProcess loose(binaryPath(), {"doctor", "--demo"}, env);
    const std::string text = stdoutOf(loose);
    EXPECT_EQ(loose.waitForExit(), 0);
    EXPECT_NE(text.find("[warn] http: the HTTP token file " + tokenFile + " is readable by other users"),
              std::string::npos)
        << text;
    EXPECT_EQ(text.find("a-long-enough-token-for-doctor"), std::string::npos);
}

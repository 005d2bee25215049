// Fault matrix, upstream rows (docs/reliability.md): the real binary over stdio while the Oura API
// misbehaves -- 429 bursts, 5xx, connections closed or reset, truncated bodies, answers slower than the read
// timeout. For each: a transient fault is absorbed by the retries, a lasting one ends in one isError result
// whose text says what happened, and the server goes on answering.
#include "FaultHarness.h"

#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/StreamSocket.h>
#include <Poco/Net/TCPServer.h>
#include <Poco/Net/TCPServerConnection.h>
#include <Poco/Net/TCPServerConnectionFactory.h>
#include <Poco/Net/TCPServerParams.h>

#include <atomic>
#include <memory>

using OuraMcp::Json;
using OuraMcp::Testing::binaryPath;
using OuraMcp::Testing::FakeOuraServer;
using OuraMcp::Testing::ScriptedResponse;
using OuraMcp::Testing::ServerProcess;
using OuraMcp::Testing::textOf;
using namespace OuraMcp::Testing::Faults;

namespace {

const char* const kToken = "access-token-for-fault-matrix";

struct Session
{
    FakeOuraServer fake{fakeOptions()};
    TempHome home;
    std::unique_ptr<ServerProcess> server;

    explicit Session(ServerProcess::Env extra = {})
    {
        fake.addAccessToken(kToken);
        auto env = apiEnv(fake.baseUrl(), home.path());
        env["OURA_ACCESS_TOKEN"] = kToken;
        for (const auto& [key, value] : extra)
            env[key] = value;
        server = std::make_unique<ServerProcess>(binaryPath(), std::vector<std::string>{}, env);
        server->initialize();
    }
};

const std::string kSleepPath = "/v2/usercollection/daily_sleep";
const Json kYesterday = {{"start_date", "yesterday"}};

/// A TCP server that answers the first `resets` connections with a TCP reset (SO_LINGER 0, then close) as
/// soon as the request has arrived, and later ones with an empty but valid collection page. The fake Oura
/// server can only close connections in order (FIN); a reset needs its own listener.
class ResettingServer
{
public:
    explicit ResettingServer(int resets) : _state(std::make_shared<State>())
    {
        _state->resetsLeft = resets;
        Poco::Net::ServerSocket socket(Poco::Net::SocketAddress("127.0.0.1", 0));
        _port = socket.address().port();
        auto* params = new Poco::Net::TCPServerParams;
        params->setMaxThreads(4);
        _server = std::make_unique<Poco::Net::TCPServer>(new Factory(_state), socket, params);
        _server->start();
    }
    ~ResettingServer() { _server->stop(); }

    std::string baseUrl() const { return "http://127.0.0.1:" + std::to_string(_port); }
    int connections() const { return _state->connections; }
    int resetsDone() const { return _state->resetsDone; }

private:
    struct State
    {
        std::atomic<int> resetsLeft{0};
        std::atomic<int> resetsDone{0};
        std::atomic<int> connections{0};
    };

    class Connection : public Poco::Net::TCPServerConnection
    {
    public:
        Connection(const Poco::Net::StreamSocket& socket, std::shared_ptr<State> state)
            : TCPServerConnection(socket), _state(std::move(state))
        {}

        void run() override
        {
            ++_state->connections;
            std::string request;
            char buffer[4096];
            while (request.find("\r\n\r\n") == std::string::npos)
            {
                const int n = socket().receiveBytes(buffer, sizeof buffer);
                if (n <= 0)
                    return;
                request.append(buffer, static_cast<std::size_t>(n));
            }
            if (_state->resetsLeft.fetch_sub(1) > 0)
            {
                socket().setLinger(true, 0);
                socket().close(); // RST instead of FIN
                ++_state->resetsDone;
                return;
            }
            const std::string body = R"({"data":[],"next_token":null})";
            const std::string answer =
                "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " +
                std::to_string(body.size()) + "\r\nConnection: close\r\n\r\n" + body;
            socket().sendBytes(answer.data(), static_cast<int>(answer.size()));
            socket().shutdownSend();
        }

    private:
        std::shared_ptr<State> _state;
    };

    class Factory : public Poco::Net::TCPServerConnectionFactory
    {
    public:
        explicit Factory(std::shared_ptr<State> state) : _state(std::move(state)) {}
        Poco::Net::TCPServerConnection* createConnection(const Poco::Net::StreamSocket& socket) override
        {
            return new Connection(socket, _state);
        }

    private:
        std::shared_ptr<State> _state;
    };

    std::shared_ptr<State> _state;
    std::unique_ptr<Poco::Net::TCPServer> _server;
    Poco::UInt16 _port = 0;
};

/// One fault on the daily_sleep route is absorbed by the retries; `lasting` of them in a row make the call
/// fail with the network problem named; afterwards the server serves normally.
void expectAbsorbedThenReported(Session& s, const ScriptedResponse& fault, std::size_t lasting,
                                const std::string& problem)
{
    s.fake.script(kSleepPath, {fault});
    Json once = callTool(*s.server, "get_daily_sleep", kYesterday, 2);
    EXPECT_FALSE(isError(once)) << textOf(once);

    s.fake.script(kSleepPath, std::vector<ScriptedResponse>(lasting, fault));
    Json always = callTool(*s.server, "get_daily_sleep", {{"start_date", "2026-11-18"}}, 3);
    ASSERT_TRUE(isError(always));
    EXPECT_EQ(textOf(always), "The Oura API request for " + kSleepPath +
                                  " failed after 4 attempts: no complete answer from Oura (" + problem +
                                  "). Try again in a few minutes.");
    s.fake.clearScripts();
    expectStillServing(*s.server, 10);
}

} // namespace

// Two 429s with Retry-After: 1 are waited out (the budget is two waits of at most 10 s each); a third in a
// row, or one asking for an hour, is returned at once as a rate-limit error that says when to try again.
TEST(FaultUpstream, RateLimitBurstIsWaitedOutThenReportedWithWhenToRetry)
{
    Session s;
    s.fake.script(kSleepPath, {ScriptedResponse::rateLimited(1), ScriptedResponse::rateLimited(1)});
    Json waited = callTool(*s.server, "get_daily_sleep", kYesterday, 2);
    EXPECT_FALSE(isError(waited)) << textOf(waited);
    EXPECT_EQ(s.fake.requestCount(kSleepPath), 3);

    s.fake.script(kSleepPath, std::vector<ScriptedResponse>(3, ScriptedResponse::rateLimited(1)));
    Json burst = callTool(*s.server, "get_daily_sleep", {{"start_date", "2026-11-18"}}, 3);
    ASSERT_TRUE(isError(burst));
    EXPECT_NE(textOf(burst).find("Oura's rate limit was reached (HTTP 429, access_token limit); try again in "
                                 "about 1 second (after "),
              std::string::npos)
        << textOf(burst);
    EXPECT_EQ(s.fake.pendingScripts(), 0u);

    s.fake.script(kSleepPath, {ScriptedResponse::rateLimited(3600)});
    Json longWait = callTool(*s.server, "get_daily_sleep", {{"start_date", "2026-11-17"}}, 4);
    ASSERT_TRUE(isError(longWait));
    EXPECT_NE(textOf(longWait).find("try again in about 3600 seconds"), std::string::npos)
        << textOf(longWait);

    expectStillServing(*s.server, 10);
}

// 500, 502 and 503 once each: retried with backoff, the call succeeds. Four in a row (every attempt) on three
// tools at once: three clear errors naming the status, and the next calls succeed.
TEST(FaultUpstream, ServerErrorsAreRetriedThenReportedWithTheStatus)
{
    Session s;
    const std::vector<std::pair<int, std::string>> cases = {{500, "/v2/usercollection/daily_sleep"},
                                                            {502, "/v2/usercollection/daily_activity"},
                                                            {503, "/v2/usercollection/daily_readiness"}};
    const std::vector<std::string> tools = {"get_daily_sleep", "get_daily_activity", "get_daily_readiness"};

    for (std::size_t i = 0; i < cases.size(); ++i)
    {
        s.fake.script(cases[i].second, {ScriptedResponse::respond(cases[i].first, R"({"detail":"hiccup"})")});
        Json result = callTool(*s.server, tools[i], kYesterday, 2 + static_cast<int>(i));
        EXPECT_FALSE(isError(result)) << cases[i].first << ": " << textOf(result);
        EXPECT_EQ(s.fake.requestCount(cases[i].second), 2) << cases[i].first;
    }

    for (std::size_t i = 0; i < cases.size(); ++i)
    {
        s.fake.script(cases[i].second,
                      std::vector<ScriptedResponse>(
                          4, ScriptedResponse::respond(cases[i].first, R"({"detail":"down"})")));
        s.server->sendJson(toolCall(20 + static_cast<int>(i), tools[i], {{"start_date", "2026-11-15"}}));
    }
    for (std::size_t n = 0; n < cases.size(); ++n)
    {
        Json reply = s.server->nextMessage(std::chrono::seconds(60));
        ASSERT_TRUE(reply.contains("result")) << reply.dump();
        const std::size_t i = reply["id"].get<std::size_t>() - 20;
        ASSERT_LT(i, cases.size());
        ASSERT_TRUE(isError(reply["result"])) << textOf(reply["result"]);
        EXPECT_EQ(textOf(reply["result"]), "The Oura API request for " + cases[i].second +
                                               " failed after 4 attempts: Oura's service answered HTTP " +
                                               std::to_string(cases[i].first) +
                                               ": \"down\". Try again in a few minutes.");
    }
    EXPECT_EQ(s.fake.pendingScripts(), 0u);
    expectStillServing(*s.server, 30);
}

// The fake closes the connection (FIN) without a status line: retried; on every attempt: a clear error.
TEST(FaultUpstream, ConnectionClosedWithoutAnswerIsRetriedThenReported)
{
    Session s;
    // More drops than the client will ever use (a reused connection gets one immediate extra try).
    expectAbsorbedThenReported(s, ScriptedResponse::drop(), 20,
                               "the server closed the connection without answering");
}

// A TCP reset (RST) right after the request: retried; on every attempt: a clear error naming the reset.
TEST(FaultUpstream, ConnectionResetIsRetriedThenReported)
{
    TempHome home;
    auto start = [&](const ResettingServer& resetter) {
        auto env = apiEnv(resetter.baseUrl(), home.path());
        env["OURA_ACCESS_TOKEN"] = kToken;
        auto server = std::make_unique<ServerProcess>(binaryPath(), std::vector<std::string>{}, env);
        server->initialize();
        return server;
    };
    {
        ResettingServer resetter(1);
        auto server = start(resetter);
        Json once = callTool(*server, "get_daily_sleep", kYesterday, 2);
        EXPECT_FALSE(isError(once)) << textOf(once);
        EXPECT_EQ(once["structuredContent"]["count"], 0) << once.dump();
        EXPECT_EQ(resetter.resetsDone(), 1);
    }
    ResettingServer resetter(1000);
    auto server = start(resetter);
    Json always = callTool(*server, "get_daily_sleep", kYesterday, 2);
    ASSERT_TRUE(isError(always));
    EXPECT_EQ(textOf(always),
              "The Oura API request for " + kSleepPath +
                  " failed after 4 attempts: no complete answer from Oura (Connection reset by "
                  "peer). Try again in a few minutes.");
    EXPECT_GE(resetter.resetsDone(), 4);
    Json pong = server->request("ping", Json::object(), 3);
    EXPECT_EQ(pong["result"], Json::object());
}

// Content-Length promises 100 bytes more than arrive: retried; on every attempt: a clear error.
TEST(FaultUpstream, TruncatedBodyIsRetriedThenReported)
{
    Session s;
    expectAbsorbedThenReported(s, ScriptedResponse::truncated(), 20,
                               "the connection closed after 22 of 122 bytes (HTTP 200 answer truncated)");
}

// Answers that never come within OURA_MCP_READ_TIMEOUT_MS: the attempt times out and is retried; when every
// attempt stalls, a clear timeout error. (The stalls are the fault; they end when the fake stops.)
TEST(FaultUpstream, AnswerSlowerThanTheReadTimeoutIsRetriedThenReported)
{
    Session s(ServerProcess::Env{{"OURA_MCP_READ_TIMEOUT_MS", "300"}});
    expectAbsorbedThenReported(s, ScriptedResponse::stall(600000), 4, "timed out");
    EXPECT_EQ(s.fake.requestCount(kSleepPath), 2 + 4 + 1); // a timed-out GET is not repeated at once
}

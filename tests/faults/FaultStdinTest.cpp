// Fault matrix, client-side rows (docs/reliability.md): what a broken or greedy MCP client can throw at the
// server over stdin -- 1,000 tool calls pipelined at once, a single 100 MB line. Every request is answered
// exactly once, the oversize line gets one precise JSON-RPC error, and peak memory stays far below the
// input size.
#include "FaultHarness.h"

#include <ctime>
#include <map>

using OuraMcp::Json;
using OuraMcp::Testing::binaryPath;
using OuraMcp::Testing::FakeOuraServer;
using OuraMcp::Testing::ServerProcess;
using OuraMcp::Testing::textOf;
using namespace OuraMcp::Testing::Faults;

namespace {

const std::vector<std::string> kEchoPluginArgs = {"--no-bundled-plugins", "--plugin-dir", TEST_PLUGINS_GOOD};

/// Sends all requests in one write (the way a client that does not wait would) and collects one reply per
/// id; fails on a missing, repeated or unknown id.
std::map<int, Json> pipeline(ServerProcess& server, const std::vector<Json>& requests)
{
    std::string batch;
    for (const auto& request : requests)
        batch += request.dump() + "\n";
    batch.pop_back(); // send() adds the last newline
    server.send(batch);

    std::map<int, Json> replies;
    for (std::size_t n = 0; n < requests.size(); ++n)
    {
        Json reply = server.nextMessage(std::chrono::seconds(60));
        if (!reply.contains("id") || !reply["id"].is_number_integer())
        {
            ADD_FAILURE() << "reply without an integer id: " << reply.dump();
            break;
        }
        const int id = reply["id"].get<int>();
        EXPECT_TRUE(replies.emplace(id, reply).second) << "id " << id << " answered twice";
    }
    return replies;
}

/// "YYYY-MM-DD" of kToday minus days.
std::string daysBeforeToday(int days)
{
    std::tm tm{};
    tm.tm_year = 2026 - 1900;
    tm.tm_mon = 10;
    tm.tm_mday = 20 - days;
    tm.tm_hour = 12;
    ::timegm(&tm); // normalises the date
    char buf[16];
    std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
    return buf;
}

} // namespace

// 1,000 tools/call requests in one burst against a plugin tool: each id answered once with its own text.
TEST(FaultStdin, ThousandPipelinedToolCallsAreEachAnsweredOnce)
{
    ServerProcess server(binaryPath(), kEchoPluginArgs, {});
    server.initialize();
    std::vector<Json> requests;
    for (int id = 1000; id < 2000; ++id)
        requests.push_back(toolCall(id, "echo", {{"text", "call-" + std::to_string(id)}}));
    const auto replies = pipeline(server, requests);

    ASSERT_EQ(replies.size(), 1000u);
    for (const auto& [id, reply] : replies)
    {
        ASSERT_GE(id, 1000);
        ASSERT_LT(id, 2000);
        ASSERT_TRUE(reply.contains("result")) << reply.dump();
        EXPECT_FALSE(isError(reply["result"])) << reply.dump();
        EXPECT_EQ(textOf(reply["result"]), "call-" + std::to_string(id));
    }
    Json pong = server.request("ping", Json::object(), 1);
    EXPECT_EQ(pong["result"], Json::object());
    expectPeakRssBounded(server.pid(), "1,000 pipelined echo calls");
    server.closeStdin();
    EXPECT_EQ(server.waitForExit(), 0);
}

// 1,000 tools/call requests in one burst that all need the Oura API (ten tools x 100 days): each answered
// once with that day's data, while the worker pool and HTTP connections are saturated.
TEST(FaultStdin, ThousandPipelinedApiCallsAreEachAnsweredOnce)
{
    FakeOuraServer fake(fakeOptions());
    fake.addAccessToken("access-token-for-thousand-calls");
    TempHome home;
    auto env = apiEnv(fake.baseUrl(), home.path());
    env["OURA_ACCESS_TOKEN"] = "access-token-for-thousand-calls";
    ServerProcess server(binaryPath(), {}, env);
    server.initialize();

    const std::vector<std::string> tools = {
        "get_daily_sleep",        "get_daily_activity", "get_daily_readiness", "get_daily_stress",
        "get_daily_resilience",   "get_sleep_periods",  "get_workouts",        "get_sessions",
        "get_cardiovascular_age", "get_sleep_time"};
    std::vector<Json> requests;
    std::map<int, std::string> dayOf;
    for (int i = 0; i < 1000; ++i)
    {
        const int id = 1000 + i;
        dayOf[id] = daysBeforeToday(1 + i / 10); // 100 distinct days, each asked of ten tools
        requests.push_back(toolCall(id, tools[i % tools.size()], {{"start_date", dayOf[id]}}));
    }
    const auto replies = pipeline(server, requests);

    ASSERT_EQ(replies.size(), 1000u);
    for (const auto& [id, reply] : replies)
    {
        ASSERT_TRUE(reply.contains("result")) << reply.dump();
        EXPECT_FALSE(isError(reply["result"])) << id << ": " << textOf(reply["result"]);
        EXPECT_EQ(reply["result"]["structuredContent"]["range"]["start"], dayOf.at(id)) << reply.dump();
    }
    expectStillServing(server, 1);
    expectPeakRssBounded(server.pid(), "1,000 pipelined API calls");
}

// One 100 MB line (a tools/call whose text argument never ends in time): one -32600 error with a null id
// naming the limit, then the next lines are served; the line is skipped, never buffered whole.
TEST(FaultStdin, HundredMegabyteLineGetsOneErrorAndMemoryStaysBounded)
{
    ServerProcess server(binaryPath(), kEchoPluginArgs, {});
    server.initialize();
    const std::size_t size = 100u * 1024 * 1024;
    std::string line =
        R"({"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"name":"echo","arguments":{"text":")";
    line.resize(size - 4, 'a');
    line += R"("}})";
    server.send(line);
    line.clear();
    line.shrink_to_fit();

    Json error = server.nextMessage();
    EXPECT_EQ(
        error,
        Json::parse(R"({"jsonrpc":"2.0","id":null,"error":{"code":-32600,)"
                    R"("message":"Invalid Request: message exceeds the size limit of 8388608 bytes"}})"));
    Json pong = server.request("ping", Json::object(), 8);
    EXPECT_EQ(pong["result"], Json::object()) << pong.dump();
    Json echo = callTool(server, "echo", {{"text", "after the flood"}}, 9);
    EXPECT_EQ(textOf(echo), "after the flood");

    expectPeakRssBounded(server.pid(), "a " + std::to_string(size) + "-byte line");
    server.closeStdin();
    EXPECT_EQ(server.waitForExit(), 0);
    // Exactly one reply for the oversize line: nothing but the three answers above reached stdout.
    std::size_t afterInit = 0;
    for (const auto& out : server.allStdoutLines())
    {
        if (Json::parse(out).value("id", Json()) != 0) // 0: the initialize answer
            ++afterInit;
    }
    EXPECT_EQ(afterInit, 3u);
    EXPECT_NE(server.stderrUntilClosed().find("refused an input line longer than 8388608 bytes"),
              std::string::npos);
}

// 5,000 echo calls in one burst, more than the queue bound (1,000 waiting requests): every id is answered
// exactly once, either with its result or, if the queue was full when it arrived, with a JSON-RPC error
// saying the server is busy; the server then answers normally.
TEST(FaultStdin, BurstBeyondTheQueueBoundIsAnsweredOrRefusedNeverDropped)
{
    ServerProcess server(binaryPath(), kEchoPluginArgs, {});
    server.initialize();
    std::vector<Json> requests;
    for (int id = 10000; id < 15000; ++id)
        requests.push_back(toolCall(id, "echo", {{"text", "call-" + std::to_string(id)}}));
    const auto replies = pipeline(server, requests);

    ASSERT_EQ(replies.size(), requests.size());
    std::size_t refused = 0;
    for (const auto& [id, reply] : replies)
    {
        if (reply.contains("error"))
        {
            ++refused;
            EXPECT_EQ(
                reply["error"],
                Json::parse(
                    R"({"code":-32603,"message":"Internal error: server busy, too many requests in progress"})"))
                << reply.dump();
            continue;
        }
        EXPECT_EQ(textOf(reply["result"]), "call-" + std::to_string(id)) << reply.dump();
    }
    RecordProperty("refused", static_cast<int>(refused));
    EXPECT_EQ(textOf(callTool(server, "echo", {{"text", "after the burst"}}, 2)), "after the burst");
    expectPeakRssBounded(server.pid(), "5,000 pipelined calls");
}

// A line under the size limit that is all tiny values -- a ping whose params hold a million {"a":0} (8 MB):
// refused with one -32600 naming the value limit instead of a tree of ~100 MB (and, before the reader was
// made linear, a reading thread that never came back). A message of 49,000 such objects is still served.
TEST(FaultStdin, LineOfAMillionTinyObjectsIsRefusedAndMemoryStaysBounded)
{
    ServerProcess server(binaryPath(), kEchoPluginArgs, {});
    server.initialize();
    auto pingWithObjects = [](int id, int objects) {
        std::string line =
            R"({"jsonrpc":"2.0","id":)" + std::to_string(id) + R"(,"method":"ping","params":{"a":[)";
        line.reserve(line.size() + 8 * static_cast<std::size_t>(objects) + 4);
        for (int i = 0; i < objects; ++i)
            line += i ? R"(,{"a":0})" : R"({"a":0})";
        return line + "]}}";
    };
    server.send(pingWithObjects(3, 1000000));
    Json refused = server.nextMessage(std::chrono::seconds(60));
    EXPECT_EQ(refused, Json::parse(R"({"jsonrpc":"2.0","id":null,"error":{"code":-32600,"message":)"
                                   R"("Invalid Request: the message holds more than 100000 JSON values, the )"
                                   R"(limit of this server"}})"));
    server.send(pingWithObjects(4, 49000));
    Json served = server.nextMessage(std::chrono::seconds(60));
    EXPECT_EQ(served, Json::parse(R"({"jsonrpc":"2.0","id":4,"result":{}})"));
    EXPECT_EQ(textOf(callTool(server, "echo", {{"text", "still here"}}, 5)), "still here");
    expectPeakRssBounded(server.pid(), "a line of a million objects");
}

// The worker pool, cancellation and shutdown of Server.
#include "mcp/CallMemo.h"

#include "ServerHarness.h"

#include <gtest/gtest.h>

#include <set>

namespace OuraMcp::Mcp::Test {

namespace {

int errorCode(const Json& response)
{
    return response.contains("error") ? response["error"].value("code", 0) : 0;
}

} // namespace

TEST(ServerConcurrency, SlowToolDoesNotBlockInlineRequests)
{
    ServerHarness h;
    h.start();
    h.initialize();
    h.send(request(1, "tools/call", {{"name", "block"}}));
    ASSERT_TRUE(h.catalog.started.waitFor(1));
    EXPECT_EQ(h.call(request(2, "ping"))["id"], 2);
    EXPECT_EQ(h.call(request(3, "tools/list"))["id"], 3);
    // Another worker serves a second tool call meanwhile: responses leave out of order.
    EXPECT_EQ(h.call(request(4, "tools/call", {{"name", "echo"}, {"arguments", {{"text", "fast"}}}}))["id"],
              4);
    h.catalog.release.open();
    const Json response = h.read();
    EXPECT_EQ(response["id"], 1);
    EXPECT_EQ(response["result"]["content"][0]["text"], "released");
}

TEST(ServerConcurrency, AMemoisedCallIsAnsweredWhileEveryWorkerIsBusy)
{
    ServerOptions options;
    options.workerThreads = 1;
    options.callMemo = std::make_shared<CallMemo>(CallMemo::Options{});
    ServerHarness h(options);
    h.start();
    h.initialize();
    const Json echo = {{"name", "echo"}, {"arguments", {{"text", "again"}}}};
    const Json first = h.call(request(1, "tools/call", echo));
    ASSERT_TRUE(first.contains("result"));
    h.send(request(2, "tools/call", {{"name", "block"}}));
    ASSERT_TRUE(h.catalog.started.waitFor(1));
    // The one worker is blocked: the repeat can only be answered by the reading thread, from the memo.
    const Json repeat = h.call(request(3, "tools/call", echo));
    EXPECT_EQ(repeat["id"], 3);
    EXPECT_EQ(repeat["result"], first["result"]);
    h.catalog.release.open();
    EXPECT_EQ(h.read()["id"], 2);
}

TEST(ServerConcurrency, RefusesADuplicateIdInFlight)
{
    ServerHarness h;
    h.start();
    h.send(request(7, "tools/call", {{"name", "block"}}));
    ASSERT_TRUE(h.catalog.started.waitFor(1));
    Json response = h.call(request(7, "tools/call", {{"name", "echo"}}));
    EXPECT_EQ(errorCode(response), -32600);
    EXPECT_EQ(response["id"], 7);
    EXPECT_EQ(errorCode(h.call(request(7, "ping"))), -32600);
    h.catalog.release.open();
    response = h.read();
    EXPECT_EQ(response["id"], 7);
    EXPECT_EQ(response["result"]["content"][0]["text"], "released");
    // Once answered, the id may be used again.
    EXPECT_EQ(h.call(request(7, "ping"))["result"], Json::object());
}

TEST(ServerConcurrency, RefusesRequestsBeyondTheQueueBound)
{
    ServerOptions options;
    options.workerThreads = 1;
    options.maxQueuedRequests = 2;
    ServerHarness h(options);
    h.start();
    h.send(request(1, "tools/call", {{"name", "block"}}));
    ASSERT_TRUE(h.catalog.started.waitFor(1)); // the only worker is busy; the queue is empty
    h.send(request(2, "tools/call", {{"name", "block"}}));
    h.send(request(3, "tools/call", {{"name", "block"}}));
    const Json busy = h.call(request(4, "tools/call", {{"name", "block"}}));
    EXPECT_EQ(errorCode(busy), -32603);
    EXPECT_EQ(busy["id"], 4);
    EXPECT_NE(busy["error"]["message"].get<std::string>().find("busy"), std::string::npos);
    h.catalog.release.open();
    std::set<int> ids;
    for (int i = 0; i < 3; ++i)
        ids.insert(h.read()["id"].get<int>());
    EXPECT_EQ(ids, (std::set<int>{1, 2, 3}));
}

TEST(ServerConcurrency, SendsNoResponseForACancelledRequest)
{
    ServerOptions options;
    options.workerThreads =
        1; // tasks run one after another: a later answer proves an earlier one was dropped
    ServerHarness h(options);
    h.start();
    h.initialize();
    h.send(request(9, "tools/call", {{"name", "wait_cancel"}}));
    ASSERT_TRUE(h.catalog.started.waitFor(1));
    h.send(notification("notifications/cancelled", {{"requestId", 9}, {"reason", "user"}}));
    ASSERT_TRUE(h.catalog.returned.waitFor(1));
    const Json response =
        h.call(request(10, "tools/call", {{"name", "echo"}, {"arguments", {{"text", "next"}}}}));
    EXPECT_EQ(response["id"], 10);
    // The id is free again after cancellation.
    EXPECT_EQ(h.call(request(9, "ping"))["id"], 9);
}

TEST(ServerConcurrency, CancelledQueuedRequestNeverRuns)
{
    ServerOptions options;
    options.workerThreads = 1;
    ServerHarness h(options);
    h.start();
    h.send(request("a", "tools/call", {{"name", "block"}}));
    ASSERT_TRUE(h.catalog.started.waitFor(1));
    h.send(request("b", "tools/call", {{"name", "block"}})); // queued behind "a"
    h.send(notification("notifications/cancelled", {{"requestId", "b"}}));
    EXPECT_EQ(h.call(request("p", "ping"))["id"], "p"); // the cancellation has been processed
    h.catalog.release.open();
    EXPECT_EQ(h.read()["id"], "a");
    EXPECT_EQ(h.call(request("c", "tools/call", {{"name", "echo"}}))["id"], "c");
    EXPECT_TRUE(h.catalog.returned.waitFor(1));
    h.closeInput();
    ASSERT_TRUE(h.waitFinished());
    const auto rest = h.readRemaining();
    ASSERT_TRUE(rest.has_value());
    EXPECT_EQ(*rest, "");
    h.catalog.waitIdle();
    EXPECT_FALSE(h.catalog.started.waitFor(2, std::chrono::milliseconds(0))); // "b" never reached the catalog
}

TEST(ServerConcurrency, ReturnsPromptlyAtEndOfInput)
{
    ServerHarness h;
    h.start();
    h.initialize();
    h.closeInput();
    EXPECT_TRUE(h.waitFinished());
}

TEST(ServerConcurrency, AnswersRequestsStillRunningAtEndOfInputIfTheyFinishInTime)
{
    ServerHarness h;
    h.start();
    h.send(request(1, "tools/call", {{"name", "wait_cancel"}}));
    ASSERT_TRUE(h.catalog.started.waitFor(1));
    h.closeInput();
    // Shutdown cancels the request; the tool notices and returns within the grace period, so its (real)
    // result is still delivered.
    const Json response = h.read();
    EXPECT_EQ(response["id"], 1);
    EXPECT_EQ(response["result"]["content"][0]["text"], "cancelled");
    EXPECT_TRUE(h.waitFinished());
}

TEST(ServerConcurrency, DrainsRunningRequestsAtEndOfInputWhenAsked)
{
    ServerOptions options;
    options.eofDrain = std::chrono::seconds(20); // only a guard: the test releases the tool much earlier
    ServerHarness h(options);
    h.start();
    h.send(request(1, "tools/call", {{"name", "block"}}));
    ASSERT_TRUE(h.catalog.started.waitFor(1));
    h.closeInput();
    // End of input does not cancel the request during the drain: it completes normally.
    h.catalog.release.open();
    const Json response = h.read();
    EXPECT_EQ(response["id"], 1);
    EXPECT_EQ(response["result"]["content"][0]["text"], "released");
    EXPECT_TRUE(h.waitFinished());
}

TEST(ServerConcurrency, RequestStopEndsABlockedRead)
{
    ServerHarness h;
    h.start();
    EXPECT_EQ(h.call(request(1, "ping"))["id"], 1);
    h.server().requestStop();
    EXPECT_TRUE(h.waitFinished());
}

TEST(ServerConcurrency, RequestStopRightAfterStartEndsRun)
{
    ServerHarness h;
    h.start();
    h.server().requestStop();
    h.server().requestStop(); // idempotent
    EXPECT_TRUE(h.waitFinished());
}

TEST(ServerConcurrency, NeverWritesAfterRunReturned)
{
    ServerOptions options;
    options.shutdownGrace = std::chrono::milliseconds(50);
    ServerHarness h(options);
    h.start();
    h.send(request(1, "tools/call", {{"name", "block"}}));
    ASSERT_TRUE(h.catalog.started.waitFor(1));
    h.server().requestStop();
    ASSERT_TRUE(h.waitFinished()); // returns although the tool ignores cancellation
    h.catalog.release.open();
    ASSERT_TRUE(h.catalog.returned.waitFor(1));
    h.catalog.waitIdle();
    const auto rest = h.readRemaining();
    ASSERT_TRUE(rest.has_value());
    EXPECT_EQ(*rest, "");
}

} // namespace OuraMcp::Mcp::Test

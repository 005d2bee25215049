// The engine's building blocks on their own: cursors, the depth-limited parser, the line reader, the
// request context and the output writer.
#include "mcp/JsonReader.h"
#include "mcp/LineReader.h"
#include "mcp/OutputWriter.h"
#include "mcp/Pagination.h"
#include "mcp/ProtocolError.h"
#include "mcp/ProtocolVersion.h"
#include "mcp/ReplySink.h"
#include "mcp/ServerRequestContext.h"
#include "mcp/Session.h"
#include "platform/StopSignal.h"

#include "FakeCatalog.h"

#include <gtest/gtest.h>

#include <csignal>
#include <fcntl.h>
#include <poll.h>
#include <unistd.h>

namespace OuraMcp::Mcp::Test {

namespace {

/// A pipe closed on destruction.
struct Pipe
{
    int fds[2] = {-1, -1};
    Pipe()
    {
        if (::pipe(fds) != 0)
            throw std::runtime_error("pipe");
    }
    ~Pipe()
    {
        for (int fd : fds)
        {
            if (fd >= 0)
                ::close(fd);
        }
    }
    void write(const std::string& bytes) const
    {
        ASSERT_EQ(::write(fds[1], bytes.data(), bytes.size()), static_cast<ssize_t>(bytes.size()));
    }
    void closeWrite()
    {
        ::close(fds[1]);
        fds[1] = -1;
    }
    /// Everything currently readable (non-blocking).
    std::string drain() const
    {
        std::string out;
        char chunk[4096];
        pollfd pfd{fds[0], POLLIN, 0};
        while (::poll(&pfd, 1, 0) > 0 && (pfd.revents & POLLIN))
        {
            const ssize_t n = ::read(fds[0], chunk, sizeof chunk);
            if (n <= 0)
                break;
            out.append(chunk, static_cast<std::size_t>(n));
        }
        return out;
    }
};

} // namespace

TEST(Pagination, CursorsRoundTripAndRejectForgeries)
{
    const std::string cursor = Pagination::encode("tools", 100);
    EXPECT_EQ(Pagination::decode(cursor, "tools"), std::optional<std::size_t>(100));
    EXPECT_FALSE(Pagination::decode(cursor, "prompts"));
    EXPECT_FALSE(Pagination::decode("", "tools"));
    EXPECT_FALSE(Pagination::decode("zz", "tools"));
    EXPECT_FALSE(Pagination::decode(cursor.substr(0, cursor.size() - 2), "tools"));
    std::vector<Json> items{1, 2, 3};
    EXPECT_THROW(Pagination::page(items, {{"cursor", Pagination::encode("tools", 3)}}, "tools", 2),
                 ProtocolError);
    EXPECT_THROW(Pagination::page(items, {{"cursor", Pagination::encode("tools", 0)}}, "tools", 2),
                 ProtocolError);
    const auto page = Pagination::page(items, {{"cursor", Pagination::encode("tools", 2)}}, "tools", 2);
    EXPECT_EQ(page.items, std::vector<Json>{3});
    EXPECT_FALSE(page.nextCursor);
    EXPECT_EQ(Pagination::page(items, Json::object(), "tools", 0).items.size(), 3u);
}

TEST(JsonReader, EnforcesTheDepthLimitExactly)
{
    auto nested = [](int depth) { return std::string(depth, '[') + std::string(depth, ']'); };
    EXPECT_NO_THROW(JsonReader::parse(nested(64), 64));
    try
    {
        JsonReader::parse(nested(65), 64);
        FAIL() << "no exception";
    }
    catch (const ProtocolError& e)
    {
        EXPECT_EQ(e.code(), ProtocolError::InvalidRequest);
    }
    try
    {
        JsonReader::parse("{\"a\":", 64);
        FAIL() << "no exception";
    }
    catch (const ProtocolError& e)
    {
        EXPECT_EQ(e.code(), ProtocolError::ParseError);
        EXPECT_EQ(std::string(e.what()).find("[json.exception"), std::string::npos);
    }
}

TEST(JsonReader, EnforcesTheValueLimitExactly)
{
    // {"a":[0,0,...]}: the object, the array and n zeros are n + 2 values.
    auto withZeros = [](int n) {
        std::string text = "{\"a\":[";
        for (int i = 0; i < n; ++i)
            text += i ? ",0" : "0";
        return text + "]}";
    };
    EXPECT_EQ(JsonReader::parse(withZeros(98), 64, 100)["a"].size(), 98u);
    try
    {
        JsonReader::parse(withZeros(99), 64, 100);
        FAIL() << "no exception";
    }
    catch (const ProtocolError& e)
    {
        EXPECT_EQ(e.code(), ProtocolError::InvalidRequest);
        EXPECT_STREQ(
            e.what(),
            "Invalid Request: the message holds more than 100 JSON values, the limit of this server");
    }
    EXPECT_EQ(JsonReader::parse(withZeros(1000), 64, 0)["a"].size(), 1000u); // 0: no limit
}

// An array of many small objects: nlohmann's callback parser rescans the array after every object (quadratic;
// 50,000 objects took seconds, a million hung the reading thread). The reader must build it in one pass.
TEST(JsonReader, ParsesAnArrayOfManyObjectsInOnePass)
{
    std::string text = "[";
    for (int i = 0; i < 200000; ++i)
        text += i ? ",{\"a\":0}" : "{\"a\":0}";
    text += "]";
    const Json parsed = JsonReader::parse(text, 64, 0);
    ASSERT_EQ(parsed.size(), 200000u);
    EXPECT_EQ(parsed[199999], Json({{"a", 0}}));
}

TEST(LineReader, SplitsLinesAndSkipsOversizeOnes)
{
    Pipe input;
    Platform::StopSignal wake;
    LineReader reader(input.fds[0], wake, 8);
    input.write("one\r\n\r\n  \ntwo\n123456789012\nthree\n12345678");
    input.write("9abc\nfour\nlast");
    input.closeWrite();
    std::string line;
    std::vector<std::string> seen;
    for (;;)
    {
        const auto result = reader.next(line);
        if (result == LineReader::Result::End)
            break;
        seen.push_back(result == LineReader::Result::Oversize ? "<oversize>" : line);
    }
    EXPECT_EQ(seen,
              (std::vector<std::string>{"one", "two", "<oversize>", "three", "<oversize>", "four", "last"}));
}

TEST(LineReader, StopsWhenWoken)
{
    Pipe input;
    Platform::StopSignal wake;
    LineReader reader(input.fds[0], wake, 100);
    wake.raise();
    std::string line;
    EXPECT_EQ(reader.next(line), LineReader::Result::Stopped);
}

TEST(ServerRequestContext, SendsNothingAfterFinish)
{
    Pipe output;
    Platform::StopSignal wake;
    FakeCatalog catalog;
    auto writer = std::make_shared<OutputWriter>(output.fds[1], wake);
    auto session =
        std::make_shared<Session>(catalog, ServerInfo{"n", "v", "", "", ""}, ServerOptions{}, writer);
    Request request;
    request.id = 1;
    request.method = "tools/call";
    request.version = ProtocolVersion::LatestLegacy;
    request.progressToken = "t";
    auto sink = std::make_shared<DirectReply>(writer);
    ServerRequestContext context(session, request, sink);
    context.progress(1, 0, "");
    const std::string first = output.drain();
    EXPECT_EQ(
        first,
        R"({"jsonrpc":"2.0","method":"notifications/progress","params":{"progressToken":"t","progress":1.0}})"
        "\n");
    EXPECT_TRUE(context.finish());
    context.progress(2, 0, "");
    EXPECT_EQ(output.drain(), "");
    // Cancellation by the client means: no response either.
    ServerRequestContext cancelled(session, request, sink);
    EXPECT_FALSE(cancelled.cancelled());
    cancelled.cancel(true);
    EXPECT_TRUE(cancelled.cancelled());
    EXPECT_TRUE(cancelled.waitForCancel(std::chrono::milliseconds(0)));
    EXPECT_FALSE(cancelled.finish());
    session->close();
}

/// A transport's ReplySink that keeps what it is given (as Streamable HTTP does per request).
class RecordingReply : public ReplySink
{
public:
    void send(Response response) override { responses.push_back(std::move(response).toJson()); }
    void skip() override { ++skips; }
    void notify(Json notification) override { notifications.push_back(std::move(notification)); }

    std::vector<Json> responses;
    std::vector<Json> notifications;
    int skips = 0;
};

TEST(ServerRequestContext, SendsItsNotificationsToItsReplySinkNotTheSessionOutput)
{
    FakeCatalog catalog;
    // No writer: a transport whose only outputs are the requests' own sinks.
    auto session =
        std::make_shared<Session>(catalog, ServerInfo{"n", "v", "", "", ""}, ServerOptions{}, nullptr);
    Request request;
    request.id = 1;
    request.method = "tools/call";
    request.version = ProtocolVersion::LatestLegacy;
    request.progressToken = "t";
    auto sink = std::make_shared<RecordingReply>();
    ServerRequestContext context(session, request, sink);
    context.progress(0.5, 1, "half");
    session->notify("notifications/message", Json::object()); // session-wide: dropped without a writer
    ASSERT_EQ(sink->notifications.size(), 1u);
    EXPECT_EQ(sink->notifications[0]["params"]["progress"], 0.5);
    EXPECT_TRUE(context.finish());
    session->close();
}

TEST(BatchReply, PassesTheArrayOrASkipToTheOuterSink)
{
    auto outer = std::make_shared<RecordingReply>();
    BatchReply batch(outer, 3);
    batch.send(Json{{"id", 1}});
    batch.notify(Json{{"method", "notifications/progress"}});
    batch.skip();
    EXPECT_TRUE(outer->responses.empty());
    EXPECT_EQ(outer->notifications.size(), 1u);
    batch.send(Json{{"id", 2}});
    ASSERT_EQ(outer->responses.size(), 1u);
    EXPECT_EQ(outer->responses[0].size(), 2u);
    auto onlyNotifications = std::make_shared<RecordingReply>();
    BatchReply empty(onlyNotifications, 1);
    empty.skip();
    EXPECT_EQ(onlyNotifications->skips, 1);
    EXPECT_TRUE(onlyNotifications->responses.empty());
}

TEST(OutputWriter, WritesNothingAfterClose)
{
    Pipe output;
    Platform::StopSignal wake;
    OutputWriter writer(output.fds[1], wake);
    EXPECT_TRUE(writer.write(Json{{"a", "line\nbreak"}}));
    EXPECT_EQ(output.drain(), "{\"a\":\"line\\nbreak\"}\n");
    writer.close();
    EXPECT_FALSE(writer.write(Json{{"b", 1}}));
    EXPECT_EQ(output.drain(), "");
}

TEST(OutputWriter, ReportsABrokenOutput)
{
    Pipe output;
    Platform::StopSignal wake;
    OutputWriter writer(output.fds[1], wake);
    ::close(output.fds[0]);
    output.fds[0] = -1;
    std::signal(SIGPIPE, SIG_IGN);
    EXPECT_FALSE(writer.write(Json{{"a", 1}}));
    EXPECT_TRUE(writer.broken());
    EXPECT_TRUE(wake.raised());
}

} // namespace OuraMcp::Mcp::Test

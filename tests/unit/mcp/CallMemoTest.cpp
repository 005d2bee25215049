// The memo of tools/call results (CallMemo, RequestHandler::memoised): a repeated call gets the bytes a fresh
// call gets, without running the tool again, and only for the same user, tool, arguments, revision, era and
// day; errors are never kept; entries expire, can be dropped per user, and fit the byte cap.
#include "mcp/CallMemo.h"
#include "mcp/JsonRpc.h"
#include "mcp/ProtocolVersion.h"
#include "mcp/Request.h"
#include "mcp/RequestHandler.h"
#include "mcp/Response.h"
#include "mcp/Session.h"

#include "FakeCatalog.h"

#include <gtest/gtest.h>

#include <atomic>
#include <stdexcept>

namespace OuraMcp::Mcp::Test {

namespace {

using namespace std::chrono_literals;
using TimePoint = std::chrono::steady_clock::time_point;

/// A catalog whose tools answer from their arguments, the caller and "today", and count their runs:
///   data {days}  -> memoisable; text and structuredContent of user, today and days
///   fail         -> memoisable, but answers isError
///   throws       -> memoisable, but throws
///   write        -> not memoisable (memoVariant says no)
class MemoCatalog : public FakeCatalog
{
public:
    std::optional<std::string> memoVariant(const std::string& name) const override
    {
        if (name == "write" || name == "missing")
            return std::nullopt;
        return today;
    }

    std::optional<Json> callTool(const std::string& name, const Json& arguments, RequestContext& ctx) override
    {
        ++runs;
        if (onRun)
            onRun();
        if (name == "fail")
            return Json{{"content", Json::array({{{"type", "text"}, {"text", "no"}}})}, {"isError", true}};
        if (name == "throws")
            throw std::runtime_error("boom");
        if (name != "data" && name != "write")
            return std::nullopt;
        Json structured = {{"user", ctx.principal()},
                           {"today", today},
                           {"arguments", arguments},
                           {"bytes", std::string("\xff\xfe \u00e9")}};
        return Json{
            {"content",
             Json::array({{{"type", "text"},
                           {"text", structured.dump(-1, ' ', false, Json::error_handler_t::replace)}}})},
            {"structuredContent", structured}};
    }

    std::string today = "2026-12-06";
    std::atomic<int> runs{0};
    std::function<void()> onRun;
};

class Context : public RequestContext
{
public:
    explicit Context(std::string principal) : _principal(std::move(principal)) {}
    bool cancelled() const override { return false; }
    void progress(double, double, const std::string&) override {}
    void log(Util::Log::Level, const std::string&, const std::string&) override {}
    std::string principal() const override { return _principal; }

private:
    std::string _principal;
};

struct ManualClock
{
    TimePoint now = TimePoint(std::chrono::hours(1));
    CallMemo::Clock clock()
    {
        return [this] { return now; };
    }
};

struct Fixture
{
    Fixture(CallMemo::Options memoOptions = {})
    {
        memo = std::make_shared<CallMemo>(memoOptions, clock.clock());
        options.callMemo = memo;
    }

    std::shared_ptr<Session> session(const std::string& principal = "", bool withMemo = true)
    {
        ServerOptions o = options;
        if (!withMemo)
            o.callMemo = nullptr;
        return std::make_shared<Session>(catalog, info, o, nullptr, nullptr, principal);
    }

    /// The text a client would get for the call, served by session (memo first, like the dispatcher).
    std::string call(Session& session, const Json& params, const std::string& version = "2025-11-25",
                     const Json& id = 7)
    {
        Request request;
        request.id = id;
        request.key = JsonRpc::idKey(id);
        request.method = "tools/call";
        request.params = params;
        request.version = version;
        request.modern = ProtocolVersion::isModern(version);
        if (auto hit = RequestHandler(session).memoised(request))
            return Response(id, *hit).text();
        Context context(session.principal());
        try
        {
            return RequestHandler(session).handle(request, &context).text();
        }
        catch (const std::exception& e)
        {
            // What the dispatcher makes of it: an error response, never a memo entry.
            return Json{{"error", e.what()}}.dump();
        }
    }

    ManualClock clock;
    MemoCatalog catalog;
    ServerInfo info{"test-server", "1.2.3", "Test Server", "A server for tests", ""};
    ServerOptions options;
    std::shared_ptr<CallMemo> memo;
};

Json data(int days)
{
    return {{"name", "data"}, {"arguments", {{"days", days}}}};
}

} // namespace

TEST(CallMemo, AHitIsByteIdenticalToAFreshCallInEveryRevision)
{
    Fixture f;
    for (const auto& version : ProtocolVersion::supported())
    {
        auto warm = f.session("alice");
        const int before = f.catalog.runs;
        const std::string first = f.call(*warm, data(7), version);
        for (const Json& id : {Json(7), Json("seven \"7\"")})
        {
            const std::string again = f.call(*warm, data(7), version, id);
            const std::string fresh = f.call(*f.session("alice", false), data(7), version, id);
            EXPECT_EQ(again, fresh) << version;
        }
        EXPECT_EQ(first, f.call(*warm, data(7), version));
        // One run for the first call, one per fresh call without the memo; none for the repeats.
        EXPECT_EQ(f.catalog.runs, before + 3) << version;
    }
}

TEST(CallMemo, OtherUsersArgumentsDaysAndRevisionsMiss)
{
    Fixture f;
    auto alice = f.session("alice");
    auto bob = f.session("bob");
    auto local = f.session("");
    const std::string aliceText = f.call(*alice, data(7));
    EXPECT_EQ(f.catalog.runs, 1);

    const std::string bobText = f.call(*bob, data(7));
    EXPECT_EQ(f.catalog.runs, 2) << "another user's call runs the tool";
    EXPECT_NE(bobText, aliceText);
    EXPECT_NE(bobText.find("\"user\":\"bob\""), std::string::npos);
    f.call(*local, data(7));
    EXPECT_EQ(f.catalog.runs, 3) << "the local user is a user of its own";

    f.call(*alice, data(8));
    EXPECT_EQ(f.catalog.runs, 4) << "other arguments";
    f.call(*alice, {{"name", "data"}, {"arguments", {{"days", 7}, {"extra", 1}}}});
    EXPECT_EQ(f.catalog.runs, 5);

    f.call(*alice, data(7), "2025-06-18");
    EXPECT_EQ(f.catalog.runs, 6) << "another revision";
    f.call(*alice, data(7), ProtocolVersion::Modern);
    EXPECT_EQ(f.catalog.runs, 7) << "the modern era";

    f.catalog.today = "2026-12-07";
    const std::string tomorrow = f.call(*alice, data(7));
    EXPECT_EQ(f.catalog.runs, 8) << "another day: relative dates resolve differently";
    EXPECT_NE(tomorrow, aliceText);

    // Each of them is a hit now.
    EXPECT_EQ(f.call(*alice, data(7)), tomorrow);
    f.catalog.today = "2026-12-06";
    f.call(*alice, data(8));
    EXPECT_EQ(f.call(*alice, data(7)), aliceText);
    EXPECT_EQ(f.call(*bob, data(7)), bobText);
    EXPECT_EQ(f.catalog.runs, 8);
}

TEST(CallMemo, ErrorsAndToolsTheCatalogRefusesAreNotMemoised)
{
    Fixture f;
    auto s = f.session("alice");
    for (int i = 0; i < 2; ++i)
    {
        EXPECT_NE(f.call(*s, {{"name", "fail"}}).find("\"isError\":true"), std::string::npos);
        EXPECT_NE(f.call(*s, {{"name", "throws"}}).find("\"error\""), std::string::npos);
        EXPECT_NE(f.call(*s, {{"name", "nothing"}}).find("Unknown tool"), std::string::npos);
        f.call(*s, {{"name", "write"}});
        f.call(*s, {{"name", "data"}, {"arguments", "not an object"}});
    }
    EXPECT_EQ(f.catalog.runs, 2 * 4);
    EXPECT_EQ(f.memo->size(), 0U);
}

TEST(CallMemo, AnEntryExpiresTtlAfterItsCallStarted)
{
    CallMemo::Options options;
    options.ttl = 5s;
    Fixture f(options);
    auto s = f.session("alice");
    // The call itself takes 2 s: the entry counts from its start.
    f.catalog.onRun = [&] { f.clock.now += 2s; };
    f.call(*s, data(7));
    f.catalog.onRun = nullptr;
    f.clock.now += 2999ms; // 4.999 s after the start
    f.call(*s, data(7));
    EXPECT_EQ(f.catalog.runs, 1);
    f.clock.now += 1ms;
    f.call(*s, data(7));
    EXPECT_EQ(f.catalog.runs, 2) << "expired at start + ttl";
    f.call(*s, data(7));
    EXPECT_EQ(f.catalog.runs, 2) << "stored again";
}

TEST(CallMemo, ACallThatCrossesMidnightIsNotStored)
{
    Fixture f;
    auto s = f.session("alice");
    f.catalog.onRun = [&] { f.catalog.today = "2026-12-07"; };
    f.call(*s, data(7));
    EXPECT_EQ(f.memo->size(), 0U);
}

TEST(CallMemo, ZeroTtlStoresNothing)
{
    CallMemo::Options options;
    options.ttl = 0ms;
    Fixture f(options);
    auto s = f.session("alice");
    f.call(*s, data(7));
    f.call(*s, data(7));
    EXPECT_EQ(f.catalog.runs, 2);
}

TEST(CallMemo, ForgetDropsOnlyThatUser)
{
    Fixture f;
    auto alice = f.session("alice");
    auto bob = f.session("bob");
    f.call(*alice, data(7));
    f.call(*alice, data(8));
    f.call(*bob, data(7));
    EXPECT_EQ(f.memo->size(), 3U);
    f.memo->forget("alice");
    EXPECT_EQ(f.memo->size(), 1U);
    f.call(*bob, data(7));
    EXPECT_EQ(f.catalog.runs, 3) << "bob's entry stays";
    f.call(*alice, data(7));
    EXPECT_EQ(f.catalog.runs, 4) << "alice's is gone";
}

TEST(CallMemo, PrincipalAndKeyCannotSpellAnotherPair)
{
    CallMemo memo(CallMemo::Options{});
    const SerializedResult result(Json{{"a", 1}});
    memo.store("ab", "c", result, memo.now());
    EXPECT_FALSE(memo.find("a", "bc"));
    EXPECT_FALSE(memo.find("", "abc"));
    EXPECT_TRUE(memo.find("ab", "c"));
}

TEST(CallMemo, StaysWithinItsByteCapLeastRecentlyUsedFirstOut)
{
    CallMemo::Options options;
    options.maxBytes = 4096;
    ManualClock clock;
    CallMemo memo(options, clock.clock());
    const SerializedResult result(Json{{"text", std::string(600, 'x')}});
    memo.store("u", "keep", result, clock.now);
    for (int i = 0; i < 50; ++i)
    {
        memo.store("u", "k" + std::to_string(i), result, clock.now);
        EXPECT_TRUE(memo.find("u", "keep")) << "used after every store, so never the oldest";
        EXPECT_LE(memo.bytes(), options.maxBytes);
    }
    EXPECT_GE(memo.size(), 3U);
    EXPECT_FALSE(memo.find("u", "k0")) << "the least recently used went first";
    EXPECT_TRUE(memo.find("u", "k49"));

    const SerializedResult huge(Json{{"text", std::string(5000, 'x')}});
    memo.store("u", "huge", huge, clock.now);
    EXPECT_FALSE(memo.find("u", "huge")) << "larger than the cap: not kept";
    EXPECT_TRUE(memo.find("u", "keep"));

    memo.clear();
    EXPECT_EQ(memo.size(), 0U);
    EXPECT_EQ(memo.bytes(), 0U);
}

} // namespace OuraMcp::Mcp::Test

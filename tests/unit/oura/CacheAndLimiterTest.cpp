#include "TestDoubles.h"

#include "oura/ApiClient.h"
#include "oura/RateLimiter.h"
#include "oura/ResponseCache.h"

#include <gtest/gtest.h>

#include <atomic>
#include <condition_variable>
#include <thread>

using namespace OuraMcp::Oura;
using namespace OuraMcp::Oura::Test;
using namespace std::chrono_literals;

namespace {

ApiResponse okBody(std::string body)
{
    ApiResponse r;
    r.httpStatus = 200;
    r.body = std::move(body);
    return r;
}

} // namespace

TEST(ResponseCache, KeyIgnoresParameterOrder)
{
    EXPECT_EQ(ResponseCache::makeKey("/p", {{"b", "2"}, {"a", "1"}}),
              ResponseCache::makeKey("/p", {{"a", "1"}, {"b", "2"}}));
    EXPECT_NE(ResponseCache::makeKey("/p", {{"a", "1"}}), ResponseCache::makeKey("/p", {{"a", "2"}}));
    EXPECT_NE(ResponseCache::makeKey("/p", {{"a", "1&b=2"}}),
              ResponseCache::makeKey("/p", {{"a", "1"}, {"b", "2"}}));
}

TEST(ResponseCache, HitMakesNoRequestAndExpiresAfterTtl)
{
    auto transport =
        std::make_shared<ScriptedTransport>([](const HttpRequest&) { return answer(200, R"({"data":[]})"); });
    ResponseCache::Clock::time_point now = ResponseCache::Clock::now();
    ResponseCache::Options co;
    co.now = [&now] { return now; };
    auto cache = std::make_shared<ResponseCache>(co);
    ApiClient client(transport, nullptr, nullptr, cache);

    ASSERT_TRUE(
        client.getAllPages("/v2/usercollection/daily_sleep", {{"start_date", "2024-01-01"}}, {}, 60s).ok());
    ASSERT_TRUE(
        client.getAllPages("/v2/usercollection/daily_sleep", {{"start_date", "2024-01-01"}}, {}, 60s).ok());
    EXPECT_EQ(transport->count(), 1u);
    EXPECT_EQ(cache->stats().hits, 1u);

    now += 61s;
    ASSERT_TRUE(
        client.getAllPages("/v2/usercollection/daily_sleep", {{"start_date", "2024-01-01"}}, {}, 60s).ok());
    EXPECT_EQ(transport->count(), 2u);
}

TEST(ResponseCache, FailuresAreNotCached)
{
    auto transport = std::make_shared<ScriptedTransport>();
    transport->push(answer(404, R"({"detail":"Document not found."})"));
    transport->push(answer(200, "{}"));
    auto cache = std::make_shared<ResponseCache>();
    ApiClient client(transport, nullptr, nullptr, cache);
    EXPECT_EQ(client.get("/v2/usercollection/sleep/x", {}, {}, 60s).error, ApiError::NotFound);
    EXPECT_TRUE(client.get("/v2/usercollection/sleep/x", {}, {}, 60s).ok());
    EXPECT_EQ(transport->count(), 2u);
}

TEST(ResponseCache, BoundedByEntriesWithLruEviction)
{
    ResponseCache::Options o;
    o.maxEntries = 2;
    ResponseCache cache(o);
    cache.store("a", okBody("1"), 60s);
    cache.store("b", okBody("2"), 60s);
    ASSERT_TRUE(cache.lookup("a")); // a is now more recent than b
    cache.store("c", okBody("3"), 60s);
    EXPECT_EQ(cache.entries(), 2u);
    EXPECT_TRUE(cache.lookup("a"));
    EXPECT_FALSE(cache.lookup("b"));
    EXPECT_TRUE(cache.lookup("c"));
}

TEST(ResponseCache, BoundedByBytes)
{
    ResponseCache::Options o;
    o.maxBytes = sizeof(ApiResponse) * 2 + 3000;
    ResponseCache cache(o);
    cache.store("a", okBody(std::string(1000, 'x')), 60s);
    cache.store("b", okBody(std::string(1000, 'y')), 60s);
    cache.store("c", okBody(std::string(1000, 'z')), 60s);
    EXPECT_LE(cache.bytes(), o.maxBytes);
    EXPECT_FALSE(cache.lookup("a"));
    EXPECT_TRUE(cache.lookup("c"));
    cache.store("huge", okBody(std::string(10000, 'h')), 60s); // larger than the whole cache: not kept
    EXPECT_FALSE(cache.lookup("huge"));
    EXPECT_TRUE(cache.lookup("c"));
}

TEST(ResponseCache, IdenticalConcurrentRequestsShareOneUpstreamCall)
{
    // The transport blocks the first (leading) request until every other caller has joined the flight.
    constexpr int callers = 4;
    std::mutex mutex;
    std::condition_variable cv;
    bool release = false;
    auto cache = std::make_shared<ResponseCache>();
    auto transport = std::make_shared<ScriptedTransport>([&](const HttpRequest&) {
        std::unique_lock<std::mutex> lock(mutex);
        cv.wait_for(lock, 20s, [&] { return release; });
        return answer(200, R"({"data":[42],"next_token":null})");
    });
    ApiClient client(transport, nullptr, nullptr, cache);

    std::vector<ApiResponse> results(callers);
    std::vector<std::thread> threads;
    for (int i = 0; i < callers; ++i)
        threads.emplace_back(
            [&, i] { results[i] = client.getAllPages("/v2/usercollection/daily_sleep", {}, {}, 60s); });

    // Wait (bounded) until the other three are waiting on the leader's flight, then let the leader finish.
    for (int spins = 0; spins < 2000 && cache->stats().joined < callers - 1; ++spins)
    {
        std::unique_lock<std::mutex> lock(mutex);
        cv.wait_for(lock, 5ms);
    }
    {
        std::lock_guard<std::mutex> lock(mutex);
        release = true;
    }
    cv.notify_all();
    for (auto& t : threads)
        t.join();

    EXPECT_EQ(transport->count(), 1u);
    EXPECT_EQ(cache->stats().joined, static_cast<std::size_t>(callers - 1));
    for (const auto& r : results)
    {
        ASSERT_TRUE(r.ok()) << r.message;
        EXPECT_NE(r.body.find("42"), std::string::npos);
    }
}

TEST(RateLimiter, ExhaustedWindowFailsWithRateLimitedThenRecovers)
{
    RateLimiter::Clock::time_point now = RateLimiter::Clock::now();
    RateLimiter::Options o;
    o.limit = 3;
    o.window = std::chrono::minutes(5);
    o.maxWait = 0ms;
    o.now = [&now] { return now; };
    RateLimiter limiter(o);
    for (int i = 0; i < 3; ++i)
        EXPECT_TRUE(limiter.acquire({}).ok());
    auto refused = limiter.acquire({});
    EXPECT_EQ(refused.error, ApiError::RateLimited);
    EXPECT_NE(refused.message.find("300 seconds"), std::string::npos) << refused.message;

    now += std::chrono::minutes(5);
    EXPECT_TRUE(limiter.acquire({}).ok());
}

TEST(RateLimiter, ApiClientReportsTheLimiterAndSendsNothing)
{
    RateLimiter::Options o;
    o.limit = 2;
    o.maxWait = 0ms;
    auto limiter = std::make_shared<RateLimiter>(o);
    auto transport =
        std::make_shared<ScriptedTransport>([](const HttpRequest&) { return answer(200, "{}"); });
    ApiClient client(transport, nullptr, limiter);
    EXPECT_TRUE(client.get("/v2/usercollection/a", {}, {}).ok());
    EXPECT_TRUE(client.get("/v2/usercollection/b", {}, {}).ok());
    ApiResponse r = client.get("/v2/usercollection/c", {}, {});
    EXPECT_EQ(r.error, ApiError::RateLimited);
    EXPECT_EQ(transport->count(), 2u);
}

TEST(RateLimiter, WaitingForASlotIsCancellable)
{
    RateLimiter::Options o;
    o.limit = 1;
    o.window = std::chrono::minutes(5);
    o.maxWait = std::chrono::minutes(10); // would wait the whole window
    RateLimiter limiter(o);
    ASSERT_TRUE(limiter.acquire({}).ok());
    std::atomic<int> polls{0};
    OuraMcp::Oura::CallControl control;
    control.cancelled = [&] { return ++polls > 3; };
    auto r = limiter.acquire(control);
    EXPECT_EQ(r.error, ApiError::Cancelled);
}

TEST(ResponseCache, AWaiterWhoseRequestIsCancelledStopsWaiting)
{
    ResponseCache cache;
    std::mutex mutex;
    std::condition_variable cv;
    bool leaderInside = false;
    bool release = false;
    std::thread leader([&] {
        cache.getOrFetch("k", 60s,
                         [&] {
                             std::unique_lock<std::mutex> lock(mutex);
                             leaderInside = true;
                             cv.notify_all();
                             cv.wait_for(lock, 20s, [&] { return release; });
                             return okBody("{}");
                         },
                         {});
    });
    {
        std::unique_lock<std::mutex> lock(mutex);
        ASSERT_TRUE(cv.wait_for(lock, 20s, [&] { return leaderInside; }));
    }
    std::atomic<bool> cancelled{false};
    CallControl control;
    control.cancelled = [&] { return cancelled.exchange(true); }; // false on the first poll, then true
    bool fetchedItself = false;
    ApiResponse r = cache.getOrFetch(
        "k", 60s,
        [&] {
            fetchedItself = true;
            return okBody("{}");
        },
        control);
    EXPECT_EQ(r.error, ApiError::Cancelled);
    EXPECT_FALSE(fetchedItself);
    {
        std::lock_guard<std::mutex> lock(mutex);
        release = true;
    }
    cv.notify_all();
    leader.join();
    EXPECT_TRUE(cache.lookup("k"));
}

TEST(ResponseCache, WhenTheLeaderIsCancelledAWaiterFetchesItself)
{
    ResponseCache cache;
    std::mutex mutex;
    std::condition_variable cv;
    bool leaderInside = false;
    bool release = false;
    std::thread leader([&] {
        cache.getOrFetch("k", 60s,
                         [&] {
                             std::unique_lock<std::mutex> lock(mutex);
                             leaderInside = true;
                             cv.notify_all();
                             cv.wait_for(lock, 20s, [&] { return release; });
                             ApiResponse r;
                             r.error = ApiError::Cancelled;
                             return r;
                         },
                         {});
    });
    {
        std::unique_lock<std::mutex> lock(mutex);
        ASSERT_TRUE(cv.wait_for(lock, 20s, [&] { return leaderInside; }));
    }
    std::thread releaser([&] {
        // Let the leader finish only once the waiter has joined its flight.
        for (int i = 0; i < 2000 && cache.stats().joined == 0; ++i)
        {
            std::unique_lock<std::mutex> lock(mutex);
            cv.wait_for(lock, 5ms);
        }
        {
            std::lock_guard<std::mutex> lock(mutex);
            release = true;
        }
        cv.notify_all();
    });
    ApiResponse r = cache.getOrFetch("k", 60s, [] { return okBody("mine"); }, {});
    releaser.join();
    leader.join();
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r.body, "mine");
}

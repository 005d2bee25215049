// The per-address and per-user request limiter of the HTTP transport, on an injected clock.
#include "http/RequestLimiter.h"

#include <gtest/gtest.h>

namespace OuraMcp::Http::Test {

namespace {

struct ManualClock
{
    RequestLimiter::Clock::time_point now = RequestLimiter::Clock::time_point(std::chrono::hours(1));
    std::function<RequestLimiter::Clock::time_point()> function()
    {
        return [this] { return now; };
    }
};

} // namespace

TEST(RequestLimiter, ABurstUpToTheMinutesAllowancePassesThenTheRateHolds)
{
    ManualClock clock;
    RequestLimiter limiter(60, 1000, clock.function());
    for (int i = 0; i < 60; ++i)
        ASSERT_EQ(limiter.admit("10.0.0.1"), 0u) << i;
    EXPECT_EQ(limiter.admit("10.0.0.1"), 1u) << "one a second at 60 a minute: retry after a second";
    clock.now += std::chrono::seconds(1);
    EXPECT_EQ(limiter.admit("10.0.0.1"), 0u);
    EXPECT_EQ(limiter.admit("10.0.0.1"), 1u);
}

TEST(RequestLimiter, KeysAreCountedApart)
{
    ManualClock clock;
    RequestLimiter limiter(2, 1000, clock.function());
    EXPECT_EQ(limiter.admit("u_alice"), 0u);
    EXPECT_EQ(limiter.admit("u_alice"), 0u);
    EXPECT_GT(limiter.admit("u_alice"), 0u);
    EXPECT_EQ(limiter.admit("u_bob"), 0u) << "alice's flood does not hold bob back";
}

TEST(RequestLimiter, RetryAfterSaysWhenTheNextRequestWouldPass)
{
    ManualClock clock;
    RequestLimiter limiter(6, 1000, clock.function()); // one every 10 s
    for (int i = 0; i < 6; ++i)
        limiter.admit("k");
    const unsigned wait = limiter.admit("k");
    EXPECT_EQ(wait, 10u);
    clock.now += std::chrono::seconds(wait - 1);
    EXPECT_GT(limiter.admit("k"), 0u);
    clock.now += std::chrono::seconds(1);
    EXPECT_EQ(limiter.admit("k"), 0u);
}

TEST(RequestLimiter, IdleKeysAreForgottenAndTheTableIsBounded)
{
    ManualClock clock;
    RequestLimiter limiter(60, 3, clock.function());
    limiter.admit("a");
    limiter.admit("b");
    limiter.admit("c");
    EXPECT_EQ(limiter.admit("d"), 60u) << "a full table admits no new key while every bucket is in use";
    clock.now += std::chrono::seconds(2); // every bucket full again
    EXPECT_EQ(limiter.admit("d"), 0u);
    EXPECT_EQ(limiter.keys(), 1u);
}

TEST(RequestLimiter, ZeroMeansNoLimit)
{
    RequestLimiter limiter(0);
    for (int i = 0; i < 10000; ++i)
        ASSERT_EQ(limiter.admit("k"), 0u);
    EXPECT_EQ(limiter.keys(), 0u);
}

} // namespace OuraMcp::Http::Test

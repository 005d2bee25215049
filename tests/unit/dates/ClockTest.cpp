#include "dates/FixedClock.h"
#include "dates/SystemClock.h"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <stdexcept>
#include <string>

using OuraMcp::Dates::FixedClock;
using OuraMcp::Dates::SystemClock;

namespace {

/// Sets OURA_MCP_NOW for one test and restores the previous value.
class ScopedNowEnv
{
public:
    explicit ScopedNowEnv(const char* value)
    {
        if (const char* old = std::getenv("OURA_MCP_NOW"))
            _old = old;
        if (value)
            ::setenv("OURA_MCP_NOW", value, 1);
        else
            ::unsetenv("OURA_MCP_NOW");
    }
    ~ScopedNowEnv()
    {
        if (_hadOld)
            ::setenv("OURA_MCP_NOW", _old.c_str(), 1);
        else
            ::unsetenv("OURA_MCP_NOW");
    }

private:
    std::string _old;
    bool _hadOld = std::getenv("OURA_MCP_NOW") != nullptr;
};

int64_t realNowMs()
{
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

} // namespace

TEST(FixedClock, StandsStillUntilMoved)
{
    FixedClock clock(1000);
    EXPECT_EQ(clock.nowUnixMs(), 1000);
    EXPECT_EQ(clock.nowUnixMs(), 1000);
    clock.advance(500);
    EXPECT_EQ(clock.nowUnixMs(), 1500);
    clock.set(-86400000);
    EXPECT_EQ(clock.nowUnixMs(), -86400000);
}

TEST(SystemClock, FrozenByEnvironment)
{
    ScopedNowEnv env("2026-11-24T10:00:00Z");
    SystemClock clock;
    EXPECT_TRUE(clock.isFrozen());
    EXPECT_EQ(clock.nowUnixMs(), 1795514400000LL);
    EXPECT_EQ(clock.nowUnixMs(), 1795514400000LL);
}

TEST(SystemClock, FrozenWithOffsetAndSpaces)
{
    ScopedNowEnv env("  2026-11-24T11:00:00+01:00 ");
    SystemClock clock;
    EXPECT_EQ(clock.nowUnixMs(), 1795514400000LL);
}

TEST(SystemClock, RealTimeWhenUnsetOrEmpty)
{
    for (const char* value : {static_cast<const char*>(nullptr), ""})
    {
        ScopedNowEnv env(value);
        const int64_t before = realNowMs();
        SystemClock clock;
        const int64_t now = clock.nowUnixMs();
        const int64_t after = realNowMs();
        EXPECT_FALSE(clock.isFrozen());
        EXPECT_LE(before, now);
        EXPECT_LE(now, after);
    }
}

TEST(SystemClock, UnreadableValueThrowsNamingTheVariable)
{
    for (const char* bad : {"tomorrow", "2026-11-24", "2026-11-24T10:00:00", "2026-13-01T00:00:00Z"})
    {
        ScopedNowEnv env(bad);
        try
        {
            SystemClock clock;
            ADD_FAILURE() << "no exception for " << bad;
        }
        catch (const std::invalid_argument& e)
        {
            const std::string msg = e.what();
            EXPECT_NE(msg.find("OURA_MCP_NOW"), std::string::npos) << msg;
            EXPECT_NE(msg.find(bad), std::string::npos) << msg;
            EXPECT_NE(msg.find("2026-11-24T10:00:00Z"), std::string::npos) << msg;
        }
    }
}

TEST(SystemClock, ExplicitFreezeIgnoresEnvironment)
{
    ScopedNowEnv env("garbage");
    SystemClock frozen(std::optional<int64_t>(42));
    EXPECT_EQ(frozen.nowUnixMs(), 42);
    SystemClock real(std::nullopt);
    EXPECT_FALSE(real.isFrozen());
}

#include "dates/IsoDateTime.h"

#include <gtest/gtest.h>

using OuraMcp::Dates::IsoDateTime;

TEST(IsoDateTime, ParsesUtcAndOffsets)
{
    auto z = IsoDateTime::parse("2026-11-24T10:00:00Z");
    ASSERT_TRUE(z);
    EXPECT_EQ(z->date.toIso(), "2026-11-24");
    EXPECT_EQ(z->secondsOfDay, 36000);
    EXPECT_EQ(*z->toUnixMs(), 1795514400000LL);

    auto plus = IsoDateTime::parse("2026-11-24T11:00:00+01:00");
    ASSERT_TRUE(plus);
    EXPECT_EQ(*plus->toUnixMs(), 1795514400000LL);
    auto compact = IsoDateTime::parse("2026-11-24T05:00:00-0500");
    ASSERT_TRUE(compact);
    EXPECT_EQ(*compact->toUnixMs(), 1795514400000LL);
    auto hoursOnly = IsoDateTime::parse("2026-11-24T15:30:00+05");
    ASSERT_TRUE(hoursOnly);
    EXPECT_EQ(*hoursOnly->toUnixMs(), 1795514400000LL + 30 * 60 * 1000);
}

TEST(IsoDateTime, FractionsSpacesAndLowerCase)
{
    auto frac = IsoDateTime::parse("2026-11-24t10:00:00.1234z");
    ASSERT_TRUE(frac);
    EXPECT_EQ(frac->milliseconds, 123);
    EXPECT_EQ(*frac->toUnixMs(), 1795514400123LL);
    auto tenth = IsoDateTime::parse("2026-11-24 10:00:00.5Z");
    ASSERT_TRUE(tenth);
    EXPECT_EQ(tenth->milliseconds, 500);
    auto noSeconds = IsoDateTime::parse("2026-11-24T10:00Z");
    ASSERT_TRUE(noSeconds);
    EXPECT_EQ(*noSeconds->toUnixMs(), 1795514400000LL);
}

TEST(IsoDateTime, FloatingTimeHasNoInstant)
{
    auto floating = IsoDateTime::parse("2024-05-01T23:30:00");
    ASSERT_TRUE(floating);
    EXPECT_EQ(floating->date.toIso(), "2024-05-01");
    EXPECT_FALSE(floating->offsetSeconds.has_value());
    EXPECT_FALSE(floating->toUnixMs().has_value());
}

TEST(IsoDateTime, RejectsMalformedText)
{
    for (const char* bad :
         {"2024-05-01", "2024-05-01T", "2024-05-01T24:00:00Z", "2024-05-01T10:60:00Z", "2024-05-01T10:00:00+",
          "2024-05-01T10:00:00+1", "2024-05-01T10:00:00+01:0", "2024-05-01T10:00:00ZZ",
          "2024-02-30T10:00:00Z", "2024-05-01T10:00:00.Z", "2024-05-01X10:00:00Z", "2024-05-01T1:00:00Z",
          "2024-05-01T10:00:00 Z", "2024-05-01T10:00:00+24:00"})
    {
        EXPECT_FALSE(IsoDateTime::parse(bad).has_value()) << bad;
    }
}

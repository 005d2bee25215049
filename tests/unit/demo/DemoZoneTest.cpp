// The demo person's wall clock (host/demo/DemoZone): the Berlin daylight-saving change comes from a
// Dates::TimeZone POSIX rule, and days, weekdays and date-times are read through the dates room.
#include "demo/DemoZone.h"

#include <gtest/gtest.h>

using OuraMcp::Demo::DemoZone;

TEST(DemoZone, DayNumbersRoundTrip)
{
    EXPECT_EQ(DemoZone::dayNumber(1970, 1, 1), 0);
    EXPECT_EQ(DemoZone::formatDay(DemoZone::dayNumber(2024, 2, 29)), "2024-02-29");
    EXPECT_EQ(DemoZone::parseDay("2026-11-20"), DemoZone::dayNumber(2026, 11, 20));
    EXPECT_FALSE(DemoZone::parseDay("2026-02-29"));
    EXPECT_FALSE(DemoZone::parseDay("2026-13-01"));
    EXPECT_FALSE(DemoZone::parseDay("20261120"));
    EXPECT_EQ(DemoZone::weekday(DemoZone::dayNumber(2026, 11, 23)), 0); // a Monday
}

TEST(DemoZone, EuropeanDaylightSavingRule)
{
    // 2026: summer time from 29 March 01:00 UTC to 25 October 01:00 UTC.
    const std::int64_t spring = DemoZone::dayNumber(2026, 3, 29) * 86400 + 3600;
    EXPECT_EQ(DemoZone::offsetAt(spring - 1), 3600);
    EXPECT_EQ(DemoZone::offsetAt(spring), 7200);
    const std::int64_t autumn = DemoZone::dayNumber(2026, 10, 25) * 86400 + 3600;
    EXPECT_EQ(DemoZone::offsetAt(autumn - 1), 7200);
    EXPECT_EQ(DemoZone::offsetAt(autumn), 3600);
    EXPECT_EQ(DemoZone::formatLocal(DemoZone::localToUtc(DemoZone::dayNumber(2024, 10, 10), 3719)),
              "2024-10-10T01:01:59+02:00");
    EXPECT_EQ(DemoZone::formatLocal(DemoZone::localToUtc(DemoZone::dayNumber(2024, 11, 11), 4 * 3600), true),
              "2024-11-11T04:00:00.000+01:00");
}

TEST(DemoZone, ParsesIsoDateTimes)
{
    const std::int64_t base = DemoZone::dayNumber(2024, 12, 13) * 86400 + 12 * 3600 + 31 * 60 + 21;
    EXPECT_EQ(DemoZone::parseDateTime("2024-12-13T12:31:21+00:00"), base);
    EXPECT_EQ(DemoZone::parseDateTime("2024-12-13T12:31:21Z"), base);
    EXPECT_EQ(DemoZone::parseDateTime("2024-12-13T13:31:21.250+01:00"), base);
    EXPECT_EQ(DemoZone::parseDateTime("2024-12-13T13:31:21"), base); // local wall time (+01:00 in December)
    EXPECT_FALSE(DemoZone::parseDateTime("2024-12-13T25:00:00Z"));
    EXPECT_FALSE(DemoZone::parseDateTime("2024-12-13T12:31:21 01:00")); // an unencoded '+' became a space
    EXPECT_FALSE(DemoZone::parseDateTime("yesterday"));
}

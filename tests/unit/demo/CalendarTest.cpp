#include "demo/Calendar.h"

#include <gtest/gtest.h>

using OuraMcp::Demo::Calendar;

TEST(DemoCalendar, DayNumbersRoundTrip)
{
    EXPECT_EQ(Calendar::dayNumber(1970, 1, 1), 0);
    EXPECT_EQ(Calendar::formatDay(Calendar::dayNumber(2024, 2, 29)), "2024-02-29");
    EXPECT_EQ(Calendar::parseDay("2026-11-20"), Calendar::dayNumber(2026, 11, 20));
    EXPECT_FALSE(Calendar::parseDay("2026-02-29"));
    EXPECT_FALSE(Calendar::parseDay("2026-13-01"));
    EXPECT_FALSE(Calendar::parseDay("20261120"));
    EXPECT_EQ(Calendar::weekday(Calendar::dayNumber(2026, 11, 23)), 0); // a Monday
}

TEST(DemoCalendar, EuropeanDaylightSavingRule)
{
    // 2026: summer time from 29 March 01:00 UTC to 25 October 01:00 UTC.
    const std::int64_t spring = Calendar::dayNumber(2026, 3, 29) * 86400 + 3600;
    EXPECT_EQ(Calendar::offsetAt(spring - 1), 3600);
    EXPECT_EQ(Calendar::offsetAt(spring), 7200);
    const std::int64_t autumn = Calendar::dayNumber(2026, 10, 25) * 86400 + 3600;
    EXPECT_EQ(Calendar::offsetAt(autumn - 1), 7200);
    EXPECT_EQ(Calendar::offsetAt(autumn), 3600);
    EXPECT_EQ(Calendar::formatLocal(Calendar::localToUtc(Calendar::dayNumber(2024, 10, 10), 3719)),
              "2024-10-10T01:01:59+02:00");
    EXPECT_EQ(Calendar::formatLocal(Calendar::localToUtc(Calendar::dayNumber(2024, 11, 11), 4 * 3600), true),
              "2024-11-11T04:00:00.000+01:00");
}

TEST(DemoCalendar, ParsesIsoDateTimes)
{
    const std::int64_t base = Calendar::dayNumber(2024, 12, 13) * 86400 + 12 * 3600 + 31 * 60 + 21;
    EXPECT_EQ(Calendar::parseDateTime("2024-12-13T12:31:21+00:00"), base);
    EXPECT_EQ(Calendar::parseDateTime("2024-12-13T12:31:21Z"), base);
    EXPECT_EQ(Calendar::parseDateTime("2024-12-13T13:31:21.250+01:00"), base);
    EXPECT_EQ(Calendar::parseDateTime("2024-12-13T13:31:21"), base); // local wall time (+01:00 in December)
    EXPECT_FALSE(Calendar::parseDateTime("2024-12-13T25:00:00Z"));
    EXPECT_FALSE(Calendar::parseDateTime("2024-12-13T12:31:21 01:00")); // an unencoded '+' became a space
    EXPECT_FALSE(Calendar::parseDateTime("yesterday"));
}

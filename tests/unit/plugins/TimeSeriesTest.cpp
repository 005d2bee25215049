// The instant parsing (the SDK's oura_mcp/civil_time.hpp) and bucketing (plugins/common/TimeSeries.hpp) the
// time-series plugins rely on.
#include "TimeSeries.hpp"

#include <gtest/gtest.h>

namespace OuraMcp::Domain {
namespace {

TEST(TimeSeries, ParsesOffsetsFractionsAndZ)
{
    auto a = parseInstant("2024-10-10T01:01:59.000+02:00");
    ASSERT_TRUE(a);
    EXPECT_EQ(a->offsetSeconds, 7200);
    EXPECT_EQ(a->unixSeconds, 1728514919); // 2024-10-09T23:01:59Z
    auto z = parseInstant("2024-12-13T12:31:21Z");
    ASSERT_TRUE(z);
    EXPECT_EQ(z->offsetSeconds, 0);
    EXPECT_EQ(parseInstant("2024-12-13T12:31:21+00:00")->unixSeconds, z->unixSeconds);
    EXPECT_EQ(parseInstant("2024-01-01T00:00:00-05:30")->unixSeconds, 1704087000);
}

TEST(TimeSeries, RefusesTextWithoutAnInstant)
{
    for (const char* text : {"2024-05-01", "yesterday", "2024-05-01T10:00:00", "2024-13-01T00:00:00Z",
                             "2024-05-01T10:00:00+0200", "2024-05-01T10:00:00Zjunk", "",
                             "2024-02-30T10:00:00Z", "2023-02-29T00:00:00Z", "2024-04-31T00:00:00Z",
                             "2024-05-01T24:00:00Z", "2024-05-01T10:00:00.+02:00"})
        EXPECT_FALSE(parseInstant(text)) << text;
    EXPECT_TRUE(parseInstant("2024-02-29T10:00:00Z")); // a leap day is a day
}

TEST(TimeSeries, BucketsAlignOnTheWallClockOfTheSamplesOffset)
{
    const auto at = *parseInstant("2024-05-01T10:47:13+05:30");
    EXPECT_EQ(formatInstant(bucketStart(at, 300), at.offsetSeconds), "2024-05-01T10:45:00+05:30");
    EXPECT_EQ(formatInstant(bucketStart(at, 3600), at.offsetSeconds), "2024-05-01T10:00:00+05:30");
    EXPECT_EQ(formatInstant(bucketStart(at, 86400), at.offsetSeconds), "2024-05-01T00:00:00+05:30");
    const auto early = *parseInstant("1969-12-31T23:59:59Z"); // before the epoch: floor, not truncation
    EXPECT_EQ(formatInstant(bucketStart(early, 3600), 0), "1969-12-31T23:00:00+00:00");
}

TEST(TimeSeries, CivilDaysAreStrict)
{
    using omcp::CivilTime;
    for (const char* day : {"1970-01-01", "2000-02-29", "2024-12-31", "2100-03-01"})
        EXPECT_EQ(CivilTime::dayText(*CivilTime::dayNumber(day)), day);
    // The day arithmetic this header once had accepted 2024-02-31; the SDK helper reads only real dates.
    for (const char* day :
         {"2024-02-31", "2023-02-29", "2100-02-29", "2024-00-10", "2024-1-05", "2024-05-01x"})
        EXPECT_FALSE(CivilTime::dayNumber(day)) << day;
    EXPECT_EQ(CivilTime::dayCount("2024-11-01", "2024-11-30"), 30);
    EXPECT_EQ(CivilTime::dayCount("2024-02-28", "2024-03-01"), 3);
    EXPECT_FALSE(CivilTime::dayCount("2024-03-01", "2024-02-28"));
    EXPECT_FALSE(CivilTime::dayCount("", "2024-02-28"));
    EXPECT_EQ(round1(72.25), 72.3);
}

} // namespace
} // namespace OuraMcp::Domain

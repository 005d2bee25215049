#include "dates/CivilDate.h"

#include <gtest/gtest.h>

#include <stdexcept>

using OuraMcp::Dates::CivilDate;

namespace {

CivilDate d(const char* iso)
{
    auto parsed = CivilDate::fromIso(iso);
    if (!parsed)
        throw std::invalid_argument(std::string("bad test date ") + iso);
    return *parsed;
}

} // namespace

TEST(CivilDate, DefaultIsTheEpoch)
{
    EXPECT_EQ(CivilDate().toIso(), "1970-01-01");
    EXPECT_EQ(CivilDate().toDaysSinceEpoch(), 0);
}

TEST(CivilDate, ParsesAndPrintsIso)
{
    const CivilDate date = d("2024-05-01");
    EXPECT_EQ(date.year(), 2024);
    EXPECT_EQ(date.month(), 5u);
    EXPECT_EQ(date.day(), 1u);
    EXPECT_EQ(date.toIso(), "2024-05-01");
    EXPECT_EQ(d("0024-11-11").toIso(), "0024-11-11");
}

TEST(CivilDate, RejectsMalformedAndImpossibleDates)
{
    for (const char* bad : {"2024-02-30", "2023-02-29", "1900-02-29", "2024-13-01", "2024-00-10",
                            "2024-04-31", "2024-01-00", "2024-5-01", "2024-05-1", "24-05-01", "2024/05/01",
                            " 2024-05-01", "2024-05-01 ", "2024-05-01T00:00", "", "abcd-ef-gh", "+024-05-01"})
    {
        EXPECT_FALSE(CivilDate::fromIso(bad).has_value()) << bad;
    }
    EXPECT_THROW(CivilDate(2023, 2, 29), std::invalid_argument);
    EXPECT_THROW(CivilDate(2024, 0, 1), std::invalid_argument);
}

TEST(CivilDate, AcceptsLeapDays)
{
    EXPECT_TRUE(CivilDate::fromIso("2024-02-29").has_value());
    EXPECT_TRUE(CivilDate::fromIso("2000-02-29").has_value());
    EXPECT_TRUE(CivilDate::isLeapYear(2000));
    EXPECT_FALSE(CivilDate::isLeapYear(1900));
    EXPECT_FALSE(CivilDate::isLeapYear(2100));
    EXPECT_TRUE(CivilDate::isLeapYear(2024));
    EXPECT_EQ(CivilDate::daysInMonth(2024, 2), 29u);
    EXPECT_EQ(CivilDate::daysInMonth(2023, 2), 28u);
    EXPECT_EQ(CivilDate::daysInMonth(2023, 4), 30u);
    EXPECT_EQ(CivilDate::daysInMonth(2023, 12), 31u);
}

TEST(CivilDate, DaysSinceEpochKnownValues)
{
    EXPECT_EQ(d("1970-01-02").toDaysSinceEpoch(), 1);
    EXPECT_EQ(d("1969-12-31").toDaysSinceEpoch(), -1);
    EXPECT_EQ(d("2000-03-01").toDaysSinceEpoch(), 11017);
    EXPECT_EQ(d("2024-05-01").toDaysSinceEpoch(), 19844);
    EXPECT_EQ(d("0000-03-01").toDaysSinceEpoch(), -719468);
    EXPECT_EQ(CivilDate::fromDaysSinceEpoch(19844).toIso(), "2024-05-01");
    EXPECT_EQ(CivilDate::fromDaysSinceEpoch(-719468).toIso(), "0000-03-01");
    EXPECT_EQ(CivilDate::fromDaysSinceEpoch(2932896).toIso(), "9999-12-31");
}

TEST(CivilDate, RoundTripsEveryDayOverFiveCenturies)
{
    // Walks day by day and checks that the conversion agrees with a naive calendar walk.
    CivilDate expected(1800, 1, 1);
    int year = 1800;
    unsigned month = 1;
    unsigned day = 1;
    for (int64_t n = expected.toDaysSinceEpoch(); year < 2300; ++n)
    {
        const CivilDate got = CivilDate::fromDaysSinceEpoch(n);
        ASSERT_EQ(got, CivilDate(year, month, day)) << n;
        ASSERT_EQ(got.toDaysSinceEpoch(), n);
        if (++day > CivilDate::daysInMonth(year, month))
        {
            day = 1;
            if (++month > 12)
            {
                month = 1;
                ++year;
            }
        }
    }
}

TEST(CivilDate, AddDaysCrossesMonthsYearsAndLeapDays)
{
    EXPECT_EQ(d("2024-02-28").addDays(1).toIso(), "2024-02-29");
    EXPECT_EQ(d("2024-02-29").addDays(1).toIso(), "2024-03-01");
    EXPECT_EQ(d("2023-02-28").addDays(1).toIso(), "2023-03-01");
    EXPECT_EQ(d("2024-12-31").addDays(1).toIso(), "2025-01-01");
    EXPECT_EQ(d("2025-01-01").addDays(-1).toIso(), "2024-12-31");
    EXPECT_EQ(d("2024-05-01").addDays(-366).toIso(), "2023-05-01");
    EXPECT_EQ(d("2024-05-01").addDays(0), d("2024-05-01"));
}

TEST(CivilDate, AddMonthsClampsToMonthEnd)
{
    EXPECT_EQ(d("2024-03-31").addMonths(-1).toIso(), "2024-02-29");
    EXPECT_EQ(d("2023-03-31").addMonths(-1).toIso(), "2023-02-28");
    EXPECT_EQ(d("2024-01-31").addMonths(1).toIso(), "2024-02-29");
    EXPECT_EQ(d("2024-05-15").addMonths(-5).toIso(), "2023-12-15");
    EXPECT_EQ(d("2024-01-15").addMonths(-13).toIso(), "2022-12-15");
    EXPECT_EQ(d("2024-02-29").addYears(1).toIso(), "2025-02-28");
    EXPECT_EQ(d("2024-02-29").addYears(-4).toIso(), "2020-02-29");
}

TEST(CivilDate, DayOfWeekIsMondayZero)
{
    EXPECT_EQ(d("1970-01-01").dayOfWeek(), 3u); // Thursday
    EXPECT_EQ(d("2024-05-13").dayOfWeek(), 0u); // Monday
    EXPECT_EQ(d("2024-05-19").dayOfWeek(), 6u); // Sunday
    EXPECT_EQ(d("2024-02-29").dayOfWeek(), 3u); // Thursday
    EXPECT_EQ(d("1969-12-29").dayOfWeek(), 0u); // Monday, before the epoch
    EXPECT_EQ(d("0001-01-01").dayOfWeek(), 0u); // proleptic Gregorian: a Monday
}

TEST(CivilDate, DaysFromAndComparisons)
{
    EXPECT_EQ(d("2024-03-01").daysFrom(d("2024-02-01")), 29);
    EXPECT_EQ(d("2024-02-01").daysFrom(d("2024-03-01")), -29);
    EXPECT_LT(d("2024-05-01"), d("2024-05-02"));
    EXPECT_LT(d("2023-12-31"), d("2024-01-01"));
    EXPECT_LT(d("2024-04-30"), d("2024-05-01"));
    EXPECT_GT(d("2024-05-02"), d("2024-05-01"));
    EXPECT_LE(d("2024-05-01"), d("2024-05-01"));
    EXPECT_GE(d("2024-05-01"), d("2024-05-01"));
    EXPECT_NE(d("2024-05-01"), d("2024-05-02"));
    EXPECT_EQ(d("2024-05-31").firstOfMonth().toIso(), "2024-05-01");
    EXPECT_EQ(d("2024-02-10").lastOfMonth().toIso(), "2024-02-29");
}

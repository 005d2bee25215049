#include "dates/DateResolver.h"
#include "dates/FixedClock.h"
#include "dates/IsoDateTime.h"

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>

using OuraMcp::Dates::DateResolver;
using OuraMcp::Dates::FixedClock;
using OuraMcp::Dates::IsoDateTime;
using OuraMcp::Dates::TimeZone;

namespace {

int64_t ms(const char* iso)
{
    auto parsed = IsoDateTime::parse(iso);
    if (!parsed || !parsed->toUnixMs())
        throw std::invalid_argument(std::string("bad test instant ") + iso);
    return *parsed->toUnixMs();
}

/// "start..end" on success, "error: <text>" otherwise: one string to compare keeps failures readable.
std::string show(const DateResolver& resolver, const std::string& start, const std::string& end = "")
{
    const auto result = resolver.resolve(start, end);
    if (!result.ok())
    {
        EXPECT_FALSE(result.error.empty());
        return "error: " + result.error;
    }
    EXPECT_TRUE(result.error.empty());
    return result.range->start.toIso() + ".." + result.range->end.toIso();
}

/// Today is Wednesday 2024-05-15 in Berlin (10:00 UTC = 12:00 CEST).
class DateResolverTest : public ::testing::Test
{
protected:
    FixedClock clock{ms("2024-05-15T10:00:00Z")};
    DateResolver resolver{clock, TimeZone::fromName("Europe/Berlin")};

    void setNow(const char* iso) { clock.set(ms(iso)); }
};

} // namespace

TEST_F(DateResolverTest, TodayIsTheUsersLocalDate)
{
    EXPECT_EQ(resolver.today().toIso(), "2024-05-15");
    setNow("2024-05-14T22:30:00Z"); // 00:30 in Berlin, still the 14th in UTC and New York
    EXPECT_EQ(resolver.today().toIso(), "2024-05-15");
    EXPECT_EQ(DateResolver(clock, TimeZone::utc()).today().toIso(), "2024-05-14");
    const DateResolver newYork(clock, TimeZone::fromName("America/New_York"));
    EXPECT_EQ(newYork.today().toIso(), "2024-05-14");
    EXPECT_EQ(show(newYork, "yesterday"), "2024-05-13..2024-05-13");
    EXPECT_EQ(show(resolver, "yesterday"), "2024-05-14..2024-05-14");
}

TEST_F(DateResolverTest, SingleDays)
{
    EXPECT_EQ(show(resolver, "today"), "2024-05-15..2024-05-15");
    EXPECT_EQ(show(resolver, "yesterday"), "2024-05-14..2024-05-14");
    EXPECT_EQ(show(resolver, "day before yesterday"), "2024-05-13..2024-05-13");
    EXPECT_EQ(show(resolver, "the day before yesterday"), "2024-05-13..2024-05-13");
    // The night that ended this morning carries today's Oura `day`.
    EXPECT_EQ(show(resolver, "last night"), "2024-05-15..2024-05-15");
}

TEST_F(DateResolverTest, IsoDatesAndDateTimes)
{
    EXPECT_EQ(show(resolver, "2024-05-01"), "2024-05-01..2024-05-01");
    EXPECT_EQ(show(resolver, "2024-02-29"), "2024-02-29..2024-02-29");
    // A date-time contributes its date as written; the time and zone are not converted.
    EXPECT_EQ(show(resolver, "2024-05-01T23:30:00+02:00"), "2024-05-01..2024-05-01");
    EXPECT_EQ(show(resolver, "2024-05-01T23:30:00Z"), "2024-05-01..2024-05-01");
    EXPECT_EQ(show(resolver, "2024-05-01T23:30:00"), "2024-05-01..2024-05-01");
    EXPECT_EQ(show(resolver, "2024-05-01", "2024-05-03T08:00:00-05:00"), "2024-05-01..2024-05-03");
}

TEST_F(DateResolverTest, Weekdays)
{
    // Today is a Wednesday.
    EXPECT_EQ(show(resolver, "monday"), "2024-05-13..2024-05-13");
    EXPECT_EQ(show(resolver, "Mon"), "2024-05-13..2024-05-13");
    EXPECT_EQ(show(resolver, "wednesday"), "2024-05-15..2024-05-15"); // today itself
    EXPECT_EQ(show(resolver, "thursday"), "2024-05-09..2024-05-09");
    EXPECT_EQ(show(resolver, "thurs"), "2024-05-09..2024-05-09");
    EXPECT_EQ(show(resolver, "sunday"), "2024-05-12..2024-05-12");
    EXPECT_EQ(show(resolver, "last monday"), "2024-05-13..2024-05-13");
    EXPECT_EQ(show(resolver, "last wednesday"), "2024-05-08..2024-05-08"); // never today
    EXPECT_EQ(show(resolver, "last thursday"), "2024-05-09..2024-05-09");
    EXPECT_EQ(show(resolver, "last tue"), "2024-05-14..2024-05-14");
}

TEST_F(DateResolverTest, WeekdaysWhenTodayIsMonday)
{
    setNow("2024-05-13T10:00:00Z");
    EXPECT_EQ(show(resolver, "monday"), "2024-05-13..2024-05-13");
    EXPECT_EQ(show(resolver, "last monday"), "2024-05-06..2024-05-06");
    EXPECT_EQ(show(resolver, "sunday"), "2024-05-12..2024-05-12");
    EXPECT_EQ(show(resolver, "this week"), "2024-05-13..2024-05-13");
    EXPECT_EQ(show(resolver, "previous week"), "2024-05-06..2024-05-12");
}

TEST_F(DateResolverTest, AgoIsOneDay)
{
    EXPECT_EQ(show(resolver, "3 days ago"), "2024-05-12..2024-05-12");
    EXPECT_EQ(show(resolver, "1 day ago"), "2024-05-14..2024-05-14");
    EXPECT_EQ(show(resolver, "a week ago"), "2024-05-08..2024-05-08");
    EXPECT_EQ(show(resolver, "2 weeks ago"), "2024-05-01..2024-05-01");
    EXPECT_EQ(show(resolver, "one month ago"), "2024-04-15..2024-04-15");
    EXPECT_EQ(show(resolver, "2 years ago"), "2022-05-15..2022-05-15");
}

TEST_F(DateResolverTest, RollingWindowsEndToday)
{
    EXPECT_EQ(show(resolver, "last week"), "2024-05-09..2024-05-15");
    EXPECT_EQ(show(resolver, "past week"), "2024-05-09..2024-05-15");
    EXPECT_EQ(show(resolver, "last month"), "2024-04-16..2024-05-15");
    EXPECT_EQ(show(resolver, "last year"), "2023-05-16..2024-05-15");
    EXPECT_EQ(show(resolver, "last 7 days"), "2024-05-09..2024-05-15");
    EXPECT_EQ(show(resolver, "last 1 day"), "2024-05-15..2024-05-15");
    EXPECT_EQ(show(resolver, "past 30 days"), "2024-04-16..2024-05-15");
    EXPECT_EQ(show(resolver, "last 2 weeks"), "2024-05-02..2024-05-15");
    EXPECT_EQ(show(resolver, "last 3 months"), "2024-02-16..2024-05-15");
    EXPECT_EQ(show(resolver, "last 1 month"), show(resolver, "last month"));
    EXPECT_EQ(show(resolver, "last 3650 days"), "2014-05-19..2024-05-15");
}

TEST_F(DateResolverTest, CalendarPeriods)
{
    EXPECT_EQ(show(resolver, "this week"), "2024-05-13..2024-05-15");
    EXPECT_EQ(show(resolver, "this month"), "2024-05-01..2024-05-15");
    EXPECT_EQ(show(resolver, "this year"), "2024-01-01..2024-05-15");
    EXPECT_EQ(show(resolver, "previous week"), "2024-05-06..2024-05-12");
    EXPECT_EQ(show(resolver, "previous month"), "2024-04-01..2024-04-30");
    EXPECT_EQ(show(resolver, "prior month"), "2024-04-01..2024-04-30");
    EXPECT_EQ(show(resolver, "previous year"), "2023-01-01..2023-12-31");
}

TEST_F(DateResolverTest, CaseSpacesAndUnderscores)
{
    EXPECT_EQ(show(resolver, "  LAST   Week "), "2024-05-09..2024-05-15");
    EXPECT_EQ(show(resolver, "last_7_days"), "2024-05-09..2024-05-15");
    EXPECT_EQ(show(resolver, "The Last 3 Days"), "2024-05-13..2024-05-15");
    EXPECT_EQ(show(resolver, "\tToday\n"), "2024-05-15..2024-05-15");
    EXPECT_EQ(show(resolver, " 2024-05-01 "), "2024-05-01..2024-05-01");
}

TEST_F(DateResolverTest, LeapYearsAndMonthEnds)
{
    setNow("2024-03-01T12:00:00Z");
    EXPECT_EQ(show(resolver, "yesterday"), "2024-02-29..2024-02-29");
    EXPECT_EQ(show(resolver, "previous month"), "2024-02-01..2024-02-29");
    EXPECT_EQ(show(resolver, "last month"), "2024-02-02..2024-03-01");
    EXPECT_EQ(show(resolver, "last week"), "2024-02-24..2024-03-01");
    setNow("2023-03-01T12:00:00Z");
    EXPECT_EQ(show(resolver, "yesterday"), "2023-02-28..2023-02-28");
    EXPECT_EQ(show(resolver, "previous month"), "2023-02-01..2023-02-28");
    setNow("2024-03-31T12:00:00Z");
    EXPECT_EQ(show(resolver, "last month"), "2024-03-01..2024-03-31");
    EXPECT_EQ(show(resolver, "1 month ago"), "2024-02-29..2024-02-29");
    EXPECT_EQ(show(resolver, "this month"), "2024-03-01..2024-03-31");
}

TEST_F(DateResolverTest, YearBoundary)
{
    setNow("2025-01-01T10:00:00Z"); // a Wednesday
    EXPECT_EQ(show(resolver, "yesterday"), "2024-12-31..2024-12-31");
    EXPECT_EQ(show(resolver, "last week"), "2024-12-26..2025-01-01");
    EXPECT_EQ(show(resolver, "this week"), "2024-12-30..2025-01-01");
    EXPECT_EQ(show(resolver, "previous week"), "2024-12-23..2024-12-29");
    EXPECT_EQ(show(resolver, "this month"), "2025-01-01..2025-01-01");
    EXPECT_EQ(show(resolver, "previous month"), "2024-12-01..2024-12-31");
    EXPECT_EQ(show(resolver, "this year"), "2025-01-01..2025-01-01");
    EXPECT_EQ(show(resolver, "previous year"), "2024-01-01..2024-12-31");
    EXPECT_EQ(show(resolver, "monday"), "2024-12-30..2024-12-30");
    // Berlin (UTC+1 in winter) enters the new year at 23:00 UTC, while UTC is still in the old one.
    setNow("2024-12-31T22:59:59Z");
    EXPECT_EQ(show(resolver, "today"), "2024-12-31..2024-12-31");
    setNow("2024-12-31T23:00:00Z");
    EXPECT_EQ(show(resolver, "today"), "2025-01-01..2025-01-01");
    EXPECT_EQ(show(resolver, "this year"), "2025-01-01..2025-01-01");
    EXPECT_EQ(show(DateResolver(clock, TimeZone::utc()), "today"), "2024-12-31..2024-12-31");
    EXPECT_EQ(show(DateResolver(clock, TimeZone::utc()), "this year"), "2024-01-01..2024-12-31");
}

TEST_F(DateResolverTest, CombiningStartAndEnd)
{
    EXPECT_EQ(show(resolver, "", ""), "2024-05-09..2024-05-15"); // default: last week
    EXPECT_EQ(show(resolver, "  ", " "), "2024-05-09..2024-05-15");
    EXPECT_EQ(show(resolver, "yesterday", ""), "2024-05-14..2024-05-14");
    EXPECT_EQ(show(resolver, "previous month", ""), "2024-04-01..2024-04-30");
    EXPECT_EQ(show(resolver, "", "2024-05-10"), "2024-05-04..2024-05-10"); // 7 days ending at end
    EXPECT_EQ(show(resolver, "", "previous month"), "2024-04-24..2024-04-30");
    EXPECT_EQ(show(resolver, "2024-05-01", "2024-05-03"), "2024-05-01..2024-05-03");
    EXPECT_EQ(show(resolver, "2024-05-01", "2024-05-01"), "2024-05-01..2024-05-01");
    EXPECT_EQ(show(resolver, "last week", "yesterday"), "2024-05-09..2024-05-14");       // start's first day
    EXPECT_EQ(show(resolver, "2024-04-20", "previous month"), "2024-04-20..2024-04-30"); // end's last day
    EXPECT_EQ(show(resolver, "previous month", "this month"), "2024-04-01..2024-05-15");
    // Days after today are kept; the API just has nothing for them.
    EXPECT_EQ(show(resolver, "2024-06-01", "2024-06-30"), "2024-06-01..2024-06-30");
}

TEST_F(DateResolverTest, StartAfterEndIsAnError)
{
    EXPECT_EQ(show(resolver, "2024-05-03", "2024-05-01"),
              "error: start_date 2024-05-03 is after end_date 2024-05-01.");
    EXPECT_EQ(show(resolver, "today", "yesterday"),
              "error: start_date 2024-05-15 (\"today\") is after end_date 2024-05-14 (\"yesterday\").");
}

TEST_F(DateResolverTest, RangeLimit)
{
    const auto longRange = resolver.resolve("2010-01-01", "2024-05-15");
    ASSERT_FALSE(longRange.ok());
    EXPECT_NE(longRange.error.find("2010-01-01 .. 2024-05-15"), std::string::npos) << longRange.error;
    EXPECT_NE(longRange.error.find("3650"), std::string::npos) << longRange.error;
    EXPECT_TRUE(resolver.resolve("2014-05-19", "2024-05-15").ok());  // exactly 3650 days
    EXPECT_FALSE(resolver.resolve("2014-05-18", "2024-05-15").ok()); // 3651
    EXPECT_FALSE(resolver.resolve("last 11 years", "").ok());
    // Oura accepts absurd dates such as 0024-11-11 (full history); here they hit the limit instead.
    EXPECT_FALSE(resolver.resolve("0024-11-11", "2024-11-12").ok());
}

TEST_F(DateResolverTest, UnreadableInputNamesItAndTheAcceptedForms)
{
    EXPECT_EQ(show(resolver, "tomorrowish"),
              "error: Could not read start_date \"tomorrowish\". " + DateResolver::acceptedForms());
    const std::string endError = show(resolver, "2024-05-01", "next week");
    EXPECT_EQ(endError.rfind(
                  "error: Could not read end_date \"next week\". Use an ISO date (2024-05-01) or one of: "
                  "today, yesterday, ",
                  0),
              0u)
        << endError;
    EXPECT_NE(show(resolver, "2024-02-30").find("start_date \"2024-02-30\" (no such calendar date)"),
              std::string::npos);
    EXPECT_EQ(show(resolver, "abcd-ef-gh").find("no such calendar date"), std::string::npos);
    EXPECT_NE(show(resolver, "last 0 days").find("(the number must be between 1 and 3650)"),
              std::string::npos);
    EXPECT_NE(show(resolver, "last 3651 days").find("(the number must be between 1 and 3650)"),
              std::string::npos);
    EXPECT_NE(show(resolver, "99999999999999999999 days ago").find("between 1 and 3650"), std::string::npos);
    for (const char* bad :
         {"tomorrow", "last", "last -3 days", "3 fortnights ago", "2024-5-1", "05/01/2024", "last 7",
          "days ago", "this monday extra", "yesterday yesterday", "\xff\xfe", "2024-05-01T25:00:00Z"})
    {
        const auto result = resolver.resolve(bad, "");
        EXPECT_FALSE(result.ok()) << bad;
        EXPECT_NE(result.error.find(std::string("\"") + bad + "\""), std::string::npos) << result.error;
    }
}

TEST_F(DateResolverTest, ResolvePhraseGivesTheDaysOfOneInput)
{
    ASSERT_TRUE(resolver.resolvePhrase("last week"));
    EXPECT_EQ(resolver.resolvePhrase("last week")->dayCount(), 7);
    EXPECT_EQ(resolver.resolvePhrase(" 2024-05-01 ")->start.toIso(), "2024-05-01");
    EXPECT_FALSE(resolver.resolvePhrase("soon").has_value());
}

TEST(DateResolverForms, AcceptedFormsIsOneSentenceNamingEveryForm)
{
    const std::string forms = DateResolver::acceptedForms();
    EXPECT_EQ(forms.back(), '.');
    EXPECT_EQ(forms.find(". "), std::string::npos) << "more than one sentence: " << forms;
    for (const char* form :
         {"2024-05-01", "today", "yesterday", "last night", "monday", "last monday", "ago", "last week",
          "last month", "last N days", "this week", "this month", "previous week", "previous month"})
    {
        EXPECT_NE(forms.find(form), std::string::npos) << form;
    }
}

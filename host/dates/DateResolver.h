#pragma once

#include "dates/Clock.h"
#include "dates/DateRange.h"
#include "dates/TimeZone.h"

#include <optional>
#include <string>

namespace OuraMcp::Dates {

/// Turns what a user (or a model) writes for start_date / end_date into an inclusive range of the user's
/// calendar days. It is the one place dates are read, so every plugin agrees on what "last week" means.
///
/// "Today" is the user's local date: the clock's instant seen in the user's time zone. Input is
/// case-insensitive, surrounding spaces are trimmed, runs of spaces and underscores count as one space
/// ("last_7_days"), and a leading "the" is ignored ("the last 3 days"). Accepted forms:
///
/// | input                                  | days (T = today)                                           |
/// |----------------------------------------|------------------------------------------------------------|
/// | 2024-05-01                             | that day (must be a real date: 2024-02-30 is an error)     |
/// | 2024-05-01T23:30:00+02:00              | its date as written, 2024-05-01 (time and zone ignored)    |
/// | today                                  | T                                                          |
/// | yesterday                              | T-1                                                        |
/// | day before yesterday                   | T-2                                                        |
/// | last night                             | T: the sleep that ended this morning; Oura files a night   |
/// |                                        | under the day it ends, so its `day` is today               |
/// | monday .. sunday (also mon, tue, ...)  | the most recent such day, T itself if T is that weekday    |
/// | last monday .. last sunday             | the most recent such day before T (T-7 if T is a Monday)   |
/// | N days/weeks/months/years ago          | one day: T-N, T-7N, T minus N calendar months/years        |
/// |  (N = 1..3650, or "a"/"an"/"one")      |                                                            |
/// | last week, past week                   | rolling 7 days ending today: T-6 .. T                      |
/// | last month, past month                 | rolling month ending today: (T minus 1 month)+1 .. T,      |
/// |                                        | e.g. 2024-04-16 .. 2024-05-15                              |
/// | last year, past year                   | (T minus 1 year)+1 .. T                                    |
/// | last/past N days|weeks|months|years    | T-N+1 .. T; T-7N+1 .. T; (T minus N months)+1 .. T; ...    |
/// | this week / this month / this year     | Monday of this week / the 1st / January 1 .. T             |
/// | previous week / month / year           | the last complete calendar week (Mon..Sun) / month / year  |
///
/// "last <unit>" is always the rolling window ending today (what "how did I sleep last week?" means when
/// asked of a health tracker: the most recent seven nights), while "previous <unit>" is the calendar
/// period before the current one. Every phrase names a range of days; a single day is a range of one.
///
/// Combining start and end (both inclusive):
/// * both empty: the default, "last week" (T-6 .. T);
/// * start only: the whole period start names ("last week" -> 7 days, "yesterday" -> that day);
/// * end only: the 7 days ending on end's last day;
/// * both: start's first day .. end's last day; an error if that start is after that end.
/// Days after today are allowed (the API simply has no data for them). A range longer than MaxRangeDays is
/// an error. Thread-safe: it only reads the clock and the (immutable) zone.
class DateResolver
{
public:
    DateResolver(const Clock& clock, TimeZone zone);
    /// Keeps a reference to clock: it must outlive the resolver.

    CivilDate today() const;
    /// The user's local date now.

    struct Result
    {
        std::optional<DateRange> range; ///< set on success
        std::string error;              ///< on failure: one or two sentences for the user, naming the input
        bool ok() const { return range.has_value(); }
    };

    Result resolve(const std::string& start, const std::string& end) const;
    /// See the class comment. Never throws for any input.

    std::optional<DateRange> resolvePhrase(const std::string& text) const;
    /// The days one input names (either an ISO date or a phrase), or nullopt if it cannot be read.

    static std::string acceptedForms();
    /// One sentence listing the accepted forms, used in error messages and tool descriptions.

    const TimeZone& zone() const { return _zone; }

    static constexpr int64_t MaxRangeDays = 3650;
    static constexpr int64_t MaxCount = 3650;
    /// The largest N in "last N days", "N weeks ago", ...

private:
    const Clock& _clock;
    TimeZone _zone;
};

} // namespace OuraMcp::Dates

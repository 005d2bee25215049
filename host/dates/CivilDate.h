#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace OuraMcp::Dates {

/// A calendar day (year, month, day) in the proleptic Gregorian calendar, with no time zone attached.
/// It is what Oura calls a `day`: the user's local date. Arithmetic goes through a count of days since
/// 1970-01-01 (Howard Hinnant's days_from_civil / civil_from_days algorithms), so it is exact for any year.
class CivilDate
{
public:
    CivilDate() = default;
    /// 1970-01-01.

    CivilDate(int year, unsigned month, unsigned day);
    /// Throws std::invalid_argument if the triple is not a real date (2024-02-30, month 13, ...).

    static std::optional<CivilDate> fromIso(const std::string& text);
    /// Parses exactly "YYYY-MM-DD" (four-digit year 0000..9999); nothing before or after, no trimming.
    /// Returns nullopt for anything else, including dates that do not exist (2023-02-29).

    static CivilDate fromDaysSinceEpoch(int64_t days);
    /// The date `days` days after 1970-01-01 (negative: before).

    int64_t toDaysSinceEpoch() const;
    /// Days since 1970-01-01 (negative before it).

    std::string toIso() const;
    /// "YYYY-MM-DD" (the year zero-padded to four digits).

    int year() const { return _year; }
    unsigned month() const { return _month; }
    unsigned day() const { return _day; }

    CivilDate addDays(int64_t days) const;
    /// The date `days` later (negative: earlier).

    CivilDate addMonths(int64_t months) const;
    /// The same day-of-month `months` later, clamped to the end of the target month (2024-03-31 minus one
    /// month is 2024-02-29).

    CivilDate addYears(int64_t years) const { return addMonths(years * 12); }
    /// As addMonths(12 * years): 2024-02-29 plus one year is 2025-02-28.

    unsigned dayOfWeek() const;
    /// Monday = 0 ... Sunday = 6 (ISO 8601 order).

    int64_t daysFrom(const CivilDate& other) const { return toDaysSinceEpoch() - other.toDaysSinceEpoch(); }
    /// Signed number of days from `other` to this date (this - other).

    CivilDate firstOfMonth() const { return CivilDate(_year, _month, 1); }
    CivilDate lastOfMonth() const { return CivilDate(_year, _month, daysInMonth(_year, _month)); }

    static bool isLeapYear(int year);
    static unsigned daysInMonth(int year, unsigned month);
    /// 28..31; 0 for a month outside 1..12.

    static bool isValid(int year, unsigned month, unsigned day);

    bool operator==(const CivilDate& o) const
    {
        return _year == o._year && _month == o._month && _day == o._day;
    }
    bool operator!=(const CivilDate& o) const { return !(*this == o); }
    bool operator<(const CivilDate& o) const
    {
        if (_year != o._year)
            return _year < o._year;
        if (_month != o._month)
            return _month < o._month;
        return _day < o._day;
    }
    bool operator>(const CivilDate& o) const { return o < *this; }
    bool operator<=(const CivilDate& o) const { return !(o < *this); }
    bool operator>=(const CivilDate& o) const { return !(*this < o); }

private:
    int _year = 1970;
    unsigned _month = 1;
    unsigned _day = 1;
};

} // namespace OuraMcp::Dates

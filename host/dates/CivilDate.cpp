#include "dates/CivilDate.h"

#include "dates/FloorDiv.h"

#include <cstdio>
#include <stdexcept>

namespace OuraMcp::Dates {

CivilDate::CivilDate(int year, unsigned month, unsigned day) : _year(year), _month(month), _day(day)
{
    if (!isValid(year, month, day))
    {
        char buf[64];
        std::snprintf(buf, sizeof buf, "not a calendar date: %04d-%02u-%02u", year, month, day);
        throw std::invalid_argument(buf);
    }
}

bool CivilDate::isLeapYear(int year)
{
    return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

unsigned CivilDate::daysInMonth(int year, unsigned month)
{
    static const unsigned lengths[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (month < 1 || month > 12)
        return 0;
    if (month == 2 && isLeapYear(year))
        return 29;
    return lengths[month - 1];
}

bool CivilDate::isValid(int year, unsigned month, unsigned day)
{
    return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

std::optional<CivilDate> CivilDate::fromIso(const std::string& text)
{
    if (text.size() != 10 || text[4] != '-' || text[7] != '-')
        return std::nullopt;
    int fields[3] = {0, 0, 0};
    const std::pair<size_t, size_t> spans[3] = {{0, 4}, {5, 2}, {8, 2}};
    for (int f = 0; f < 3; ++f)
    {
        for (size_t i = spans[f].first; i < spans[f].first + spans[f].second; ++i)
        {
            const char c = text[i];
            if (c < '0' || c > '9')
                return std::nullopt;
            fields[f] = fields[f] * 10 + (c - '0');
        }
    }
    if (!isValid(fields[0], static_cast<unsigned>(fields[1]), static_cast<unsigned>(fields[2])))
        return std::nullopt;
    return CivilDate(fields[0], static_cast<unsigned>(fields[1]), static_cast<unsigned>(fields[2]));
}

// Days <-> civil conversion after Howard Hinnant, "chrono-Compatible Low-Level Date Algorithms": the year is
// shifted to start on March 1 so the leap day is the last day of the shifted year, and time is split into
// 400-year eras of exactly 146097 days.
int64_t CivilDate::toDaysSinceEpoch() const
{
    const int64_t y = static_cast<int64_t>(_year) - (_month <= 2 ? 1 : 0);
    const int64_t era = floorDiv(y, 400);
    const int64_t yearOfEra = y - era * 400;                                                // [0, 399]
    const int64_t shiftedMonth = _month > 2 ? _month - 3 : _month + 9;                      // March = 0
    const int64_t dayOfYear = (153 * shiftedMonth + 2) / 5 + _day - 1;                      // [0, 365]
    const int64_t dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear; // [0, 146096]
    return era * 146097 + dayOfEra - 719468; // 719468 = days from 0000-03-01 to 1970-01-01
}

CivilDate CivilDate::fromDaysSinceEpoch(int64_t days)
{
    const int64_t z = days + 719468;
    const int64_t era = floorDiv(z, 146097);
    const int64_t dayOfEra = z - era * 146097; // [0, 146096]
    const int64_t yearOfEra =
        (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146096) / 365;            // [0, 399]
    const int64_t dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100); // [0, 365]
    const int64_t shiftedMonth = (5 * dayOfYear + 2) / 153;                                   // [0, 11]
    const unsigned day = static_cast<unsigned>(dayOfYear - (153 * shiftedMonth + 2) / 5 + 1);
    const unsigned month = static_cast<unsigned>(shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9);
    const int64_t year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
    CivilDate result;
    result._year = static_cast<int>(year);
    result._month = month;
    result._day = day;
    return result;
}

std::string CivilDate::toIso() const
{
    char buf[32];
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", _year, _month, _day);
    return buf;
}

CivilDate CivilDate::addDays(int64_t days) const
{
    return fromDaysSinceEpoch(toDaysSinceEpoch() + days);
}

CivilDate CivilDate::addMonths(int64_t months) const
{
    const int64_t index = static_cast<int64_t>(_year) * 12 + (_month - 1) + months;
    const int year = static_cast<int>(floorDiv(index, 12));
    const unsigned month = static_cast<unsigned>(index - static_cast<int64_t>(year) * 12 + 1);
    const unsigned last = daysInMonth(year, month);
    return CivilDate(year, month, _day < last ? _day : last);
}

unsigned CivilDate::dayOfWeek() const
{
    // 1970-01-01 was a Thursday (index 3 with Monday = 0).
    const int64_t d = toDaysSinceEpoch() + 3;
    return static_cast<unsigned>(d - floorDiv(d, 7) * 7);
}

} // namespace OuraMcp::Dates

#include "oura/IsoDay.h"

#include <cstdio>

namespace OuraMcp::Oura {

namespace {

// Howard Hinnant's days_from_civil / civil_from_days (public-domain algorithms, written from the
// description).
long daysFromCivil(long y, unsigned m, unsigned d)
{
    y -= m <= 2 ? 1 : 0;
    const long era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<long>(doe) - 719468;
}

bool isLeap(long y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

} // namespace

std::optional<long> IsoDay::toDayNumber(const std::string& iso)
{
    if (iso.size() != 10 || iso[4] != '-' || iso[7] != '-')
        return std::nullopt;
    for (std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9})
    {
        if (iso[i] < '0' || iso[i] > '9')
            return std::nullopt;
    }
    const long y = std::stol(iso.substr(0, 4));
    const unsigned m = static_cast<unsigned>(std::stoul(iso.substr(5, 2)));
    const unsigned d = static_cast<unsigned>(std::stoul(iso.substr(8, 2)));
    static const unsigned lengths[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m < 1 || m > 12 || d < 1)
        return std::nullopt;
    const unsigned monthLength = lengths[m - 1] + (m == 2 && isLeap(y) ? 1 : 0);
    if (d > monthLength)
        return std::nullopt;
    return daysFromCivil(y, m, d);
}

std::string IsoDay::fromDayNumber(long days)
{
    days += 719468;
    const long era = (days >= 0 ? days : days - 146096) / 146097;
    const unsigned doe = static_cast<unsigned>(days - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long y = static_cast<long>(yoe) + era * 400;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    const unsigned d = doy - (153 * mp + 2) / 5 + 1;
    const unsigned m = mp < 10 ? mp + 3 : mp - 9;
    y += m <= 2 ? 1 : 0;
    char buf[32];
    std::snprintf(buf, sizeof buf, "%04ld-%02u-%02u", y, m, d);
    return buf;
}

std::string IsoDay::addDays(const std::string& iso, long delta)
{
    const auto n = toDayNumber(iso);
    return n ? fromDayNumber(*n + delta) : std::string();
}

long IsoDay::daysBetween(const std::string& from, const std::string& to)
{
    return toDayNumber(to).value_or(0) - toDayNumber(from).value_or(0);
}

} // namespace OuraMcp::Oura

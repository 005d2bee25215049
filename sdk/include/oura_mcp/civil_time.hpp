// oura_mcp/civil_time.hpp -- the one strict calendar helper of the plugin SDK (header-only, C++17).
//
// Plugins never decide which days a user means: the host resolves dates (resolve_dates, get_collection) in
// the user's time zone and hands over "YYYY-MM-DD" days and the range before. What a plugin may still need
// is to read the timestamps in Oura's documents ("2024-12-13T12:31:21+00:00"), to count the days of a range
// the host served, and to write an instant back in the offset it came with. This header does exactly that
// and refuses every text that is not a real date: 2024-02-30, month 13 and hour 24 are not read.
// Like plugin.hpp it is compiled into the plugin, so nothing here is ABI.
#ifndef OURA_MCP_CIVIL_TIME_HPP
#define OURA_MCP_CIVIL_TIME_HPP

#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>

namespace omcp {
inline namespace v1 {

/// Calendar days and instants with a UTC offset, in the proleptic Gregorian calendar.
class CivilTime
{
public:
    /// An instant with the offset it was written in.
    struct Instant
    {
        int64_t unixSeconds = 0; ///< seconds since the epoch (UTC), fraction dropped
        int offsetSeconds = 0;   ///< the written offset, east positive
    };

    static bool isLeapYear(int64_t year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

    static unsigned daysInMonth(int64_t year, unsigned month)
    /// 28..31; 0 for a month outside 1..12.
    {
        static const unsigned days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
        if (month < 1 || month > 12)
            return 0;
        return month == 2 && isLeapYear(year) ? 29 : days[month - 1];
    }

    static int64_t daysFromCivil(int64_t y, unsigned m, unsigned d)
    /// Days since 1970-01-01 of a valid date (Howard Hinnant's days_from_civil algorithm).
    {
        y -= m <= 2;
        const int64_t era = (y >= 0 ? y : y - 399) / 400;
        const unsigned yoe = static_cast<unsigned>(y - era * 400);
        const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
        const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        return era * 146097 + static_cast<int64_t>(doe) - 719468;
    }

    static std::string dayText(int64_t daysSinceEpoch)
    /// "YYYY-MM-DD" of a day number (inverse of daysFromCivil).
    {
        const int64_t z = daysSinceEpoch + 719468;
        const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
        const unsigned doe = static_cast<unsigned>(z - era * 146097);
        const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
        const int64_t y = static_cast<int64_t>(yoe) + era * 400;
        const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        const unsigned mp = (5 * doy + 2) / 153;
        const unsigned d = doy - (153 * mp + 2) / 5 + 1;
        const unsigned m = mp < 10 ? mp + 3 : mp - 9;
        char buf[32];
        std::snprintf(buf, sizeof buf, "%04lld-%02u-%02u", static_cast<long long>(y + (m <= 2)), m, d);
        return buf;
    }

    static std::optional<int64_t> dayNumber(const std::string& text)
    /// The day number of exactly "YYYY-MM-DD" naming a real date; nothing otherwise.
    {
        if (text.size() != 10 || text[4] != '-' || text[7] != '-')
            return std::nullopt;
        const auto y = digits(text, 0, 4);
        const auto m = digits(text, 5, 2);
        const auto d = digits(text, 8, 2);
        if (!y || !m || !d || *d < 1 || *d > static_cast<int>(daysInMonth(*y, static_cast<unsigned>(*m))))
            return std::nullopt;
        return daysFromCivil(*y, static_cast<unsigned>(*m), static_cast<unsigned>(*d));
    }

    static std::optional<int64_t> dayCount(const std::string& first, const std::string& last)
    /// Days in the inclusive range first..last, if both are days and first <= last.
    {
        const auto a = dayNumber(first);
        const auto b = dayNumber(last);
        if (!a || !b || *b < *a)
            return std::nullopt;
        return *b - *a + 1;
    }

    static std::optional<Instant> parseInstant(const std::string& text)
    /// Reads "YYYY-MM-DDTHH:MM:SS[.fff](Z|+HH:MM|-HH:MM)". Only full datetimes with an offset are accepted:
    /// without one the instant depends on a time zone the plugin does not know.
    {
        if (text.size() < 20 || (text[10] != 'T' && text[10] != 't' && text[10] != ' ') || text[13] != ':' ||
            text[16] != ':')
            return std::nullopt;
        const auto day = dayNumber(text.substr(0, 10));
        const auto h = digits(text, 11, 2);
        const auto mi = digits(text, 14, 2);
        const auto s = digits(text, 17, 2);
        if (!day || !h || !mi || !s || *h > 23 || *mi > 59 || *s > 60)
            return std::nullopt;
        std::size_t pos = 19;
        if (text[pos] == '.')
        {
            const std::size_t first = ++pos;
            while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9')
                ++pos;
            if (pos == first)
                return std::nullopt;
        }
        int offset = 0;
        if (pos + 1 == text.size() && (text[pos] == 'Z' || text[pos] == 'z'))
            ++pos;
        else if (pos + 6 == text.size() && (text[pos] == '+' || text[pos] == '-') && text[pos + 3] == ':')
        {
            const auto oh = digits(text, pos + 1, 2);
            const auto om = digits(text, pos + 4, 2);
            if (!oh || !om || *oh > 23 || *om > 59)
                return std::nullopt;
            offset = (*oh * 3600 + *om * 60) * (text[pos] == '-' ? -1 : 1);
            pos += 6;
        }
        else
            return std::nullopt;
        Instant out;
        out.offsetSeconds = offset;
        out.unixSeconds = *day * 86400 + *h * 3600 + *mi * 60 + *s - offset;
        return out;
    }

    static std::string offsetText(int offsetSeconds)
    /// "+HH:MM" / "-HH:MM" for an offset in seconds.
    {
        const int a = offsetSeconds < 0 ? -offsetSeconds : offsetSeconds;
        char buf[16];
        std::snprintf(buf, sizeof buf, "%c%02d:%02d", offsetSeconds < 0 ? '-' : '+', a / 3600, (a / 60) % 60);
        return buf;
    }

    static std::string formatInstant(int64_t unixSeconds, int offsetSeconds)
    /// The wall-clock time of unixSeconds in the given offset, as "YYYY-MM-DDTHH:MM:SS+HH:MM".
    {
        const int64_t local = unixSeconds + offsetSeconds;
        int64_t days = local / 86400;
        int64_t rest = local % 86400;
        if (rest < 0)
        {
            rest += 86400;
            --days;
        }
        char buf[32];
        std::snprintf(buf, sizeof buf, "T%02d:%02d:%02d", static_cast<int>(rest / 3600),
                      static_cast<int>(rest / 60 % 60), static_cast<int>(rest % 60));
        return dayText(days) + buf + offsetText(offsetSeconds);
    }

private:
    static std::optional<int> digits(const std::string& text, std::size_t pos, std::size_t n)
    {
        if (pos + n > text.size())
            return std::nullopt;
        int value = 0;
        for (std::size_t i = pos; i < pos + n; ++i)
        {
            if (text[i] < '0' || text[i] > '9')
                return std::nullopt;
            value = value * 10 + (text[i] - '0');
        }
        return value;
    }
};

} // namespace v1
} // namespace omcp

#endif // OURA_MCP_CIVIL_TIME_HPP

// plugins/common/TimeSeries.hpp -- instants and interval buckets for the time-series plugins (heart rate,
// ring battery). Header-only; compiled into each plugin that includes it.
//
// Samples arrive as ISO-8601 timestamps with their own offset ("2024-12-13T12:31:21+00:00"). Buckets are
// aligned on the wall clock of that offset, so they follow whatever offset the host hands over (UTC today;
// the user's offset if the host ever localises the rows) without the plugin guessing a time zone.
#ifndef OURA_MCP_PLUGINS_TIME_SERIES_HPP
#define OURA_MCP_PLUGINS_TIME_SERIES_HPP

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>

namespace OuraMcp::Domain {

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil algorithm).
inline int64_t daysFromCivil(int64_t y, unsigned m, unsigned d)
{
    y -= m <= 2;
    const int64_t era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

/// The civil date of a day number (inverse of daysFromCivil), as "YYYY-MM-DD".
inline std::string civilFromDays(int64_t z)
{
    z += 719468;
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

/// The day number of "YYYY-MM-DD", or nothing if the text is not shaped like one.
inline std::optional<int64_t> dayNumber(const std::string& iso)
{
    unsigned y = 0, m = 0, d = 0;
    if (iso.size() < 10 || std::sscanf(iso.c_str(), "%4u-%2u-%2u", &y, &m, &d) != 3 || m < 1 || m > 12 ||
        d < 1 || d > 31)
        return std::nullopt;
    return daysFromCivil(y, m, d);
}

/// An instant with the offset it was written in.
struct Instant
{
    int64_t unixSeconds = 0; ///< seconds since the epoch (UTC), fraction dropped
    int offsetSeconds = 0;   ///< the written offset, east positive
};

/// Parses "YYYY-MM-DDTHH:MM:SS[.fff](Z|+HH:MM|-HH:MM)". Only full datetimes with an offset are accepted:
/// without one the instant depends on a time zone the plugin does not know.
inline std::optional<Instant> parseInstant(const std::string& text)
{
    unsigned y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0;
    int consumed = 0;
    if (std::sscanf(text.c_str(), "%4u-%2u-%2u%*1[Tt ]%2u:%2u:%2u%n", &y, &mo, &d, &h, &mi, &s, &consumed) !=
            6 ||
        consumed != 19)
        return std::nullopt;
    if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 60)
        return std::nullopt;
    std::size_t pos = 19;
    if (pos < text.size() && text[pos] == '.')
    {
        ++pos;
        while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9')
            ++pos;
    }
    int offset = 0;
    if (pos < text.size() && (text[pos] == 'Z' || text[pos] == 'z'))
        ++pos;
    else if (pos < text.size() && (text[pos] == '+' || text[pos] == '-'))
    {
        unsigned oh = 0, om = 0;
        int n = 0;
        if (std::sscanf(text.c_str() + pos + 1, "%2u:%2u%n", &oh, &om, &n) != 2 || n != 5 || oh > 23 ||
            om > 59)
            return std::nullopt;
        offset = static_cast<int>((oh * 60 + om) * 60) * (text[pos] == '-' ? -1 : 1);
        pos += 6;
    }
    else
        return std::nullopt;
    if (pos != text.size())
        return std::nullopt;
    Instant out;
    out.offsetSeconds = offset;
    out.unixSeconds = daysFromCivil(y, mo, d) * 86400 + h * 3600 + mi * 60 + s - offset;
    return out;
}

/// "+HH:MM" / "-HH:MM" for an offset in seconds.
inline std::string offsetText(int offsetSeconds)
{
    const int a = offsetSeconds < 0 ? -offsetSeconds : offsetSeconds;
    char buf[16];
    std::snprintf(buf, sizeof buf, "%c%02d:%02d", offsetSeconds < 0 ? '-' : '+', a / 3600, (a / 60) % 60);
    return buf;
}

/// The wall-clock time of unixSeconds in the given offset, as "YYYY-MM-DDTHH:MM:SS+HH:MM".
inline std::string formatInstant(int64_t unixSeconds, int offsetSeconds)
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
    return civilFromDays(days) + buf + offsetText(offsetSeconds);
}

/// The start of the bucket of `seconds` length holding the instant, on the wall clock of its own offset.
inline int64_t bucketStart(const Instant& at, int64_t seconds)
{
    const int64_t local = at.unixSeconds + at.offsetSeconds;
    int64_t start = local - (local % seconds + seconds) % seconds;
    return start - at.offsetSeconds;
}

/// A value rounded to one decimal (means are reported that way).
inline double round1(double v)
{
    return std::round(v * 10.0) / 10.0;
}

} // namespace OuraMcp::Domain

#endif // OURA_MCP_PLUGINS_TIME_SERIES_HPP

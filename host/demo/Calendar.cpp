#include "demo/Calendar.h"

#include <cctype>
#include <cstdio>

namespace OuraMcp::Demo {

namespace {

std::int64_t floorDiv(std::int64_t a, std::int64_t b)
{
    std::int64_t q = a / b;
    if ((a % b != 0) && ((a < 0) != (b < 0)))
        --q;
    return q;
}

bool isLeap(int year)
{
    return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

int daysInMonth(int year, int month)
{
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return month == 2 && isLeap(year) ? 29 : days[month - 1];
}

// Reads exactly n digits at text[pos]; -1 if they are not all digits.
int digits(const std::string& text, std::size_t pos, std::size_t n)
{
    if (pos + n > text.size())
        return -1;
    int value = 0;
    for (std::size_t i = pos; i < pos + n; ++i)
    {
        if (!std::isdigit(static_cast<unsigned char>(text[i])))
            return -1;
        value = value * 10 + (text[i] - '0');
    }
    return value;
}

std::int64_t lastSundayUtc(int year, int month)
{
    const int lastDay = daysInMonth(year, month);
    const std::int64_t day = Calendar::dayNumber(year, month, lastDay);
    const int back = (Calendar::weekday(day) + 1) % 7; // Sunday = 6 -> 0
    return (day - back) * 86400 + 3600;                // 01:00 UTC
}

std::string formatOffset(int offsetSeconds)
{
    char buffer[32];
    const int minutes = (offsetSeconds < 0 ? -offsetSeconds : offsetSeconds) / 60;
    std::snprintf(buffer, sizeof buffer, "%c%02d:%02d", offsetSeconds < 0 ? '-' : '+', minutes / 60,
                  minutes % 60);
    return buffer;
}

std::string formatWall(std::int64_t wallSeconds, bool milliseconds)
{
    const std::int64_t day = floorDiv(wallSeconds, 86400);
    const std::int64_t sod = wallSeconds - day * 86400;
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "T%02d:%02d:%02d%s", static_cast<int>(sod / 3600),
                  static_cast<int>(sod / 60 % 60), static_cast<int>(sod % 60), milliseconds ? ".000" : "");
    return Calendar::formatDay(day) + buffer;
}

} // namespace

std::int64_t Calendar::dayNumber(int year, int month, int day)
{
    // Howard Hinnant's days_from_civil algorithm.
    const int y = year - (month <= 2 ? 1 : 0);
    const std::int64_t era = floorDiv(y, 400);
    const std::int64_t yoe = y - era * 400;
    const std::int64_t doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
    const std::int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

void Calendar::civil(std::int64_t dayNumber, int& year, int& month, int& day)
{
    const std::int64_t z = dayNumber + 719468;
    const std::int64_t era = floorDiv(z, 146097);
    const std::int64_t doe = z - era * 146097;
    const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const std::int64_t mp = (5 * doy + 2) / 153;
    day = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
    month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
    year = static_cast<int>(yoe + era * 400 + (month <= 2 ? 1 : 0));
}

std::optional<std::int64_t> Calendar::parseDay(const std::string& text)
{
    if (text.size() != 10 || text[4] != '-' || text[7] != '-')
        return std::nullopt;
    const int year = digits(text, 0, 4);
    const int month = digits(text, 5, 2);
    const int day = digits(text, 8, 2);
    if (year < 0 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month))
        return std::nullopt;
    return dayNumber(year, month, day);
}

std::string Calendar::formatDay(std::int64_t dayNumber)
{
    int year = 0;
    int month = 0;
    int day = 0;
    civil(dayNumber, year, month, day);
    char buffer[48];
    std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02d", year, month, day);
    return buffer;
}

int Calendar::weekday(std::int64_t dayNumber)
{
    // 1970-01-01 was a Thursday (3 when Monday is 0).
    return static_cast<int>(((dayNumber + 3) % 7 + 7) % 7);
}

int Calendar::offsetAt(std::int64_t utcSeconds)
{
    int year = 0;
    int month = 0;
    int day = 0;
    civil(floorDiv(utcSeconds, 86400), year, month, day);
    const bool summer = utcSeconds >= lastSundayUtc(year, 3) && utcSeconds < lastSundayUtc(year, 10);
    return summer ? 7200 : 3600;
}

std::int64_t Calendar::localToUtc(std::int64_t dayNumber, std::int64_t secondsOfDay)
{
    const std::int64_t wall = dayNumber * 86400 + secondsOfDay;
    // Try the summer offset first so that a repeated autumn hour maps to its first occurrence.
    for (int offset : {7200, 3600})
    {
        const std::int64_t utc = wall - offset;
        if (offsetAt(utc) == offset)
            return utc;
    }
    return wall - 3600; // the skipped spring hour: read it with the winter offset (lands after the jump)
}

std::int64_t Calendar::utcToLocalWall(std::int64_t utcSeconds)
{
    return utcSeconds + offsetAt(utcSeconds);
}

std::string Calendar::formatLocal(std::int64_t utcSeconds, bool milliseconds)
{
    const int offset = offsetAt(utcSeconds);
    return formatWall(utcSeconds + offset, milliseconds) + formatOffset(offset);
}

std::string Calendar::formatUtc(std::int64_t utcSeconds)
{
    return formatWall(utcSeconds, false) + "+00:00";
}

std::string Calendar::formatWallUtc(std::int64_t dayNumber, std::int64_t secondsOfDay)
{
    return formatWall(dayNumber * 86400 + secondsOfDay, false) + "+00:00";
}

std::optional<std::int64_t> Calendar::parseDateTime(const std::string& text)
{
    if (!text.empty() && text.size() <= 12)
    {
        bool numeric = true;
        for (char c : text)
            numeric = numeric && std::isdigit(static_cast<unsigned char>(c));
        if (numeric)
            return std::stoll(text);
    }
    if (text.size() < 16 || (text[10] != 'T' && text[10] != 't' && text[10] != ' '))
        return std::nullopt;
    const auto day = parseDay(text.substr(0, 10));
    const int hour = digits(text, 11, 2);
    const int minute = digits(text, 14, 2);
    if (!day || hour < 0 || hour > 23 || text[13] != ':' || minute < 0 || minute > 59)
        return std::nullopt;
    std::size_t pos = 16;
    int second = 0;
    if (pos < text.size() && text[pos] == ':')
    {
        second = digits(text, pos + 1, 2);
        if (second < 0 || second > 59)
            return std::nullopt;
        pos += 3;
        if (pos < text.size() && (text[pos] == '.' || text[pos] == ','))
        {
            ++pos;
            const std::size_t start = pos;
            while (pos < text.size() && std::isdigit(static_cast<unsigned char>(text[pos])))
                ++pos;
            if (pos == start)
                return std::nullopt;
        }
    }
    const std::int64_t wall = *day * 86400 + hour * 3600 + minute * 60 + second;
    if (pos == text.size())
        return localToUtc(*day, hour * 3600 + minute * 60 + second);
    if ((text[pos] == 'Z' || text[pos] == 'z') && pos + 1 == text.size())
        return wall;
    if (text[pos] != '+' && text[pos] != '-')
        return std::nullopt;
    const int offHour = digits(text, pos + 1, 2);
    int offMinute = 0;
    std::size_t end = pos + 3;
    if (end < text.size())
    {
        if (text[end] == ':')
            ++end;
        offMinute = digits(text, end, 2);
        end += 2;
    }
    if (offHour < 0 || offHour > 23 || offMinute < 0 || offMinute > 59 || end != text.size())
        return std::nullopt;
    const int offset = (offHour * 3600 + offMinute * 60) * (text[pos] == '-' ? -1 : 1);
    return wall - offset;
}

} // namespace OuraMcp::Demo

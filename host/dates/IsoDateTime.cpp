#include "dates/IsoDateTime.h"

namespace OuraMcp::Dates {

namespace {

/// Reads exactly `count` decimal digits at `pos`, advancing it.
bool readDigits(const std::string& text, size_t& pos, size_t count, int& value)
{
    if (pos + count > text.size())
        return false;
    int v = 0;
    for (size_t i = 0; i < count; ++i)
    {
        const char c = text[pos + i];
        if (c < '0' || c > '9')
            return false;
        v = v * 10 + (c - '0');
    }
    value = v;
    pos += count;
    return true;
}

} // namespace

std::optional<IsoDateTime> IsoDateTime::parse(const std::string& text)
{
    if (text.size() < 16)
        return std::nullopt;
    const auto date = CivilDate::fromIso(text.substr(0, 10));
    if (!date)
        return std::nullopt;
    if (text[10] != 'T' && text[10] != 't' && text[10] != ' ')
        return std::nullopt;

    size_t pos = 11;
    int hour = 0;
    int minute = 0;
    int second = 0;
    if (!readDigits(text, pos, 2, hour) || pos >= text.size() || text[pos] != ':')
        return std::nullopt;
    ++pos;
    if (!readDigits(text, pos, 2, minute))
        return std::nullopt;
    if (pos < text.size() && text[pos] == ':')
    {
        ++pos;
        if (!readDigits(text, pos, 2, second))
            return std::nullopt;
    }
    if (hour > 23 || minute > 59 || second > 60)
        return std::nullopt;
    if (second == 60)
        second = 59; // a leap second; Unix time has none

    IsoDateTime result;
    result.date = *date;
    result.secondsOfDay = hour * 3600 + minute * 60 + second;

    if (pos < text.size() && (text[pos] == '.' || text[pos] == ','))
    {
        ++pos;
        const size_t start = pos;
        int millis = 0;
        while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9')
        {
            if (pos - start < 3)
                millis = millis * 10 + (text[pos] - '0');
            ++pos;
        }
        if (pos == start)
            return std::nullopt;
        for (size_t digits = pos - start; digits < 3; ++digits)
            millis *= 10;
        result.milliseconds = millis;
    }

    if (pos == text.size())
        return result;
    if (text[pos] == 'Z' || text[pos] == 'z')
    {
        if (pos + 1 != text.size())
            return std::nullopt;
        result.offsetSeconds = 0;
        return result;
    }
    if (text[pos] != '+' && text[pos] != '-')
        return std::nullopt;
    const int sign = text[pos] == '-' ? -1 : 1;
    ++pos;
    int offHours = 0;
    int offMinutes = 0;
    if (!readDigits(text, pos, 2, offHours))
        return std::nullopt;
    if (pos < text.size())
    {
        if (text[pos] == ':')
            ++pos;
        if (!readDigits(text, pos, 2, offMinutes))
            return std::nullopt;
    }
    if (pos != text.size() || offHours > 23 || offMinutes > 59)
        return std::nullopt;
    result.offsetSeconds = sign * (offHours * 3600 + offMinutes * 60);
    return result;
}

std::optional<int64_t> IsoDateTime::toUnixMs() const
{
    if (!offsetSeconds)
        return std::nullopt;
    const int64_t seconds = date.toDaysSinceEpoch() * 86400 + secondsOfDay - *offsetSeconds;
    return seconds * 1000 + milliseconds;
}

} // namespace OuraMcp::Dates

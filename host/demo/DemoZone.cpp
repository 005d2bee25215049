#include "demo/DemoZone.h"

#include "dates/CivilDate.h"
#include "dates/FloorDiv.h"
#include "dates/IsoDateTime.h"
#include "dates/TimeZone.h"

#include <cctype>

namespace OuraMcp::Demo {

namespace {

const Dates::TimeZone& zone()
{
    static const Dates::TimeZone berlin = Dates::TimeZone::fromPosixRule(DemoZone::kPosixRule);
    return berlin;
}

const Dates::TimeZone& utc()
{
    static const Dates::TimeZone zulu = Dates::TimeZone::utc();
    return zulu;
}

} // namespace

std::int64_t DemoZone::dayNumber(int year, int month, int day)
{
    return Dates::CivilDate(year, static_cast<unsigned>(month), static_cast<unsigned>(day))
        .toDaysSinceEpoch();
}

std::optional<std::int64_t> DemoZone::parseDay(const std::string& text)
{
    const auto date = Dates::CivilDate::fromIso(text);
    if (!date)
        return std::nullopt;
    return date->toDaysSinceEpoch();
}

std::string DemoZone::formatDay(std::int64_t dayNumber)
{
    return Dates::CivilDate::fromDaysSinceEpoch(dayNumber).toIso();
}

int DemoZone::weekday(std::int64_t dayNumber)
{
    return static_cast<int>(Dates::CivilDate::fromDaysSinceEpoch(dayNumber).dayOfWeek());
}

int DemoZone::offsetAt(std::int64_t utcSeconds)
{
    return zone().offsetSecondsAt(utcSeconds * 1000);
}

std::int64_t DemoZone::localToUtc(std::int64_t dayNumber, std::int64_t secondsOfDay)
{
    const std::int64_t wall = dayNumber * 86400 + secondsOfDay;
    // Try the summer offset first so that a repeated autumn hour maps to its first occurrence.
    for (int offset : {7200, 3600})
    {
        const std::int64_t instant = wall - offset;
        if (offsetAt(instant) == offset)
            return instant;
    }
    return wall - 3600; // the skipped spring hour: read it with the winter offset (lands after the jump)
}

std::int64_t DemoZone::utcToLocalWall(std::int64_t utcSeconds)
{
    return utcSeconds + offsetAt(utcSeconds);
}

std::string DemoZone::formatLocal(std::int64_t utcSeconds, bool milliseconds)
{
    std::string text = zone().localIso(utcSeconds * 1000); // "YYYY-MM-DDTHH:MM:SS+HH:MM"
    if (milliseconds)
        text.insert(19, ".000");
    return text;
}

std::string DemoZone::formatUtc(std::int64_t utcSeconds)
{
    return utc().localIso(utcSeconds * 1000);
}

std::string DemoZone::formatWallUtc(std::int64_t dayNumber, std::int64_t secondsOfDay)
{
    return formatUtc(dayNumber * 86400 + secondsOfDay);
}

std::optional<std::int64_t> DemoZone::parseDateTime(const std::string& text)
{
    if (!text.empty() && text.size() <= 12)
    {
        bool numeric = true;
        for (char c : text)
            numeric = numeric && std::isdigit(static_cast<unsigned char>(c));
        if (numeric)
            return std::stoll(text);
    }
    const auto parsed = Dates::IsoDateTime::parse(text);
    if (!parsed)
        return std::nullopt;
    if (const auto unixMs = parsed->toUnixMs())
        return Dates::floorDiv(*unixMs, int64_t{1000});
    return localToUtc(parsed->date.toDaysSinceEpoch(), parsed->secondsOfDay);
}

} // namespace OuraMcp::Demo

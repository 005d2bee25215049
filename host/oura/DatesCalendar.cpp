#include "oura/DatesCalendar.h"

#include "dates/DateResolver.h"
#include "dates/IsoDateTime.h"

namespace OuraMcp::Oura {

DatesCalendar::DatesCalendar(const Dates::DateResolver& resolver) : _resolver(resolver) {}

DayCalendar::Days DatesCalendar::resolve(const std::string& start, const std::string& end) const
{
    const auto result = _resolver.resolve(start, end);
    Days days;
    if (!result.ok())
    {
        days.error = result.error.empty()
                         ? "The dates could not be read. " + Dates::DateResolver::acceptedForms()
                         : result.error;
        return days;
    }
    days.start = result.range->start.toIso();
    days.end = result.range->end.toIso();
    return days;
}

std::string DatesCalendar::today() const
{
    return _resolver.today().toIso();
}

std::string DatesCalendar::localMidnightIso(const std::string& day) const
{
    const auto date = Dates::CivilDate::fromIso(day);
    if (!date)
        return {};
    return _resolver.zone().localMidnightIso(*date);
}

std::string DatesCalendar::localIso(const std::string& timestamp) const
{
    const auto parsed = Dates::IsoDateTime::parse(timestamp);
    if (!parsed || !parsed->offsetSeconds)
        return {};
    const auto unixMs = parsed->toUnixMs();
    return unixMs ? _resolver.zone().localIso(*unixMs) : std::string();
}

} // namespace OuraMcp::Oura

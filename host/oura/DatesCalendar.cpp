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
    days.range = *result.range;
    return days;
}

Dates::CivilDate DatesCalendar::today() const
{
    return _resolver.today();
}

std::string DatesCalendar::localMidnightIso(const Dates::CivilDate& day) const
{
    return _resolver.zone().localMidnightIso(day);
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

#pragma once

#include "oura/DayCalendar.h"

namespace OuraMcp::Dates {
class DateResolver;
}

namespace OuraMcp::Oura {

/// DayCalendar over the dates room's DateResolver (which also knows the user's TimeZone and the clock).
class DatesCalendar : public DayCalendar
{
public:
    explicit DatesCalendar(const Dates::DateResolver& resolver);
    /// Keeps a reference: the resolver must outlive this object.

    Days resolve(const std::string& start, const std::string& end) const override;
    Dates::CivilDate today() const override;
    std::string localMidnightIso(const Dates::CivilDate& day) const override;
    std::string localIso(const std::string& timestamp) const override;

private:
    const Dates::DateResolver& _resolver;
};

} // namespace OuraMcp::Oura

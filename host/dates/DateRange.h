#pragma once

#include "dates/CivilDate.h"

namespace OuraMcp::Dates {

/// An inclusive range of the user's calendar days: both start and end belong to it, start <= end.
struct DateRange
{
    CivilDate start;
    CivilDate end;

    int64_t dayCount() const { return end.daysFrom(start) + 1; }
    /// Number of days in the range, both ends counted.

    bool contains(const CivilDate& d) const { return start <= d && d <= end; }

    bool operator==(const DateRange& o) const { return start == o.start && end == o.end; }
    bool operator!=(const DateRange& o) const { return !(*this == o); }
};

} // namespace OuraMcp::Dates

#pragma once

#include "dates/DateRange.h"

#include <string>

namespace OuraMcp::Oura {

/// What the collection service needs to know about the user's calendar: how user date text becomes an
/// inclusive range of days, which day it is, and when a day starts in the user's time zone. Implemented by
/// DatesCalendar over the dates room; tests use a fixed calendar. Thread-safe.
class DayCalendar
{
public:
    virtual ~DayCalendar() = default;

    struct Days
    {
        Dates::DateRange range; ///< the inclusive days, when ok()
        std::string error;      ///< set when the text could not be read: a sentence for the user
        bool ok() const { return error.empty(); }
    };

    virtual Days resolve(const std::string& start, const std::string& end) const = 0;
    /// User text ("2024-05-01", "yesterday", "last week", "" for the default) to inclusive days.

    virtual Dates::CivilDate today() const = 0;
    /// The user's local date.

    virtual std::string localMidnightIso(const Dates::CivilDate& day) const = 0;
    /// The first instant of day in the user's zone, "2024-05-01T00:00:00+02:00".

    virtual std::string localIso(const std::string& timestamp) const
    {
        (void)timestamp;
        return {};
    }
    /// The same instant in the user's zone ("2024-04-30T23:05:00+00:00" -> "2024-05-01T01:05:00+02:00"),
    /// or "" if the text is not an ISO datetime (callers then keep it). Time series arrive in UTC; this
    /// gives plugins local wall-clock times, so "per day" means the user's days.
};

} // namespace OuraMcp::Oura

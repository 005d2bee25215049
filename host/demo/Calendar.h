#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace OuraMcp::Demo {

/// The small amount of calendar arithmetic the demo dataset needs, kept private to this room so that it
/// does not depend on the dates room. Days are counted from 1970-01-01 (day 0); instants are Unix seconds.
/// The demo person lives in a Europe/Berlin-like zone: UTC+01:00 in winter, UTC+02:00 from the last Sunday
/// of March 01:00 UTC to the last Sunday of October 01:00 UTC (the EU rule).
class Calendar
{
public:
    static std::int64_t dayNumber(int year, int month, int day);
    /// Days since 1970-01-01 for a proleptic Gregorian date.

    static void civil(std::int64_t dayNumber, int& year, int& month, int& day);

    static std::optional<std::int64_t> parseDay(const std::string& text);
    /// Strict "YYYY-MM-DD" with a real month and day; nullopt otherwise.

    static std::string formatDay(std::int64_t dayNumber);
    /// "YYYY-MM-DD".

    static int weekday(std::int64_t dayNumber);
    /// 0 = Monday ... 6 = Sunday.

    static int offsetAt(std::int64_t utcSeconds);
    /// The zone's UTC offset in seconds at an instant (3600 or 7200).

    static std::int64_t localToUtc(std::int64_t dayNumber, std::int64_t secondsOfDay);
    /// The instant at which the local wall clock reads dayNumber + secondsOfDay. Wall times that occur twice
    /// (autumn) resolve to the first; wall times that do not exist (spring) are shifted forward.

    static std::int64_t utcToLocalWall(std::int64_t utcSeconds);
    /// Local wall-clock seconds since 1970-01-01T00:00 (i.e. utc + offset).

    static std::string formatLocal(std::int64_t utcSeconds, bool milliseconds = false);
    /// "2024-10-10T01:01:59+02:00" (or "...59.000+02:00") in the zone.

    static std::string formatUtc(std::int64_t utcSeconds);
    /// "2024-12-13T12:31:21+00:00".

    static std::string formatWallUtc(std::int64_t dayNumber, std::int64_t secondsOfDay);
    /// "<day>T<hh:mm:ss>+00:00", the style Oura uses for some daily timestamps (e.g. "T00:00:00+00:00").

    static std::optional<std::int64_t> parseDateTime(const std::string& text);
    /// Reads an ISO-8601 date-time ("YYYY-MM-DDTHH:MM[:SS[.fff]]" with "Z", "+HH:MM", "-HH:MM" or no offset;
    /// no offset means local wall time) and returns the instant in Unix seconds (fractions dropped).
    /// Also accepts a plain integer as Unix seconds (as pydantic does). nullopt if unreadable.
};

} // namespace OuraMcp::Demo

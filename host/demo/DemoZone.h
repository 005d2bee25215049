#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace OuraMcp::Demo {

/// The wall clock of the demo person, who lives in Europe/Berlin time: a Dates::TimeZone made of the POSIX
/// rule "CET-1CEST,M3.5.0,M10.5.0/3" (UTC+01:00, and UTC+02:00 from the last Sunday of March to the last
/// Sunday of October), so that no daylight-saving rule and no calendar arithmetic live in the demo room.
/// The dataset counts days from 1970-01-01 (day 0) and instants in Unix seconds; this class converts
/// between them and the text Oura writes, always through the dates room. Thread-safe.
class DemoZone
{
public:
    static constexpr const char* kPosixRule = "CET-1CEST,M3.5.0,M10.5.0/3";

    static std::int64_t dayNumber(int year, int month, int day);
    /// Days since 1970-01-01 of a real date; throws std::invalid_argument for one that does not exist.

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
    /// Reads an ISO-8601 date-time (Dates::IsoDateTime; without an offset it is local wall time in this
    /// zone) and returns the instant in Unix seconds (fractions dropped). Also accepts a plain integer as
    /// Unix seconds (as pydantic does). nullopt if unreadable.
};

} // namespace OuraMcp::Demo

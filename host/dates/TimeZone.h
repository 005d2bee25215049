#pragma once

#include "dates/CivilDate.h"

#include <cstdint>
#include <memory>
#include <string>

namespace OuraMcp::Dates {

/// The user's time zone, read from the system's tzdata (TZif files under /usr/share/zoneinfo, or $TZDIR; on
/// Windows the copy of Debian's tzdata the package ships).
/// The files are parsed here rather than through localtime_r, so any number of zones can be used at once
/// from any thread without touching the process-wide TZ. v1, v2 and v3+ files are read; instants after
/// the last transition in the file follow its POSIX footer rule (needed for "slim" tzdata builds and for
/// dates after 2037 in "fat" ones). Leap-second ("right/") zones are read as if they had none.
///
/// Copies are cheap (shared immutable data) and every method is thread-safe.
///
/// Runtime dependency: the Debian package tzdata. Without it only "UTC"/"Etc/UTC"/"GMT" and POSIX rule
/// strings ("CET-1CEST,M3.5.0,M10.5.0/3") work, and fromName says so in its error.
class TimeZone
{
public:
    TimeZone();
    /// UTC.

    static TimeZone fromName(const std::string& name);
    /// An IANA name ("Europe/Berlin"; a leading ':' is ignored), a POSIX rule string, or "" for the process
    /// default (Platform::LocalZone): on POSIX $TZ (a zone name, an absolute TZif path or a POSIX rule) if
    /// set, UTC if set but empty, otherwise /etc/localtime, otherwise UTC; on Windows the zone chosen in
    /// Windows' settings, by its IANA name. Throws std::invalid_argument with a message that names the
    /// input and says what is accepted, for an unknown name, a path outside the zone directory, or a
    /// damaged file.

    static TimeZone utc();

    static TimeZone fromPosixRule(const std::string& rule);
    /// A zone made of a POSIX TZ rule only. Throws std::invalid_argument if it does not parse.

    static TimeZone fromTzif(const std::string& name, const std::string& bytes);
    /// A zone from the bytes of a TZif file (for tests and for unusual installations). Throws
    /// std::invalid_argument if the data is malformed.

    CivilDate localDate(int64_t unixMs) const;
    /// The user's calendar date at that instant.

    int offsetSecondsAt(int64_t unixMs) const;
    /// UTC offset in seconds at that instant, east positive (Berlin in summer: 7200).

    int64_t localMidnightUnixMs(const CivilDate& date) const;
    /// The first instant whose local date is `date`: local 00:00, or the end of the gap on the rare days
    /// whose midnight is skipped by a DST change (the day then starts at 01:00).

    std::string localMidnightIso(const CivilDate& date) const;
    /// That instant as local time with its offset: "2024-05-01T00:00:00+02:00" ("+HH:MM:SS" only for the
    /// historical local-mean-time offsets that are not whole minutes).

    std::string localIso(int64_t unixMs) const;
    /// The instant as an ISO datetime in this zone with its offset at that instant, to the second:
    /// "2024-05-01T01:05:00+02:00".

    std::string name() const;
    /// The IANA name when known ("Europe/Berlin", also for the default zone when /etc/localtime or $TZ
    /// names one), else the rule string or "localtime".

    static std::string zoneInfoDir();
    /// $TZDIR if set and non-empty, else /usr/share/zoneinfo (on Windows the zoneinfo shipped beside the
    /// program: Platform::LocalZone::zoneinfoDir()).

    struct Data;

private:
    explicit TimeZone(std::shared_ptr<const Data> data);

    static TimeZone processDefault();
    static TimeZone fromFile(const std::string& path, const std::string& name, const std::string& shownInput);

    int offsetAtSeconds(int64_t unixSeconds) const;

    std::shared_ptr<const Data> _data;
};

} // namespace OuraMcp::Dates

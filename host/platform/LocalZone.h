#pragma once

#include <string>

namespace OuraMcp::Platform {

/// Where the system keeps its time zone data and which zone it calls local. Dates::TimeZone parses the
/// TZif files itself; this says only which ones.
///
/// POSIX: $TZ (a zone name, an absolute TZif path or a POSIX rule; set but empty means UTC), otherwise
/// /etc/localtime, named by its symbolic link into zoneinfo/ or by /etc/timezone.
/// Windows: the zone chosen in Windows' settings (GetDynamicTimeZoneInformation's key name, such as "Tokyo
/// Standard Time"), mapped to its IANA name through CLDR's windowsZones table for the user's country
/// (GetUserGeoID), else for CLDR's default territory "001". $TZ is not read there: Wine passes the Unix
/// side's TZ through and the C runtime's TZ is a POSIX rule, while the Windows setting is what the user
/// chose (and Wine derives it from the Unix zone). A key CLDR does not know becomes a POSIX rule made of the
/// key's offsets and transition dates.
struct LocalZone
{
    std::string name;
    ///< An IANA name or a POSIX rule to look up; with file set, the name shown for that file ("localtime"
    ///< when unknown); "" without a file means UTC.

    std::string file;
    ///< A TZif file to read as it is, not looked up below zoneinfoDir(); usually "".

    std::string source;
    ///< What named the zone, put before an error about it ("the TZ environment variable"); "" if the
    ///< error needs no such prefix.

#ifdef _WIN32
    static constexpr const char* kZoneVariable = nullptr;
#else
    static constexpr const char* kZoneVariable = "TZ";
#endif
    ///< The environment variable that names the local zone the C library's way, for Settings to read as a
    ///< low-precedence alias of OURA_MCP_TIME_ZONE: "TZ" on POSIX; none on Windows, where Wine passes the
    ///< Unix side's TZ through and the C runtime's TZ is a POSIX rule, while the zone chosen in Windows'
    ///< settings is what current() reports.

    static LocalZone current();
    /// The process's local zone now (read on every call; the caller keeps what it needs).

    static bool isSafeName(const std::string& name);
    /// True for a zone name that may be looked up below zoneinfoDir(): letters, digits and "/_-+." only, no
    /// absolute path, no empty, "." or ".." part (a name from a file or a user goes nowhere else).

    static std::string zoneinfoDir();
    /// The folder of TZif files: $TZDIR if set and non-empty, else on POSIX /usr/share/zoneinfo; on Windows
    /// <folder of the .exe>/../share/zoneinfo (what the package ships, from Debian's tzdata), else the copy
    /// in the build tree the program was built in (for tests run there), else the first.
};

} // namespace OuraMcp::Platform

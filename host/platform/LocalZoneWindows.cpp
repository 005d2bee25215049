#include "platform/LocalZone.h"

#include "platform/ExecutablePath.h"
#include "platform/WideString.h"
#include "platform/WindowsZones.h"

#include <windows.h>

#include <cstdio>
#include <cstdlib>

namespace OuraMcp::Platform {

namespace {

std::string environmentVariable(const wchar_t* name)
{
    const DWORD size = ::GetEnvironmentVariableW(name, nullptr, 0);
    if (size == 0)
        return std::string();
    std::wstring value(size, L'\0');
    const DWORD length = ::GetEnvironmentVariableW(name, value.data(), size);
    if (length == 0 || length >= size)
        return std::string();
    value.resize(length);
    return narrow(value);
}

bool isDirectory(const std::string& path)
{
    const DWORD attributes = ::GetFileAttributesW(widen(path).c_str());
    return attributes != INVALID_FILE_ATTRIBUTES && (attributes & FILE_ATTRIBUTE_DIRECTORY) != 0;
}

/// path with "." and ".." resolved (no link is followed), as error messages should show it.
std::string fullPath(const std::string& path)
{
    const std::wstring wide = widen(path);
    const DWORD size = ::GetFullPathNameW(wide.c_str(), 0, nullptr, nullptr);
    if (size == 0)
        return path;
    std::wstring full(size, L'\0');
    const DWORD length = ::GetFullPathNameW(wide.c_str(), size, full.data(), nullptr);
    if (length == 0 || length >= size)
        return path;
    full.resize(length);
    return narrow(full);
}

/// The user's country as ISO 3166 alpha-2 ("JP"), or "" if Windows has none set.
std::string userTerritory()
{
    const GEOID nation = ::GetUserGeoID(GEOCLASS_NATION);
    if (nation == GEOID_NOT_AVAILABLE)
        return std::string();
    wchar_t code[16] = {};
    if (::GetGeoInfoW(nation, GEO_ISO2, code, 16, 0) == 0)
        return std::string();
    return narrow(code);
}

/// "<+0530>": a POSIX zone abbreviation for an offset in minutes east of UTC, as tzdata writes them.
std::string offsetName(long minutesEast)
{
    const char sign = minutesEast < 0 ? '-' : '+';
    const long a = minutesEast < 0 ? -minutesEast : minutesEast;
    char buf[16];
    if (a % 60 != 0)
        std::snprintf(buf, sizeof buf, "<%c%02ld%02ld>", sign, a / 60, a % 60);
    else
        std::snprintf(buf, sizeof buf, "<%c%02ld>", sign, a / 60);
    return buf;
}

/// "-5:30": a POSIX offset (minutes west of UTC, as Windows' Bias counts them).
std::string posixOffset(long minutesWest)
{
    const char* sign = minutesWest < 0 ? "-" : "";
    const long a = minutesWest < 0 ? -minutesWest : minutesWest;
    char buf[16];
    if (a % 60 != 0)
        std::snprintf(buf, sizeof buf, "%s%ld:%02ld", sign, a / 60, a % 60);
    else
        std::snprintf(buf, sizeof buf, "%s%ld", sign, a / 60);
    return buf;
}

/// "M3.5.0/2": Windows states a yearly transition as month, week of the month (5 = the last) and weekday,
/// which is POSIX's Mm.w.d form; both give the time in the local time that is ending.
std::string posixTransition(const SYSTEMTIME& when)
{
    char buf[48];
    std::snprintf(buf, sizeof buf, ",M%u.%u.%u/%u:%02u", static_cast<unsigned>(when.wMonth),
                  static_cast<unsigned>(when.wDay), static_cast<unsigned>(when.wDayOfWeek),
                  static_cast<unsigned>(when.wHour), static_cast<unsigned>(when.wMinute));
    return buf;
}

/// The zone as a POSIX rule, for a key CLDR does not list: right for this year's rules, without history.
std::string posixRule(const DYNAMIC_TIME_ZONE_INFORMATION& info)
{
    const long standardWest = info.Bias + info.StandardBias;
    std::string rule = offsetName(-standardWest) + posixOffset(standardWest);
    // wYear != 0 would be a one-off date, which a yearly rule cannot state: such a zone is read as
    // standard time only.
    if (info.DaylightDate.wMonth == 0 || info.DaylightDate.wYear != 0 || info.StandardDate.wYear != 0 ||
        info.DynamicDaylightTimeDisabled)
        return rule;
    const long daylightWest = info.Bias + info.DaylightBias;
    return rule + offsetName(-daylightWest) + posixOffset(daylightWest) + posixTransition(info.DaylightDate) +
           posixTransition(info.StandardDate);
}

} // namespace

LocalZone LocalZone::current()
{
    LocalZone zone;
    DYNAMIC_TIME_ZONE_INFORMATION info{};
    if (::GetDynamicTimeZoneInformation(&info) == TIME_ZONE_ID_INVALID)
    {
        zone.source = "the Windows time zone setting";
        return zone; // UTC
    }
    const std::string key = narrow(info.TimeZoneKeyName);
    zone.source = key.empty() ? std::string("the Windows time zone setting (which has no zone name)")
                              : "the Windows time zone \"" + key + "\"";
    zone.name = WindowsZones::ianaName(key, userTerritory());
    if (zone.name.empty() || info.DynamicDaylightTimeDisabled)
        zone.name = posixRule(info); // also when the user switched daylight saving time off
    return zone;
}

std::string LocalZone::zoneinfoDir()
{
    const std::string fromEnvironment = environmentVariable(L"TZDIR");
    if (!fromEnvironment.empty())
        return fromEnvironment;
    std::string shipped;
    const std::string exe = ExecutablePath::get();
    const auto slash = exe.find_last_of("\\/");
    if (slash != std::string::npos)
        shipped = fullPath(exe.substr(0, slash) + "\\..\\share\\zoneinfo");
    if (!shipped.empty() && isDirectory(shipped))
        return shipped;
#ifdef OURA_MCP_BUILD_ZONEINFO_DIR
    // The copy the build made (host/dates/CMakeLists.txt), for programs run from the build tree under Wine.
    if (isDirectory(OURA_MCP_BUILD_ZONEINFO_DIR))
        return OURA_MCP_BUILD_ZONEINFO_DIR;
#endif
    return shipped;
}

} // namespace OuraMcp::Platform

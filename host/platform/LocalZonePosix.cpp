#include "platform/LocalZone.h"

#include <climits>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include <sys/stat.h>
#include <unistd.h>

namespace OuraMcp::Platform {

namespace {

bool isReadableFile(const std::string& path)
{
    struct stat st
    {};
    if (::stat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode))
        return false;
    return std::ifstream(path, std::ios::binary).good();
}

} // namespace

LocalZone LocalZone::current()
{
    LocalZone zone;
    const char* tz = std::getenv(kZoneVariable);
    if (tz != nullptr)
    {
        zone.source = "the TZ environment variable";
        std::string value = tz;
        if (!value.empty() && value.front() == ':')
            value.erase(0, 1);
        if (!value.empty() && value.front() == '/')
        {
            const auto at = value.find("/zoneinfo/");
            zone.name = at == std::string::npos ? value : value.substr(at + 10);
            zone.file = value;
        }
        else
        {
            zone.name = value; // "" (set but empty) means UTC, as in glibc
        }
        return zone;
    }

    const std::string localtime = "/etc/localtime";
    if (!isReadableFile(localtime))
        return zone; // UTC
    zone.file = localtime;
    zone.name = "localtime";
    char target[PATH_MAX];
    const ssize_t n = ::readlink(localtime.c_str(), target, sizeof target - 1);
    if (n > 0)
    {
        const std::string link(target, static_cast<size_t>(n));
        const auto at = link.find("zoneinfo/");
        if (at != std::string::npos)
            zone.name = link.substr(at + 9);
    }
    else
    {
        std::ifstream etcTimezone("/etc/timezone");
        std::string line;
        if (etcTimezone && std::getline(etcTimezone, line) && LocalZone::isSafeName(line))
            zone.name = line;
    }
    return zone;
}

std::string LocalZone::zoneinfoDir()
{
    const char* dir = std::getenv("TZDIR");
    if (dir != nullptr && *dir != '\0')
        return dir;
    return "/usr/share/zoneinfo";
}

} // namespace OuraMcp::Platform

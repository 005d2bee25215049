#include "mcp/ProtocolVersion.h"

#include <algorithm>

namespace OuraMcp::Mcp {

namespace {

const std::vector<std::string>& legacyVersions()
{
    static const std::vector<std::string> versions{"2025-11-25", "2025-06-18", "2025-03-26", "2024-11-05"};
    return versions;
}

} // namespace

const std::vector<std::string>& ProtocolVersion::supported()
{
    static const std::vector<std::string> versions{Modern, "2025-11-25", "2025-06-18", "2025-03-26",
                                                   "2024-11-05"};
    return versions;
}

bool ProtocolVersion::isLegacy(const std::string& version)
{
    const auto& legacy = legacyVersions();
    return std::find(legacy.begin(), legacy.end(), version) != legacy.end();
}

bool ProtocolVersion::isModern(const std::string& version)
{
    return version == Modern;
}

std::string ProtocolVersion::negotiateLegacy(const std::string& requested)
{
    return isLegacy(requested) ? requested : LatestLegacy;
}

} // namespace OuraMcp::Mcp

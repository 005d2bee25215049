#pragma once

#include <string>
#include <vector>

namespace OuraMcp::Mcp {

/// The MCP revisions the engine speaks and the feature gates between them. Revisions are dates, so string
/// comparison orders them.
class ProtocolVersion
{
public:
    static constexpr const char* Modern = "2026-07-28";           ///< stateless, per-request _meta
    static constexpr const char* LatestLegacy = "2025-11-25";     ///< newest initialize-handshake revision
    static constexpr const char* BatchRevision = "2025-03-26";    ///< the only revision with JSON-RPC batches
    static constexpr const char* Revision20250618 = "2025-06-18"; ///< title, outputSchema, structuredContent
    static constexpr const char* Revision20250326 = "2025-03-26"; ///< tool annotations, progress message

    static const std::vector<std::string>& supported();
    /// Every revision served, newest first: what server/discover and -32022 errors advertise.

    static bool isLegacy(const std::string& version);
    static bool isModern(const std::string& version);

    static std::string negotiateLegacy(const std::string& requested);
    /// The initialize rule: the requested revision if supported, otherwise the latest legacy revision.

    static bool atLeast(const std::string& version, const char* revision) { return version >= revision; }
};

} // namespace OuraMcp::Mcp

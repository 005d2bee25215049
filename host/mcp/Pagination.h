#pragma once

#include "util/Json.h"

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace OuraMcp::Mcp {

/// Cursor pagination for the list methods. Cursors are opaque to clients but carry the list kind, the
/// offset and a checksum, so a cursor from another list, a truncated or a forged one is rejected (-32602)
/// instead of silently restarting. They stay valid for the life of the catalog (its order is fixed).
class Pagination
{
public:
    struct Page
    {
        std::vector<Json> items;
        std::optional<std::string> nextCursor;
    };

    static Page page(const std::vector<Json>& all, const Json& params, const std::string& kind,
                     std::size_t pageSize);
    /// params may hold "cursor" (a string); pageSize 0 means everything on one page.
    /// Throws ProtocolError(InvalidParams) for an invalid cursor.

    static std::size_t offset(const Json& params, const std::string& kind);
    /// Where the page that params asks for starts: 0 without a cursor, else the cursor's offset (never 0).
    /// Throws ProtocolError(InvalidParams) for an invalid cursor; page() also refuses one past the end.

    static std::string encode(const std::string& kind, std::size_t offset);
    static std::optional<std::size_t> decode(const std::string& cursor, const std::string& kind);
};

} // namespace OuraMcp::Mcp

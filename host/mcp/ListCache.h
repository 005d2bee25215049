#pragma once

#include "mcp/SerializedResult.h"
#include "util/Json.h"

#include <cstddef>
#include <functional>
#include <map>
#include <mutex>
#include <string>

namespace OuraMcp::Mcp {

/// The list results (tools/list, resources/list, resources/templates/list, prompts/list), each serialised
/// once per method, protocol revision, era and page: the catalog does not change once it has loaded and the
/// lists hold no user data, so a result rebuilt from the catalog would be the same bytes every time (22.9 kB
/// for tools/list with the bundled plugins). A result also depends on the ServerInfo (_meta serverInfo) and
/// ServerOptions (page size, ttlMs), so a cache is shared only by Sessions that have the same Catalog,
/// ServerInfo and ServerOptions. Bounded: the revisions are the supported ones and the pages those of the
/// catalog (the caller refuses a cursor past the end before it stores anything). Thread-safe.
class ListCache
{
public:
    using Build = std::function<Json()>;

    SerializedResult get(const std::string& key, const Build& build);
    /// The result stored under key; on a miss, build()'s result serialised and stored. What build() throws
    /// (an invalid cursor, a catalog that failed to load) passes through and stores nothing. Two threads that
    /// miss at once both build; one result is kept, and they are the same bytes.

    std::size_t size() const;
    /// The results stored.

private:
    mutable std::mutex _mutex;
    std::map<std::string, SerializedResult> _results;
};

} // namespace OuraMcp::Mcp

#include "mcp/ListCache.h"

namespace OuraMcp::Mcp {

SerializedResult ListCache::get(const std::string& key, const Build& build)
{
    {
        std::lock_guard<std::mutex> lock(_mutex);
        const auto it = _results.find(key);
        if (it != _results.end())
            return it->second;
    }
    // Built outside the lock: the first list request may wait for the catalog to load (DeferredCatalog).
    SerializedResult result(build());
    std::lock_guard<std::mutex> lock(_mutex);
    return _results.emplace(key, std::move(result)).first->second;
}

std::size_t ListCache::size() const
{
    std::lock_guard<std::mutex> lock(_mutex);
    return _results.size();
}

} // namespace OuraMcp::Mcp

#pragma once

#include "oura/ApiResponse.h"

#include <memory>
#include <set>
#include <string>

namespace OuraMcp::Oura {

/// Work a DataService started ahead of the reads that need it (DataService::prefetchDay). Destroying it
/// stops what has not finished at its next cancellation point and waits for the rest; nothing is reported.
class Prefetch
{
public:
    virtual ~Prefetch() = default;
};

/// The host's data service as the plugins' host API sees it: GET an Oura API path, or get a collection over
/// the user's days. Implementations own auth, HTTP, pagination, retries, limits, caching and the
/// collection date rules. Thread-safe: called concurrently from tool handlers.
class DataService
{
public:
    virtual ~DataService() = default;

    virtual ApiResponse get(const std::string& path, const QueryParams& query, bool allPages,
                            const CallControl& control) = 0;
    /// path is an API path such as "/v2/usercollection/personal_info" (never a URL).

    virtual ApiResponse getCollection(const CollectionQuery& query, const CallControl& control) = 0;

    virtual std::unique_ptr<Prefetch> prefetchDay(const std::string& day, const std::set<std::string>& scopes)
    {
        (void)day;
        (void)scopes;
        return nullptr;
    }
    /// A hint: the caller is about to read, one after another, several collections of one day (YYYY-MM-DD)
    /// for plugins that hold these OAuth scopes. A service may start fetching them now, so that the reads
    /// that follow join requests already in flight. Results only warm the cache; errors are left to the
    /// reads that follow. The default does nothing and returns nullptr.

    virtual std::string describe() const = 0;
    /// One line for `oura-mcp plugins`/`doctor`/logs, e.g. "demo dataset (synthetic)"; never a secret.
};

} // namespace OuraMcp::Oura

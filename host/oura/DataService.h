#pragma once

#include "dates/CivilDate.h"
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

/// The host's data service as the plugins' host API sees it: a collection over the user's days (plugins
/// never name a URL or an API path). Implementations own auth, HTTP, pagination, retries, limits, caching
/// and the collection date rules. Thread-safe: called concurrently from tool handlers.
class DataService
{
public:
    virtual ~DataService() = default;

    virtual ApiResponse getCollection(const CollectionQuery& query, const CallControl& control) = 0;

    virtual std::unique_ptr<Prefetch>
    prefetchDay(const Dates::CivilDate& day, const std::set<std::string>& scopes, const std::string& user)
    {
        (void)day;
        (void)scopes;
        (void)user;
        return nullptr;
    }
    /// A hint: the caller is about to read, one after another, several collections of one day for
    /// plugins that hold these OAuth scopes, for user (CallControl::user). A service may start fetching them now, so that the reads
    /// that follow join requests already in flight. Results only warm the cache; errors are left to the
    /// reads that follow. The default does nothing and returns nullptr.

    virtual std::string describe() const = 0;
    /// One line for `oura-mcp plugins`/`doctor`/logs, e.g. "demo dataset (synthetic)"; never a secret.
};

} // namespace OuraMcp::Oura

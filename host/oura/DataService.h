#pragma once

#include "oura/ApiResponse.h"

#include <string>

namespace OuraMcp::Oura {

/// The host's data service as the plugins' host API sees it: a collection over the user's days (plugins
/// never name a URL or an API path). Implementations own auth, HTTP, pagination, retries, limits, caching
/// and the collection date rules. Thread-safe: called concurrently from tool handlers.
class DataService
{
public:
    virtual ~DataService() = default;

    virtual ApiResponse getCollection(const CollectionQuery& query, const CallControl& control) = 0;

    virtual std::string describe() const = 0;
    /// One line for `oura-mcp plugins`/`doctor`/logs, e.g. "demo dataset (synthetic)"; never a secret.
};

} // namespace OuraMcp::Oura

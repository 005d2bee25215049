#pragma once

#include "oura/ApiResponse.h"

#include <string>

namespace OuraMcp::Oura {

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

    virtual std::string describe() const = 0;
    /// One line for `oura-mcp plugins`/`doctor`/logs, e.g. "demo dataset (synthetic)"; never a secret.
};

} // namespace OuraMcp::Oura

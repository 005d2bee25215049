#pragma once

#include "dates/DateRange.h"
#include "oura/Body.h"
#include "oura/PageIndex.h"

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace OuraMcp::Oura {

/// Why an API request did not produce data. Maps 1:1 onto the ABI's OMCP_E_* codes.
enum class ApiError
{
    None,
    InvalidArgument, ///< a date the host cannot read, an API 400/422
    NotFound,        ///< API 404
    AuthRequired,    ///< no credentials, or 401 after a refresh attempt
    Forbidden,       ///< 403: missing scope or lapsed membership; 426: app too old
    RateLimited,     ///< 429 that could not be waited out, or the client-side limiter
    Upstream,        ///< network, TLS, timeout, 5xx, malformed body
    Unsupported,     ///< not available in this mode
    Cancelled,       ///< the client cancelled
    Internal
};

using QueryParams = std::vector<std::pair<std::string, std::string>>;

/// The answer to one data request, as handed to plugins (see omcp_response).
struct ApiResponse
{
    ApiError error = ApiError::None;
    int httpStatus = 0; ///< last HTTP status received; 0 if none
    Body body;          ///< JSON text on success: the bytes read from the socket where nothing was changed
    std::shared_ptr<const PageIndex> index; ///< where body's documents are (set by ApiClient on success)
    std::string message; ///< on failure: a complete, actionable sentence; never contains a secret
    std::optional<Dates::DateRange> days; ///< collections with dates: the inclusive range served
    std::string note;                     ///< e.g. "Demo data: synthetic, not from a real ring."

    bool ok() const { return error == ApiError::None; }
};

/// Per-request hooks from the MCP side, passed down so long fetches can report and stop.
struct CallControl
{
    std::function<bool()> cancelled;                                  ///< may be empty
    std::function<void(double, double, const std::string&)> progress; ///< may be empty
    std::string requiredScope;                                        ///< the calling tool's scope
    std::string user; ///< who the call runs as (pseudonymous id); "" for the one local user (stdio)
};

/// A request for a collection over the user's inclusive days (see omcp_collection_request).
struct CollectionQuery
{
    std::string collection; ///< e.g. "daily_sleep", "sleep", "heartrate"
    std::string start;      ///< user text; empty: default
    std::string end;        ///< user text; empty: default
    QueryParams extra;      ///< extra query parameters
    bool raw = false;       ///< OMCP_COLLECTION_RAW
};

} // namespace OuraMcp::Oura

#pragma once

#include "oura/ApiResponse.h"
#include "oura/RateLimiter.h"
#include "oura/ResponseCache.h"
#include "oura/TokenProvider.h"
#include "oura/Transport.h"

#include <chrono>
#include <functional>
#include <memory>
#include <string>

namespace OuraMcp::Oura {

struct ApiClientOptions
{
    int maxAttempts = 4; ///< per request for 5xx and network errors: the first try plus 3 retries
    std::chrono::milliseconds backoffBase{500}; ///< first retry waits 50-100% of this, doubling each time
    std::chrono::milliseconds backoffMax{8000};
    std::chrono::seconds maxRetryAfter{10}; ///< a 429 asking to wait longer than this is returned, not waited
    int maxRateLimitRetries = 2;            ///< 429s waited out per request
    int maxPages = 500;                     ///< pagination cap; exceeding it is an explicit error
    std::function<bool(std::chrono::milliseconds, const CallControl&)> wait;
    ///< how to wait between tries; returns false if cancelled. Empty: CancellableWait::waitFor (tests
    ///< inject a recorder that returns at once).
    std::function<std::chrono::system_clock::time_point()> now; ///< wall clock for X-RateLimit-Reset
};

/// Oura API requests with everything a single GET needs: the bearer token (with one refresh after a 401),
/// the client-side rate limiter, retries with jittered exponential backoff for 5xx and network errors,
/// short 429 waits, the error mapping to ApiError with actionable sentences, pagination to the end, and
/// the response cache with single-flight. Thread-safe. Messages never contain a token.
class ApiClient
{
public:
    ApiClient(std::shared_ptr<Transport> transport, std::shared_ptr<TokenProvider> tokens,
              std::shared_ptr<RateLimiter> limiter = nullptr, std::shared_ptr<ResponseCache> cache = nullptr,
              ApiClientOptions options = {});
    /// tokens nullptr: send no Authorization header (demo dataset, Oura's sandbox). limiter/cache nullptr:
    /// none.

    ApiResponse get(const std::string& path, const QueryParams& query, const CallControl& control,
                    std::chrono::milliseconds cacheTtl = std::chrono::milliseconds(0));
    /// One GET. cacheTtl > 0 stores a successful answer that long; identical concurrent calls share one
    /// upstream request either way (when a cache is configured).

    ApiResponse getAllPages(const std::string& path, const QueryParams& query, const CallControl& control,
                            std::chrono::milliseconds cacheTtl = std::chrono::milliseconds(0),
                            const std::string& documentKey = {});
    /// GET, then follow next_token (sent alone, without the original dates) until it is null, merging the
    /// `data` arrays: body {"data":[...],"next_token":null}. A bare object (no `data` array) is returned
    /// as is. A repeated token or more than maxPages pages end with an Upstream error saying so; the
    /// answer is never silently truncated. Reports progress per page. The answer's index locates each
    /// document and its documentKey member (e.g. "day"; see PageIndex), found while the page was checked.
    /// A single page is the body as read; several are merged by copying their documents' bytes.

    std::string describe() const;
    /// e.g. "https://api.ouraring.com (OAuth)".

    const ApiClientOptions& options() const { return _options; }

private:
    ApiResponse cached(const std::string& key, std::chrono::milliseconds ttl, const CallControl& control,
                       const std::function<ApiResponse()>& fetch);
    ApiResponse fetchPage(const std::string& path, const QueryParams& query, const CallControl& control,
                          const std::string& documentKey);
    ApiResponse fetchAll(const std::string& path, const QueryParams& query, const CallControl& control,
                         const std::string& documentKey);
    bool waitFor(std::chrono::milliseconds duration, const CallControl& control) const;
    std::chrono::milliseconds backoff(int retry) const;
    std::chrono::system_clock::time_point now() const;

    std::shared_ptr<Transport> _transport;
    std::shared_ptr<TokenProvider> _tokens;
    std::shared_ptr<RateLimiter> _limiter;
    std::shared_ptr<ResponseCache> _cache;
    ApiClientOptions _options;
};

} // namespace OuraMcp::Oura

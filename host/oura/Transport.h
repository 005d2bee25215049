#pragma once

#include "oura/ApiResponse.h"

#include <functional>
#include <string>
#include <utility>
#include <vector>

namespace OuraMcp::Oura {

using Headers = std::vector<std::pair<std::string, std::string>>;

/// One HTTP exchange with "the Oura API", whatever serves it: the real service over HTTPS, the fake over
/// loopback HTTP in tests, or the in-process demo dataset.
struct HttpRequest
{
    std::string method = "GET";
    std::string path;  ///< "/v2/usercollection/daily_sleep", "/oauth/token"
    QueryParams query; ///< not yet encoded
    Headers headers;   ///< e.g. Authorization
    std::string body;  ///< for POST (form-encoded)
    std::string contentType;
    std::function<bool()> cancelled; ///< may be empty; polled while waiting for the answer: true abandons it
};

struct HttpResponse
{
    int status = 0;           ///< 0 when no response arrived
    Headers headers;          ///< names as received
    Body body;                ///< as read from the socket; shared, never changed (see Body)
    std::string networkError; ///< set when status == 0: what went wrong (timeout, refused, TLS, truncated)

    std::string header(const std::string& name) const; ///< case-insensitive; "" if absent
};

std::string encodeQuery(const QueryParams& query);
/// name=value pairs joined by '&', each part percent-encoded except RFC 3986 unreserved characters (so a
/// '+' in a UTC offset becomes %2B). Used for URL query strings and form-encoded bodies alike.

class Transport
{
public:
    virtual ~Transport() = default;

    virtual HttpResponse send(const HttpRequest& request) = 0;
    /// Never throws for network problems (they come back as status 0 + networkError). Thread-safe.

    virtual std::string describe() const = 0;
    /// e.g. "https://api.ouraring.com" or "demo dataset (in-process)".
};

} // namespace OuraMcp::Oura

#pragma once

#include "http/HttpOptions.h"

#include <optional>
#include <string>
#include <vector>

namespace Poco::Net {
class HTTPServerRequest;
}

namespace OuraMcp::Http {

/// Who may talk to the endpoint, checked on every request before anything else:
///   - Host must name this server (a loopback name when bound to loopback, the bound address, or one of the
///     configured public hosts): a page whose DNS name was rebound to 127.0.0.1 sends its own name;
///   - Origin, when present, must be a loopback origin (only when bound to loopback) or on the allow-list;
///   - with a bearer token configured, Authorization must carry it (compared in constant time, never logged).
class AccessPolicy
{
public:
    struct Refusal
    {
        int status;         ///< 403 (Host, Origin), 401 (token)
        std::string reason; ///< for the client and the access log; never contains a header value
    };

    explicit AccessPolicy(const HttpOptions& options);

    std::optional<Refusal> check(const Poco::Net::HTTPServerRequest& request) const;
    /// For the MCP endpoint: Host, Origin and the static bearer token.

    std::optional<Refusal> checkBrowser(const Poco::Net::HTTPServerRequest& request) const;
    /// Host and Origin only: for a CORS preflight, which never carries credentials.

    std::optional<Refusal> checkHost(const Poco::Net::HTTPServerRequest& request) const;
    /// For the other paths (the authorization server's pages and metadata, which browsers and clients of
    /// other origins reach by design): Host only.

    static bool isLoopback(const std::string& host);
    /// localhost, 127.0.0.0/8, ::1 (with or without brackets).

private:
    bool hostAllowed(const std::string& hostHeader) const;
    bool originAllowed(const std::string& origin) const;

    bool _loopbackBound;
    std::string _boundHost;
    std::vector<std::string> _publicHosts;
    std::vector<std::string> _allowedOrigins;
    std::string _bearerToken;
};

} // namespace OuraMcp::Http

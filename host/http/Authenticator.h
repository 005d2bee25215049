#pragma once

#include <optional>
#include <string>

namespace OuraMcp::Http {

/// Who a request to the MCP endpoint runs as: the user and client an access token was issued to.
struct Principal
{
    std::string userId;   ///< pseudonymous user id (never an Oura id, never a token)
    std::string clientId; ///< the MCP client the token was issued to
    std::string scopes;   ///< space-separated scopes the token carries
};

/// Checks the bearer token of every request to the MCP endpoint (the MCP authorization spec): a request runs
/// as the Principal its token names, or is refused with the challenge that tells the client where to get a
/// token. Thread-safe; called from the server's threads for every MCP request.
class Authenticator
{
public:
    struct Outcome
    {
        std::optional<Principal> principal; ///< set when the token is valid for this resource
        int status = 401;                   ///< when refused: 401 (no or bad token), 403 (insufficient scope)
                                            ///< or 503 (the token store is unavailable; no challenge then)
        std::string wwwAuthenticate;        ///< the WWW-Authenticate value of the refusal
        std::string reason;                 ///< for the response body and the access log; never a token
    };

    virtual ~Authenticator() = default;

    virtual Outcome authenticate(const std::string& authorizationHeader) = 0;
    /// authorizationHeader: the Authorization header as received ("" when absent).
};

} // namespace OuraMcp::Http

#pragma once

#include <string>

namespace OuraMcp::Oura {

/// Where the API client gets the bearer token. Implemented by the auth room (token store + OAuth refresh);
/// the demo and sandbox modes use none. Thread-safe.
class TokenProvider
{
public:
    virtual ~TokenProvider() = default;

    virtual std::string accessToken() = 0;
    /// The current access token, refreshed first if it expires within a minute and can be refreshed.
    /// "" when no credentials are configured. Never logged.

    virtual bool refreshAfterUnauthorized(const std::string& rejectedToken) = 0;
    /// Called after the API answered 401 to rejectedToken. Refreshes once for any number of concurrent
    /// callers (single-flight): if another caller already replaced rejectedToken, returns true at once.
    /// Returns true if a different token is now available, false if the user must log in again.

    virtual std::string loginHint() const = 0;
    /// The sentence to show when no usable credentials exist, e.g. how to run `oura-mcp auth login`.
};

} // namespace OuraMcp::Oura

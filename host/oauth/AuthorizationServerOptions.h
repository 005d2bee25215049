#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace OuraMcp::OAuth {

/// How the authorization server in front of Oura is set up; filled by host/app from `serve --http` options and
/// settings.
struct AuthorizationServerOptions
{
    std::string publicUrl;           ///< e.g. "https://mcp.example.com" (no trailing slash): the issuer
    std::string mcpPath = "/mcp";    ///< the protected resource is publicUrl + mcpPath
    std::vector<std::string> scopes; ///< the Oura scopes of the installed plugins, the most a user can grant
    std::string stateKey;            ///< HMAC key (>= 32 bytes) signing consent forms and upstream state
    std::chrono::seconds accessTokenLifetime{std::chrono::hours(1)};
    std::chrono::seconds refreshTokenLifetime{std::chrono::hours(24 * 30)};
    std::chrono::seconds codeLifetime{std::chrono::minutes(1)};
    std::chrono::seconds consentLifetime{std::chrono::minutes(10)}; ///< consent page to Oura callback
    bool dynamicRegistration = true;                                ///< serve /register (RFC 7591)
    bool clientIdMetadataDocuments = true;
    std::string serviceName = "oura-mcp"; ///< shown on the consent page
    std::chrono::seconds tokenCheckMemory{0};
    ///< How long a successful access-token check is remembered in this process (0: every request asks the
    ///< store). A store a network hop away (PostgreSQL) costs a few hundred microseconds a request; remembering a
    ///< check for a second or two costs that: a token revoked meanwhile is still accepted for that long here.
    std::function<std::int64_t()> now; ///< Unix seconds; empty: the system clock

    std::int64_t currentTime() const
    /// now() if set, otherwise the system clock's Unix seconds.
    {
        if (now)
            return now();
        return std::chrono::duration_cast<std::chrono::seconds>(
                   std::chrono::system_clock::now().time_since_epoch())
            .count();
    }

    std::string resource() const { return publicUrl + mcpPath; }
    ///< the protected resource (RFC 8707, RFC 9728) every token is bound to
};

} // namespace OuraMcp::OAuth

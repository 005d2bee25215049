#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace OuraMcp::Http {

class Authenticator;
class Route;

/// How `serve --http` listens and what it accepts. Filled by host/app from the command line and settings.
struct HttpOptions
{
    std::string host = "127.0.0.1";             ///< address to bind; loopback unless authentication is set
    unsigned short port = 0;                    ///< 0 = an ephemeral port (the real one is logged)
    std::string path = "/mcp";                  ///< the MCP endpoint
    std::vector<std::string> allowedOrigins;    ///< Origin values accepted besides loopback origins
    std::vector<std::string> publicHosts;       ///< Host names (or host:port) accepted besides the bound ones
    std::string bearerToken;                    ///< if set, every request needs "Authorization: Bearer <it>"
    std::string sessionKey;                     ///< secret that signs session ids (at least 32 bytes)
    std::size_t maxBodyBytes = 8 * 1024 * 1024; ///< larger POST bodies get 413
    unsigned maxConcurrentRequests = 64;        ///< POSTs served at once; beyond: 503
    std::size_t maxSessions = 10000;            ///< live legacy sessions kept in memory
    std::chrono::seconds sessionIdle{std::chrono::hours(1)};      ///< an unused session ends after this
    std::chrono::seconds sessionLifetime{std::chrono::hours(24)}; ///< a session id is valid at most this long
    std::chrono::milliseconds drainGrace{std::chrono::seconds(10)}; ///< SIGTERM: wait for calls in flight
    unsigned serverThreads = 128; ///< Poco connection threads (keep-alive clients)
    std::string tlsCertificate;   ///< PEM file; with tlsKey, serve https
    std::string tlsKey;
    unsigned ratePerAddress = 0;
    ///< requests a minute from one client address that no token names (0: no limit)
    unsigned ratePerUser = 0; ///< MCP requests a minute of one authenticated user (0: no limit)
    std::shared_ptr<Authenticator> authenticator; ///< OAuth: every MCP request runs as its token's user
    std::vector<std::shared_ptr<Route>> routes;   ///< paths served besides the MCP endpoint (OAuth, metadata)
    std::function<std::string(const std::string& tool)> toolScope;
    ///< With an Authenticator: the scope a tool needs ("" for none). A tools/call of a tool whose scope the
    ///< token lacks is answered 403 insufficient_scope with the scope to ask for (step-up authorization).
    std::string resourceMetadataUrl; ///< for the WWW-Authenticate of that 403
};

} // namespace OuraMcp::Http

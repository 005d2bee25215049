#pragma once

#include "http/AccessPolicy.h"
#include "http/HttpOptions.h"
#include "http/RequestLimiter.h"
#include "http/SessionIds.h"
#include "util/Json.h"

#include <atomic>
#include <memory>
#include <string>

namespace Poco::Net {
class HTTPServerRequest;
class HTTPServerResponse;
} // namespace Poco::Net

namespace OuraMcp::Mcp {
class MessageDispatcher;
}

namespace OuraMcp::Http {

class SessionTable;

/// The MCP endpoint of Streamable HTTP, serving both protocol eras on one path:
///   - 2026-07-28 (stateless): a POST whose body names its protocol version in _meta is served on its own
///     engine Session; MCP-Protocol-Version, Mcp-Method and Mcp-Name must match the body (400, -32020).
///   - 2025-03-26 ... 2025-11-25: initialize opens a session whose signed id comes back in Mcp-Session-Id;
///     later POSTs need it (400 without, 404 for an unknown, ended or expired one); DELETE ends it; GET
///     (the optional server-to-client stream) is answered 405.
/// A request is answered with one JSON body, or, as soon as the engine sends a notification for it (progress,
/// log messages) and the client accepts it, with an SSE stream that ends with the response. A client that
/// disconnects before the answer cancels the request. Called concurrently by the HTTP server's threads.
class Endpoint
{
public:
    Endpoint(HttpOptions options, SessionTable& sessions);
    ~Endpoint();

    void serve(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response);
    /// Answers one HTTP request and writes its access line to the log.

    void stopAccepting();
    /// From now on POSTs get 503; requests being served carry on.

    void abortInFlight();
    /// Requests still running are cancelled; each is answered with what arrives within a second, else an error.

    unsigned active() const noexcept { return _active.load(); }
    /// POSTs being served right now.

private:
    struct Exchange;

    Route* routeFor(const std::string& method, const std::string& path) const;
    int serveRoute(Exchange& exchange, Route& route);
    int servePreflight(Exchange& exchange);
    /// A CORS preflight (OPTIONS with Origin): 204 with what an allowed origin may send, 403 otherwise.
    void allowCrossOrigin(Exchange& exchange) const;
    /// For a request whose Origin the policy accepted: the CORS headers that let a browser client read the answer.
    bool authenticate(Exchange& exchange);
    bool limit(Exchange& exchange, RequestLimiter& limiter, const std::string& key, const std::string& who);
    /// Counts the request against key; false (answered 429 with Retry-After) when over the limit.
    void audit(const Exchange& exchange, int status, const char* millis) const;
    /// One line per request of an authenticated user: who (pseudonymous), which client, what, the outcome.
    /// With an Authenticator: sets exchange.principal, or answers the refusal (401/403 with its challenge)
    /// and returns false. Without one: true.
    int servePost(Exchange& exchange);
    int serveDelete(Exchange& exchange);
    int dispatch(Exchange& exchange, const std::shared_ptr<Mcp::MessageDispatcher>& dispatcher,
                 const Json& message, bool modern, const std::string& sessionId);

    std::int64_t nowUnix() const;

    HttpOptions _options;
    AccessPolicy _policy;
    SessionIds _ids;
    SessionTable& _sessions;
    RequestLimiter _perAddress;
    RequestLimiter _perUser;
    std::atomic<unsigned> _active{0};
    std::atomic<bool> _stopping{false};
    std::atomic<bool> _aborting{false};
};

} // namespace OuraMcp::Http

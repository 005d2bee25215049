#include "http/Endpoint.h"

#include "http/Authenticator.h"
#include "http/FormFields.h"
#include "http/HeaderRules.h"
#include "http/PendingReply.h"
#include "http/Route.h"
#include "http/SessionTable.h"
#include "mcp/JsonReader.h"
#include "mcp/JsonRpc.h"
#include "mcp/MessageDispatcher.h"
#include "mcp/ProtocolError.h"
#include "mcp/ProtocolVersion.h"
#include "mcp/Response.h"
#include "mcp/Session.h"
#include "platform/Sockets.h"
#include "util/Log.h"

#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerRequestImpl.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/StreamSocket.h>
#include <Poco/String.h>
#include <Poco/URI.h>

#include <cctype>
#include <chrono>
#include <cstdio>
#include <map>
#include <sstream>
#include <stdexcept>
#include <vector>

namespace OuraMcp::Http {

namespace {

using Poco::Net::HTTPResponse;
using Poco::Net::HTTPServerRequest;
using Poco::Net::HTTPServerResponse;
using Clock = std::chrono::steady_clock;

constexpr const char* SessionHeader = "Mcp-Session-Id";
constexpr const char* VersionKey = "io.modelcontextprotocol/protocolVersion";
constexpr int HeaderMismatch = -32020;
constexpr int SessionNotFound = -32001; // the TypeScript SDK's code for the 404; legacy era only
constexpr auto PollInterval = std::chrono::milliseconds(100);
constexpr auto CancelWait = std::chrono::seconds(5);
constexpr auto AbortWait = std::chrono::seconds(1);

int sendText(HTTPServerResponse& response, int status, const std::string& text)
{
    response.setStatusAndReason(static_cast<HTTPResponse::HTTPStatus>(status));
    response.setContentType("application/json");
    response.setContentLength(static_cast<std::streamsize>(text.size()));
    response.sendBuffer(text.data(), text.size());
    return status;
}

int sendJson(HTTPServerResponse& response, int status, const Json& body)
{
    return sendText(response, status, body.dump(-1, ' ', false, Json::error_handler_t::replace));
}

/// The engine's answer to a POST, head and body in one write. Poco's response stream hands a body to the
/// socket in pieces of 4 kB (HTTPBufferAllocator): a tools/list answer (23 kB) took six send() calls, each
/// with its own trip through TCP and a wake-up of the client, which cost more than building the answer
/// once it was cached. Poco's HTTPSession does not buffer output, so writing the head Poco formats
/// (HTTPResponse::write) and the body straight to the connection's socket is what sendBuffer() writes, in
/// one piece. A connection that fails while it is written is closed after the request, as Poco would.
int sendAnswer(HTTPServerRequest& request, HTTPServerResponse& response, int status, const std::string& text)
{
    auto* impl = dynamic_cast<Poco::Net::HTTPServerRequestImpl*>(&request);
    if (impl == nullptr || request.getMethod() != HTTPServerRequest::HTTP_POST)
        return sendText(response, status, text);
    response.setStatusAndReason(static_cast<HTTPResponse::HTTPStatus>(status));
    response.setContentType("application/json");
    response.setContentLength(static_cast<std::streamsize>(text.size()));
    std::ostringstream head;
    response.write(head);
    std::string wire = head.str();
    wire.append(text);
    try
    {
        Poco::Net::StreamSocket& socket = impl->socket();
        for (std::size_t sent = 0; sent < wire.size();)
        {
            const int n = socket.sendBytes(wire.data() + sent, static_cast<int>(wire.size() - sent));
            if (n <= 0)
                throw std::runtime_error("the connection accepts no more bytes");
            sent += static_cast<std::size_t>(n);
        }
    }
    catch (const std::exception& e)
    {
        Util::Log::debug("http", std::string("the answer was not delivered: ") + e.what());
        response.setKeepAlive(false);
    }
    return status;
}

int sendError(HTTPServerResponse& response, int status, const Json& id, int code, const std::string& message)
{
    return sendJson(response, status, Mcp::JsonRpc::error(id, code, message));
}

/// A refusal before the body was read: the connection is closed after it, since unread body bytes would be
/// taken for the next request.
int refuse(HTTPServerResponse& response, int status, int code, const std::string& message)
{
    response.setKeepAlive(false);
    return sendError(response, status, nullptr, code, message);
}

/// Reads and drops up to limit bytes of a body that is refused for its size, so that the client (still
/// sending) gets to read the 413 instead of a reset; true if the whole body was drained.
bool discardBody(std::istream& in, std::size_t limit)
{
    char buffer[16384];
    std::size_t total = 0;
    while (total <= limit && (in.read(buffer, sizeof buffer) || in.gcount() > 0))
        total += static_cast<std::size_t>(in.gcount());
    return total <= limit;
}

/// True if the request has a body to read. One with neither Content-Length nor chunked transfer coding has none
/// (RFC 9112 §6.3): a browser's CORS preflight, a bodiless PUT or POST. Poco's stream would read such a body to
/// the connection's end, holding the thread and a slot of the concurrency cap until the client closes or the
/// timeout passes (30 s), and the browser would wait as long.
bool declaresBody(const HTTPServerRequest& request)
{
    return request.getChunkedTransferEncoding() || request.hasContentLength();
}

int sendEmpty(HTTPServerResponse& response, int status)
{
    response.setStatusAndReason(static_cast<HTTPResponse::HTTPStatus>(status));
    response.setContentLength(0);
    response.send();
    return status;
}

bool acceptsSse(const HTTPServerRequest& request)
{
    const std::string accept = request.get("Accept", "");
    return accept.find("text/event-stream") != std::string::npos || accept.find("*/*") != std::string::npos;
}

bool acceptable(const HTTPServerRequest& request)
{
    const std::string accept = Poco::toLower(request.get("Accept", ""));
    return accept.empty() || accept.find("application/json") != std::string::npos ||
           accept.find("text/event-stream") != std::string::npos || accept.find("*/*") != std::string::npos ||
           accept.find("application/*") != std::string::npos;
}

/// A 2026-07-28 error that the transport maps to an HTTP status (streamable-http "Request Metadata").
int modernStatus(const Mcp::Response& answer)
{
    const Json* response = answer.message(); // a pre-serialised result is a success
    if (response == nullptr)
        return 200;
    const auto error = response->find("error");
    if (error == response->end() || !error->is_object())
        return 200;
    const int code = error->value("code", 0);
    if (code == Mcp::ProtocolError::MethodNotFound)
        return 404;
    if (code <= -32020 && code >= -32022)
        return 400;
    return 200;
}

/// True once the client closed its side of the connection (or it broke) while we wait for the engine.
bool peerClosed(HTTPServerRequest& request)
{
    auto* impl = dynamic_cast<Poco::Net::HTTPServerRequestImpl*>(&request);
    if (impl == nullptr)
        return false;
    try
    {
        Poco::Net::StreamSocket& socket = impl->socket();
        if (!socket.poll(Poco::Timespan(0), Poco::Net::Socket::SELECT_READ | Poco::Net::Socket::SELECT_ERROR))
            return false;
        return Platform::Sockets::peerClosed(static_cast<Platform::Sockets::Native>(socket.impl()->sockfd()));
    }
    catch (const std::exception&)
    {
        return true;
    }
}

void writeEvent(std::ostream& out, const std::string& text)
{
    out << "event: message\ndata: " << text << "\n\n";
    out.flush();
}

void writeEvent(std::ostream& out, const Json& message)
{
    writeEvent(out, message.dump(-1, ' ', false, Json::error_handler_t::replace));
}

std::string bodyVersionOf(const Json& message)
{
    const auto params = message.find("params");
    if (params == message.end() || !params->is_object())
        return {};
    const auto meta = params->find("_meta");
    if (meta == params->end() || !meta->is_object())
        return {};
    const auto version = meta->find(VersionKey);
    return version != meta->end() && version->is_string() ? version->get<std::string>() : std::string();
}

int sendWeb(HTTPServerResponse& response, const WebResponse& web)
{
    response.setStatusAndReason(static_cast<HTTPResponse::HTTPStatus>(web.status));
    for (const auto& [name, value] : web.headers)
    {
        if (Poco::icompare(name, "Set-Cookie") == 0)
            response.add(name, value);
        else
            response.set(name, value);
    }
    if (!web.body.empty() || web.status != 302)
        response.setContentType(web.contentType);
    response.setContentLength(static_cast<std::streamsize>(web.body.size()));
    response.sendBuffer(web.body.data(), web.body.size());
    return web.status;
}

/// The tool or prompt a request names, for the audit line: only a plain name (our tools' names are), never
/// more than 64 characters of it, so that no argument or other client text reaches the log.
std::string nameFor(const Json& message)
{
    const auto params = message.find("params");
    if (params == message.end() || !params->is_object())
        return "?";
    const auto name = params->find("name");
    if (name == params->end() || !name->is_string())
        return "?";
    const std::string& text = name->get_ref<const std::string&>();
    if (text.empty() || text.size() > 64)
        return "?";
    for (char c : text)
    {
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_' && c != '-' && c != '.')
            return "?";
    }
    return text;
}

/// ok, tool_error (a tool that answered isError), or error <code> (a JSON-RPC error), for the audit line.
std::string outcomeOf(const Mcp::Response& response)
{
    const Json* message = response.message();
    if (message == nullptr || !message->is_object())
        return "ok";
    if (const auto error = message->find("error"); error != message->end() && error->is_object())
        return "error " + std::to_string(error->value("code", 0));
    if (const auto result = message->find("result"); result != message->end() && result->is_object())
    {
        const auto isError = result->find("isError");
        if (isError != result->end() && isError->is_boolean() && isError->get<bool>())
            return "tool_error";
    }
    return "ok";
}

bool hasScope(const std::string& scopes, const std::string& wanted)
{
    std::size_t start = 0;
    while (start < scopes.size())
    {
        std::size_t end = scopes.find(' ', start);
        if (end == std::string::npos)
            end = scopes.size();
        if (end - start == wanted.size() && scopes.compare(start, end - start, wanted) == 0)
            return true;
        start = end + 1;
    }
    return false;
}

/// Counts a request in progress (incremented by the caller) until it is answered.
struct ActiveCount
{
    std::atomic<unsigned>& count;
    ~ActiveCount() { --count; }
};

std::string addressOf(const HTTPServerRequest& request)
{
    return request.clientAddress().host().toString();
}

WebResponse webError(int status, const std::string& error, const std::string& description)
{
    WebResponse web;
    web.status = status;
    web.body = Json{{"error", error}, {"error_description", description}}.dump();
    return web;
}

} // namespace

struct Endpoint::Exchange
{
    Exchange(HTTPServerRequest& in, HTTPServerResponse& out) : request(in), response(out) {}

    HTTPServerRequest& request;
    HTTPServerResponse& response;
    std::string mcpMethod = "-";
    std::string principal;     ///< the user the request runs as (with an Authenticator), else ""
    std::string client;        ///< the client its token was issued to
    std::string scopes;        ///< the scopes its token carries (space-separated)
    std::string subject;       ///< for the audit line: the tool of a tools/call (never its arguments)
    std::string outcome = "-"; ///< for the audit line: ok, tool_error, error <code>
};

Endpoint::Endpoint(HttpOptions options, SessionTable& sessions)
    : _options(std::move(options)), _policy(_options), _ids(_options.sessionKey), _sessions(sessions),
      _perAddress(_options.ratePerAddress), _perUser(_options.ratePerUser)
{}

Endpoint::~Endpoint() = default;

std::int64_t Endpoint::nowUnix() const
{
    return std::chrono::duration_cast<std::chrono::seconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

void Endpoint::stopAccepting()
{
    _stopping.store(true);
}

void Endpoint::abortInFlight()
{
    _aborting.store(true);
}

void Endpoint::serve(HTTPServerRequest& request, HTTPServerResponse& response)
{
    const auto start = Clock::now();
    Exchange exchange{request, response};
    int status = 500;
    try
    {
        const std::string path = Poco::URI(request.getURI()).getPath();
        Route* route = path == _options.path ? nullptr : routeFor(request.getMethod(), path);
        if (path != _options.path && route == nullptr)
            status = refuse(response, 404, Mcp::ProtocolError::InvalidRequest,
                            "Not Found: the MCP endpoint is " + _options.path);
        else if (route != nullptr)
        {
            exchange.mcpMethod = path; // never the query: it may carry a code
            status = limit(exchange, _perAddress, addressOf(request), "this address")
                         ? serveRoute(exchange, *route)
                         : exchange.response.getStatus();
        }
        else if (request.getMethod() == "OPTIONS" && request.has("Origin"))
            status = servePreflight(exchange);
        else if (const auto refusal = _policy.check(request))
        {
            if (refusal->status == 401)
                response.set("WWW-Authenticate", "Bearer");
            status = refuse(response, refusal->status, Mcp::ProtocolError::InvalidRequest, refusal->reason);
        }
        else if (!authenticate(exchange))
            status = exchange.response.getStatus();
        else if (!exchange.principal.empty() &&
                 !limit(exchange, _perUser, exchange.principal, "this account"))
            status = exchange.response.getStatus();
        else if (request.getMethod() == "POST")
            status = servePost(exchange);
        else if (request.getMethod() == "DELETE")
            status = serveDelete(exchange);
        else
        {
            // No server-to-client stream: the legacy era lets a server refuse GET, and 2026-07-28 has none.
            response.set("Allow", "POST, DELETE");
            status = refuse(response, 405, Mcp::ProtocolError::InvalidRequest,
                            "Method Not Allowed: this endpoint offers no GET stream; POST messages");
        }
    }
    catch (const std::exception& e)
    {
        Util::Log::error("http", std::string("failed to serve a request: ") + e.what());
        if (!response.sent())
            status = sendError(response, 500, nullptr, Mcp::ProtocolError::InternalError, "Internal error");
    }
    char millis[32];
    std::snprintf(millis, sizeof millis, "%.1f",
                  std::chrono::duration<double, std::milli>(Clock::now() - start).count());
    Util::Log::info("http", request.getMethod() + " " + exchange.mcpMethod + " " + std::to_string(status) +
                                " " + millis + " ms");
    if (!exchange.principal.empty())
        audit(exchange, status, millis);
}

bool Endpoint::limit(Exchange& exchange, RequestLimiter& limiter, const std::string& key,
                     const std::string& who)
{
    const unsigned wait = limiter.admit(key);
    if (wait == 0)
        return true;
    exchange.response.set("Retry-After", std::to_string(wait));
    refuse(exchange.response, 429, Mcp::ProtocolError::InvalidRequest,
           "Too Many Requests: the limit for " + who + " is reached; retry in " + std::to_string(wait) +
               " s");
    return false;
}

void Endpoint::audit(const Exchange& exchange, int status, const char* millis) const
{
    // Names only: the pseudonymous user, the client (an id or a metadata-document URL), the method and tool.
    // Never arguments, results, tokens or anything read from Oura.
    std::string what = exchange.mcpMethod;
    if (!exchange.subject.empty())
        what += " " + exchange.subject;
    Util::Log::info("audit", "user=" + exchange.principal + " client=" + exchange.client + " call=" + what +
                                 " status=" + std::to_string(status) + " outcome=" + exchange.outcome +
                                 " ms=" + millis);
}

Route* Endpoint::routeFor(const std::string& method, const std::string& path) const
{
    for (const auto& route : _options.routes)
    {
        if (route->handles(method, path))
            return route.get();
    }
    return nullptr;
}

int Endpoint::serveRoute(Exchange& exchange, Route& route)
{
    auto& request = exchange.request;
    auto& response = exchange.response;
    if (const auto refusal = _policy.checkHost(request))
    {
        response.setKeepAlive(false);
        return sendWeb(response, webError(refusal->status, "forbidden", refusal->reason));
    }
    if (_stopping.load())
    {
        response.set("Retry-After", "1");
        response.setKeepAlive(false);
        return sendWeb(response, webError(503, "temporarily_unavailable", "the server is shutting down"));
    }
    const ActiveCount activeCount{_active};
    if (++_active > _options.maxConcurrentRequests)
    {
        response.set("Retry-After", "1");
        response.setKeepAlive(false);
        return sendWeb(response, webError(503, "temporarily_unavailable", "too many requests in progress"));
    }
    // The authorization server's requests are small (a form, a registration); 64 KiB is plenty.
    const std::size_t limit = std::min<std::size_t>(_options.maxBodyBytes, 64 * 1024);
    WebRequest web;
    web.method = request.getMethod();
    const Poco::URI uri(request.getURI());
    web.path = uri.getPath();
    decodeFormFields(uri.getRawQuery(), web.query, web.repeated);
    if (declaresBody(request))
    {
        std::istream& in = request.stream();
        char buffer[16384];
        while (in.read(buffer, sizeof buffer) || in.gcount() > 0)
        {
            web.body.append(buffer, static_cast<std::size_t>(in.gcount()));
            if (web.body.size() > limit)
            {
                response.setKeepAlive(false);
                return sendWeb(response,
                               webError(413, "invalid_request",
                                        "the body exceeds the limit of " + std::to_string(limit) + " bytes"));
            }
        }
    }
    const std::string contentType = request.getContentType();
    web.contentType = Poco::toLower(Poco::trim(contentType.substr(0, contentType.find(';'))));
    if (web.contentType == "application/x-www-form-urlencoded")
        decodeFormFields(web.body, web.form, web.repeated);
    web.authorization = request.get("Authorization", "");
    web.cookie = request.get("Cookie", "");
    web.remoteAddress = request.clientAddress().host().toString();
    WebResponse answer;
    try
    {
        answer = route.serve(web);
    }
    catch (const std::exception& e)
    {
        Util::Log::error("http", std::string("a route failed: ") + e.what());
        answer = webError(500, "server_error", "internal error");
    }
    return sendWeb(response, answer);
}

int Endpoint::servePreflight(Exchange& exchange)
{
    if (const auto refusal = _policy.checkBrowser(exchange.request))
        return refuse(exchange.response, refusal->status, Mcp::ProtocolError::InvalidRequest,
                      refusal->reason);
    // An allowed origin (a browser-based MCP client the operator listed, or a loopback page when bound to
    // loopback) may send the headers of both eras; credentials come in Authorization, never in cookies.
    auto& response = exchange.response;
    allowCrossOrigin(exchange);
    response.set("Access-Control-Allow-Methods", "POST, DELETE, OPTIONS");
    response.set("Access-Control-Allow-Headers", "Authorization, Content-Type, Accept, Mcp-Session-Id, "
                                                 "MCP-Protocol-Version, Mcp-Method, Mcp-Name, Last-Event-ID");
    response.set("Access-Control-Max-Age", "600");
    return sendEmpty(response, 204);
}

void Endpoint::allowCrossOrigin(Exchange& exchange) const
{
    const std::string origin = exchange.request.get("Origin", "");
    if (origin.empty())
        return; // not a browser's cross-origin request: nothing to add
    // Only reached once the policy accepted this Origin.
    auto& response = exchange.response;
    response.set("Access-Control-Allow-Origin", origin);
    response.set("Vary", "Origin");
    response.set("Access-Control-Expose-Headers", "Mcp-Session-Id, WWW-Authenticate, Retry-After");
}

bool Endpoint::authenticate(Exchange& exchange)
{
    // Past the policy's Origin check: a browser client may read whatever follows, a 401's challenge included.
    allowCrossOrigin(exchange);
    if (!_options.authenticator)
        return true;
    const auto outcome = _options.authenticator->authenticate(exchange.request.get("Authorization", ""));
    if (outcome.principal)
    {
        exchange.principal = outcome.principal->userId;
        exchange.client = outcome.principal->clientId;
        exchange.scopes = outcome.principal->scopes;
        return true;
    }
    // A stranger guessing tokens is held to the per-address limit like any request no token names.
    if (!limit(exchange, _perAddress, addressOf(exchange.request), "this address"))
        return false;
    if (!outcome.wwwAuthenticate.empty())
        exchange.response.set("WWW-Authenticate", outcome.wwwAuthenticate);
    // The body is not read: close the connection after the refusal (see refuse).
    refuse(exchange.response, outcome.status, Mcp::ProtocolError::InvalidRequest,
           (outcome.status == 403 ? "Forbidden: " : "Unauthorized: ") + outcome.reason);
    return false;
}

int Endpoint::serveDelete(Exchange& exchange)
{
    const std::string id = HeaderRules::value(exchange.request, SessionHeader);
    if (id.empty())
        return sendError(exchange.response, 400, nullptr, Mcp::ProtocolError::InvalidRequest,
                         "Bad Request: DELETE needs the Mcp-Session-Id header");
    const auto claims = _ids.verify(id, exchange.principal);
    if (!claims || !_sessions.end(id, claims->expiresUnix, nowUnix()))
        return sendError(exchange.response, 404, nullptr, SessionNotFound, "Session not found");
    return sendEmpty(exchange.response, 200);
}

int Endpoint::servePost(Exchange& exchange)
{
    auto& request = exchange.request;
    auto& response = exchange.response;
    if (_stopping.load())
    {
        response.set("Retry-After", "1");
        return refuse(response, 503, Mcp::ProtocolError::InternalError,
                      "Service Unavailable: the server is shutting down");
    }
    const ActiveCount activeCount{_active};
    if (++_active > _options.maxConcurrentRequests)
    {
        response.set("Retry-After", "1");
        return refuse(response, 503, Mcp::ProtocolError::InternalError,
                      "Service Unavailable: too many requests in progress; retry shortly");
    }
    if (Poco::toLower(request.getContentType()).rfind("application/json", 0) != 0)
        return refuse(response, 415, Mcp::ProtocolError::InvalidRequest,
                      "Unsupported Media Type: the body must be application/json");
    if (!acceptable(request))
        return refuse(response, 406, Mcp::ProtocolError::InvalidRequest,
                      "Not Acceptable: the client must accept application/json and text/event-stream");
    const std::string tooLarge = "Payload Too Large: the body exceeds the limit of " +
                                 std::to_string(_options.maxBodyBytes) + " bytes";
    const std::size_t drainLimit = 4 * _options.maxBodyBytes;
    if (request.getContentLength() != HTTPServerRequest::UNKNOWN_CONTENT_LENGTH &&
        request.getContentLength() > static_cast<std::streamsize>(_options.maxBodyBytes))
    {
        if (request.getContentLength() > static_cast<std::streamsize>(drainLimit) ||
            !discardBody(request.stream(), drainLimit))
            response.setKeepAlive(false);
        return sendError(response, 413, nullptr, Mcp::ProtocolError::InvalidRequest, tooLarge);
    }
    std::string body;
    if (declaresBody(request))
    {
        std::istream& in = request.stream();
        char buffer[16384];
        while (in.read(buffer, sizeof buffer) || in.gcount() > 0)
        {
            body.append(buffer, static_cast<std::size_t>(in.gcount()));
            if (body.size() > _options.maxBodyBytes)
            {
                if (!discardBody(in, drainLimit))
                    response.setKeepAlive(false);
                return sendError(response, 413, nullptr, Mcp::ProtocolError::InvalidRequest, tooLarge);
            }
        }
    }
    Json message;
    try
    {
        const Mcp::ServerOptions limits;
        message = Mcp::JsonReader::parse(body, limits.maxJsonDepth, limits.maxJsonValues);
    }
    catch (const Mcp::ProtocolError& e)
    {
        return sendJson(response, 400, Mcp::JsonRpc::error(nullptr, e.code(), e.what(), e.data()));
    }

    const bool isObject = message.is_object();
    std::string method;
    Json id;
    if (isObject)
    {
        const auto methodIt = message.find("method");
        if (methodIt != message.end() && methodIt->is_string())
            method = methodIt->get<std::string>();
        id = message.value("id", Json());
    }
    exchange.mcpMethod = message.is_array() ? "batch" : (method.empty() ? "response" : method);
    if (method == "tools/call" || method == "prompts/get")
        exchange.subject = nameFor(message);
    if (method == "tools/call" && !exchange.principal.empty() && _options.toolScope)
    {
        const std::string needed = _options.toolScope(exchange.subject);
        if (!needed.empty() && !hasScope(exchange.scopes, needed))
        {
            // RFC 6750 §3.1 and the MCP authorization spec's step-up: the client may ask the person again for
            // the missing scope.
            std::string challenge = "Bearer error=\"insufficient_scope\", scope=\"" + needed + "\"";
            if (!_options.resourceMetadataUrl.empty())
                challenge += ", resource_metadata=\"" + _options.resourceMetadataUrl + "\"";
            response.set("WWW-Authenticate", challenge);
            return sendError(response, 403, id, Mcp::ProtocolError::InvalidRequest,
                             "Forbidden: " + exchange.subject + " reads Oura data of the scope '" + needed +
                                 "', which this sign-in did not grant; sign in again and allow it");
        }
    }
    const std::string bodyVersion = isObject ? bodyVersionOf(message) : "";
    const std::string headerVersion = HeaderRules::value(request, "MCP-Protocol-Version");

    const bool modernInitialize = method == "initialize" && (bodyVersion == Mcp::ProtocolVersion::Modern ||
                                                             headerVersion == Mcp::ProtocolVersion::Modern);
    if (isObject && (method != "initialize" || modernInitialize) &&
        (!bodyVersion.empty() || headerVersion == Mcp::ProtocolVersion::Modern))
    {
        // Stateless (2026-07-28, or a revision named per request): no session; headers must mirror the body.
        if (modernInitialize)
            return sendError(response, 404, id, Mcp::ProtocolError::MethodNotFound,
                             "Method not found: initialize does not exist in protocol version 2026-07-28");
        if (message.contains("id"))
        {
            if (const auto why = HeaderRules::missingMeta(message, bodyVersion))
                return sendError(response, 400, id, Mcp::ProtocolError::InvalidParams, *why);
            if (const auto why = HeaderRules::mismatch(request, message, bodyVersion))
                return sendError(response, 400, id, HeaderMismatch, *why);
        }
        return dispatch(exchange, _sessions.fresh(exchange.principal), message, true, "");
    }
    if (isObject && method == "initialize")
        return dispatch(exchange, _sessions.fresh(exchange.principal), message, false, "");
    const std::string sessionId = HeaderRules::value(request, SessionHeader);
    if (isObject && method == "server/discover" && sessionId.empty())
        return dispatch(exchange, _sessions.fresh(exchange.principal), message, true,
                        ""); // the era probe of a modern client
    if (sessionId.empty())
        return sendError(response, 400, id, Mcp::ProtocolError::InvalidRequest,
                         "Bad Request: the Mcp-Session-Id header is required (send initialize first, or use "
                         "protocol version 2026-07-28 with per-request _meta)");
    const auto claims = _ids.verify(sessionId, exchange.principal);
    const auto dispatcher = claims ? _sessions.find(sessionId, exchange.principal, claims->version,
                                                    claims->expiresUnix, nowUnix())
                                   : nullptr;
    if (!dispatcher)
        return sendError(response, 404, id, SessionNotFound, "Session not found");
    if (!headerVersion.empty() && !Mcp::ProtocolVersion::isLegacy(headerVersion))
        return sendError(response, 400, id, Mcp::ProtocolError::InvalidRequest,
                         "Bad Request: unsupported MCP-Protocol-Version '" + headerVersion + "'");
    return dispatch(exchange, dispatcher, message, false, sessionId);
}

int Endpoint::dispatch(Exchange& exchange, const std::shared_ptr<Mcp::MessageDispatcher>& dispatcher,
                       const Json& message, bool modern, const std::string& sessionId)
{
    auto& response = exchange.response;
    const bool opensSession = exchange.mcpMethod == "initialize" && sessionId.empty() && !modern;
    const bool isRequest = message.is_array() || (message.contains("method") && message.contains("id"));
    const std::string key = message.is_object() && isRequest ? Mcp::JsonRpc::idKey(message.at("id")) : "";
    const auto& session = dispatcher->session();
    auto reply = std::make_shared<PendingReply>(acceptsSse(exchange.request));
    dispatcher->handleMessage(message, reply);

    std::ostream* stream = nullptr;
    std::optional<Clock::time_point> cancelledAt;
    std::optional<Clock::time_point> abortedAt;
    while (true)
    {
        auto batch = reply->next(PollInterval);
        for (const auto& notification : batch.notifications)
        {
            if (cancelledAt)
                break;
            if (stream == nullptr)
            {
                response.setStatusAndReason(HTTPResponse::HTTP_OK);
                response.setContentType("text/event-stream");
                response.set("Cache-Control", "no-cache");
                response.set("X-Accel-Buffering", "no");
                response.setChunkedTransferEncoding(true);
                stream = &response.send();
            }
            writeEvent(*stream, notification);
            if (!*stream)
            {
                session->cancel(key);
                cancelledAt = Clock::now();
            }
        }
        if (batch.finished)
        {
            if (!batch.response && cancelledAt)
                return 499; // the client left: nobody to answer (the access line says so)
            if (!batch.response)
                return stream != nullptr ? 200 : sendEmpty(response, 202);
            exchange.outcome = outcomeOf(*batch.response);
            if (opensSession && batch.response->isResult())
            {
                const std::int64_t expires = nowUnix() + _options.sessionLifetime.count();
                const std::string id = _ids.mint(session->negotiatedVersion(), expires, exchange.principal);
                if (!_sessions.add(id, dispatcher, expires, nowUnix()))
                {
                    response.set("Retry-After", "60");
                    return sendError(response, 503, message.at("id"), Mcp::ProtocolError::InternalError,
                                     "Service Unavailable: too many sessions");
                }
                response.set(SessionHeader, id);
            }
            if (stream != nullptr)
            {
                writeEvent(*stream, batch.response->text());
                return 200;
            }
            return sendAnswer(exchange.request, response, modern ? modernStatus(*batch.response) : 200,
                              batch.response->text());
        }
        const auto now = Clock::now();
        if (!cancelledAt && peerClosed(exchange.request))
        {
            Util::Log::debug("http", "the client disconnected; cancelling its " + exchange.mcpMethod);
            session->cancel(key);
            cancelledAt = now;
        }
        if (cancelledAt && now - *cancelledAt > CancelWait)
            return 499; // nobody is listening; the engine drops the late result
        if (!abortedAt && _aborting.load())
        {
            session->cancelAll();
            abortedAt = now;
        }
        if (abortedAt && now - *abortedAt > AbortWait)
        {
            const Json error = Mcp::JsonRpc::error(message.is_object() ? message.value("id", Json()) : Json(),
                                                   Mcp::ProtocolError::InternalError,
                                                   "Internal error: the server is shutting down");
            if (stream != nullptr)
            {
                writeEvent(*stream, error);
                return 200;
            }
            response.setKeepAlive(false);
            return sendJson(response, 503, error);
        }
    }
}

} // namespace OuraMcp::Http

#include "mcp/MessageDispatcher.h"

#include "mcp/JsonReader.h"
#include "mcp/JsonRpc.h"
#include "mcp/LogLevel.h"
#include "mcp/ProtocolError.h"
#include "mcp/ProtocolVersion.h"
#include "mcp/ReplySink.h"
#include "mcp/RequestHandler.h"
#include "mcp/ServerRequestContext.h"
#include "mcp/Session.h"
#include "mcp/WorkerPool.h"
#include "util/Log.h"

namespace OuraMcp::Mcp {

namespace {

constexpr const char* ProtocolVersionKey = "io.modelcontextprotocol/protocolVersion";
constexpr const char* ClientCapabilitiesKey = "io.modelcontextprotocol/clientCapabilities";
constexpr const char* LogLevelKey = "io.modelcontextprotocol/logLevel";

Json errorResponse(const Json& id, const ProtocolError& error)
{
    return JsonRpc::error(id, error.code(), error.what(), error.data());
}

Json invalidRequest(const Json& id, const std::string& detail)
{
    return JsonRpc::error(id, ProtocolError::InvalidRequest, "Invalid Request: " + detail);
}

std::string shorten(std::string text)
{
    if (text.size() > 300)
        text = text.substr(0, 300) + "...";
    return text;
}

} // namespace

MessageDispatcher::MessageDispatcher(std::shared_ptr<Session> session, WorkerPool& pool)
    : _session(std::move(session)), _pool(pool)
{
    if (_session->writerPtr())
        _direct = std::make_shared<DirectReply>(_session->writerPtr());
}

void MessageDispatcher::handleOversize()
{
    const auto limit = _session->options().maxMessageBytes;
    Util::Log::warning("mcp", "refused an input line longer than " + std::to_string(limit) + " bytes");
    _direct->send(
        invalidRequest(nullptr, "message exceeds the size limit of " + std::to_string(limit) + " bytes"));
}

void MessageDispatcher::handleLine(const std::string& line)
{
    Json message;
    try
    {
        message =
            JsonReader::parse(line, _session->options().maxJsonDepth, _session->options().maxJsonValues);
    }
    catch (const ProtocolError& e)
    {
        Util::Log::debug("mcp", std::string("unreadable input line: ") + e.what());
        _direct->send(errorResponse(nullptr, e));
        return;
    }
    handleMessage(message, _direct);
}

void MessageDispatcher::handleMessage(const Json& message, const std::shared_ptr<ReplySink>& sink)
{
    if (!message.is_array())
    {
        handleOne(message, sink, false);
        return;
    }
    const std::string negotiated = _session->negotiatedVersion();
    if (negotiated != ProtocolVersion::BatchRevision)
    {
        sink->send(invalidRequest(
            nullptr, "JSON-RPC batches are not supported in protocol version " +
                         (negotiated.empty() ? std::string(ProtocolVersion::LatestLegacy) : negotiated) +
                         " (only 2025-03-26 has them)"));
        return;
    }
    if (message.empty())
    {
        sink->send(invalidRequest(nullptr, "empty batch"));
        return;
    }
    auto batch = std::make_shared<BatchReply>(sink, message.size());
    for (const auto& member : message)
        handleOne(member, batch, true);
}

void MessageDispatcher::handleOne(const Json& message, const std::shared_ptr<ReplySink>& sink, bool inBatch)
{
    if (!message.is_object())
    {
        sink->send(invalidRequest(nullptr, "a message must be a JSON object"));
        return;
    }
    const auto method = message.find("method");
    const auto rawId = message.find("id");
    const bool validId = rawId != message.end() && JsonRpc::isValidId(*rawId);
    const Json id = validId ? *rawId : Json();
    const auto jsonrpc = message.find("jsonrpc");
    const bool versionOk = jsonrpc != message.end() && *jsonrpc == "2.0";

    if (method == message.end())
    {
        // A response from the client: the server sends no requests over stdio, so there is nothing to match.
        if (message.contains("result") || message.contains("error"))
            sink->skip();
        else
            sink->send(invalidRequest(id, "missing method"));
        return;
    }
    if (rawId == message.end())
    {
        // Notifications are never answered, not even when malformed.
        if (versionOk && method->is_string())
        {
            const auto params = message.find("params");
            handleNotification(method->get<std::string>(),
                               params != message.end() && params->is_object() ? *params : Json::object());
        }
        sink->skip();
        return;
    }
    if (!validId)
    {
        sink->send(invalidRequest(nullptr, "id must be a string or an integer"));
        return;
    }
    if (!versionOk)
    {
        sink->send(invalidRequest(id, "jsonrpc must be \"2.0\""));
        return;
    }
    if (!method->is_string())
    {
        sink->send(invalidRequest(id, "method must be a string"));
        return;
    }
    Request request;
    request.id = id;
    request.key = JsonRpc::idKey(id);
    request.method = method->get<std::string>();
    const auto params = message.find("params");
    if (params != message.end() && !params->is_null())
    {
        if (params->is_array())
        {
            sink->send(
                JsonRpc::error(id, ProtocolError::InvalidParams, "Invalid params: params must be an object"));
            return;
        }
        if (!params->is_object())
        {
            sink->send(invalidRequest(id, "params must be an object"));
            return;
        }
        request.params = *params;
    }
    if (inBatch && request.method == "initialize")
    {
        sink->send(invalidRequest(id, "initialize must not be part of a batch"));
        return;
    }
    try
    {
        classify(request);
    }
    catch (const ProtocolError& e)
    {
        sink->send(errorResponse(id, e));
        return;
    }
    dispatch(std::move(request), sink);
}

void MessageDispatcher::handleNotification(const std::string& method, const Json& params)
{
    if (method == "notifications/cancelled")
    {
        const auto requestId = params.find("requestId");
        if (requestId != params.end() && JsonRpc::isValidId(*requestId))
        {
            Util::Log::debug("mcp", "client cancelled request " + requestId->dump());
            _session->cancel(JsonRpc::idKey(*requestId));
        }
    }
    else if (method == "notifications/initialized")
        Util::Log::debug("mcp", "client initialized");
    // Anything else (progress, roots/list_changed, unknown ones) needs no action.
}

void MessageDispatcher::classify(Request& request) const
{
    if (request.method == "initialize")
    {
        // initialize always selects legacy semantics, whatever else it carries.
        request.version = ProtocolVersion::LatestLegacy;
        return;
    }
    const auto metaIt = request.params.find("_meta");
    const Json* meta = metaIt != request.params.end() && metaIt->is_object() ? &*metaIt : nullptr;
    if (meta != nullptr)
    {
        const auto token = meta->find("progressToken");
        if (token != meta->end() && (token->is_string() || token->is_number()))
            request.progressToken = *token;
    }
    const auto version = meta != nullptr ? meta->find(ProtocolVersionKey) : Json::const_iterator();
    if (meta != nullptr && version != meta->end())
    {
        if (!version->is_string())
            throw ProtocolError(ProtocolError::InvalidParams, std::string("Invalid params: _meta ") +
                                                                  ProtocolVersionKey + " must be a string");
        const std::string requested = version->get<std::string>();
        if (ProtocolVersion::isModern(requested))
        {
            const auto capabilities = meta->find(ClientCapabilitiesKey);
            if (capabilities == meta->end() || !capabilities->is_object())
                throw ProtocolError(ProtocolError::InvalidParams, std::string("Invalid params: _meta ") +
                                                                      ClientCapabilitiesKey +
                                                                      " is required (an object)");
            const auto level = meta->find(LogLevelKey);
            if (level != meta->end())
            {
                request.logLevel =
                    level->is_string() ? LogLevel::parse(level->get<std::string>()) : LogLevel::None;
                if (request.logLevel == LogLevel::None)
                    throw ProtocolError(ProtocolError::InvalidParams, std::string("Invalid params: _meta ") +
                                                                          LogLevelKey +
                                                                          " must be a logging level");
            }
            request.modern = true;
            request.version = requested;
            return;
        }
        if (ProtocolVersion::isLegacy(requested))
        {
            // A legacy revision named per request (we advertise them in server/discover): serve the request
            // with that revision's legacy semantics.
            request.version = requested;
            return;
        }
        Json data = Json::object();
        data["supported"] = ProtocolVersion::supported();
        data["requested"] = requested;
        throw ProtocolError(ProtocolError::UnsupportedProtocolVersion, "Unsupported protocol version", data);
    }
    if (request.method == "server/discover")
    {
        // The era probe: a legacy-looking discover is still answered, so that clients learn we are modern.
        request.modern = true;
        request.version = ProtocolVersion::Modern;
        return;
    }
    const std::string negotiated = _session->negotiatedVersion();
    request.version = negotiated.empty() ? ProtocolVersion::LatestLegacy : negotiated;
}

void MessageDispatcher::dispatch(Request request, const std::shared_ptr<ReplySink>& sink)
{
    if (_session->inFlight(request.key))
    {
        sink->send(
            invalidRequest(request.id, "a request with id " + request.id.dump() + " is already in progress"));
        return;
    }
    if (auto memoised = RequestHandler(*_session).memoised(request))
    {
        // A repeated call answered from the memo needs no worker: no tool runs, nothing waits on the network,
        // and the hand-off to a worker and back cost more than the answer (docs/performance.md).
        sink->send(Response(request.id, std::move(*memoised)));
        return;
    }
    if (!RequestHandler::runsOnWorker(request.method))
    {
        sink->send(execute(*_session, request, nullptr));
        return;
    }
    auto context = std::make_shared<ServerRequestContext>(_session, request, sink);
    _session->track(request.key, context);
    const Json id = request.id;
    const std::string key = request.key;
    auto shared = std::make_shared<const Request>(std::move(request));
    auto session = _session;
    const bool queued =
        _pool.trySubmit([session, context, shared, sink] { runTask(*session, *context, *shared, *sink); });
    if (!queued)
    {
        _session->untrack(key);
        Util::Log::warning("mcp", "too many requests in progress; refusing request " + id.dump());
        sink->send(JsonRpc::error(id, ProtocolError::InternalError,
                                  "Internal error: server busy, too many requests in progress"));
    }
}

void MessageDispatcher::runTask(Session& session, ServerRequestContext& context, const Request& request,
                                ReplySink& sink)
{
    if (session.closed())
        return;
    Response response{Json()};
    if (!context.cancelledByClient())
    {
        ServerRequestContext::Scope scope(&context);
        response = execute(session, request, &context);
    }
    const bool send = context.finish();
    // Untracked before the response leaves, so a client may reuse the id as soon as it has the answer.
    session.untrack(request.key);
    if (send)
        sink.send(std::move(response));
    else
        sink.skip();
}

Response MessageDispatcher::execute(Session& session, const Request& request, ServerRequestContext* context)
{
    try
    {
        return RequestHandler(session).handle(request, context);
    }
    catch (const ProtocolError& e)
    {
        return errorResponse(request.id, e);
    }
    catch (const std::exception& e)
    {
        Util::Log::error("mcp", request.method + " failed: " + e.what());
        return JsonRpc::error(request.id, ProtocolError::InternalError,
                              "Internal error: " + shorten(Util::Log::redact(e.what())));
    }
    catch (...)
    {
        Util::Log::error("mcp", request.method + " failed with an unknown exception");
        return JsonRpc::error(request.id, ProtocolError::InternalError, "Internal error");
    }
}

} // namespace OuraMcp::Mcp

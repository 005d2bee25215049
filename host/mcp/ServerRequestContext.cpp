#include "mcp/ServerRequestContext.h"

#include "mcp/JsonRpc.h"
#include "mcp/LogLevel.h"
#include "mcp/ProtocolVersion.h"
#include "mcp/ReplySink.h"
#include "mcp/Session.h"

namespace OuraMcp::Mcp {

namespace {

thread_local ServerRequestContext* tlCurrent = nullptr;
thread_local bool tlNotifying = false;

/// Marks the calling thread as writing a notification while holding a context's mutex; a log line the
/// writer emits meanwhile must not come back into that context (it would lock the mutex again).
class NotifyingGuard
{
public:
    NotifyingGuard() noexcept { tlNotifying = true; }
    ~NotifyingGuard() { tlNotifying = false; }
};

} // namespace

ServerRequestContext::ServerRequestContext(std::shared_ptr<Session> session, const Request& request,
                                           std::shared_ptr<ReplySink> sink)
    : _session(std::move(session)), _sink(std::move(sink)), _progressToken(request.progressToken),
      _modern(request.modern), _version(request.version), _logLevel(request.logLevel)
{}

void ServerRequestContext::progress(double progress, double total, const std::string& message)
{
    if (_progressToken.is_null())
        return;
    std::lock_guard<std::mutex> lock(_mutex);
    // Held while writing: finish() waits for a progress notification in flight, so none can follow the
    // response.
    if (_finished || _clientCancelled || (_anyProgress && progress <= _lastProgress))
        return;
    _anyProgress = true;
    _lastProgress = progress;
    Json params = Json::object();
    params["progressToken"] = _progressToken;
    params["progress"] = progress;
    if (total > 0)
        params["total"] = total;
    if (!message.empty() && ProtocolVersion::atLeast(_version, ProtocolVersion::Revision20250326))
        params["message"] = message;
    emit("notifications/progress", std::move(params));
}

void ServerRequestContext::log(Util::Log::Level level, const std::string& logger, const std::string& message)
{
    Scope scope(this);
    Util::Log::write(level, logger, message); // stderr, then the listener routes it back to forwardLog()
}

void ServerRequestContext::forwardLog(Util::Log::Level level, const std::string& logger,
                                      const std::string& line)
{
    const int threshold = _modern ? _logLevel : _session->legacyLogLevel();
    const int mcpLevel = LogLevel::fromLog(level);
    if (threshold == LogLevel::None || mcpLevel < threshold)
        return;
    std::lock_guard<std::mutex> lock(_mutex);
    if (_finished || _clientCancelled || !_session->takeLogToken())
        return;
    Json params = Json::object();
    params["level"] = LogLevel::name(mcpLevel);
    params["logger"] = logger;
    params["data"] = line;
    emit("notifications/message", std::move(params));
}

void ServerRequestContext::emit(const char* method, Json params)
{
    if (_session->closed())
        return;
    NotifyingGuard guard;
    _sink->notify(JsonRpc::notification(method, std::move(params)));
}

bool ServerRequestContext::waitForCancel(std::chrono::milliseconds timeout)
{
    std::unique_lock<std::mutex> lock(_mutex);
    _cancelledCondition.wait_for(lock, timeout, [this] { return _cancelled.load(); });
    return _cancelled.load();
}

void ServerRequestContext::cancel(bool byClient)
{
    {
        std::lock_guard<std::mutex> lock(_mutex);
        if (byClient)
            _clientCancelled = true;
        _cancelled.store(true);
    }
    _cancelledCondition.notify_all();
}

bool ServerRequestContext::cancelledByClient() const
{
    std::lock_guard<std::mutex> lock(_mutex);
    return _clientCancelled;
}

bool ServerRequestContext::finish()
{
    std::lock_guard<std::mutex> lock(_mutex);
    _finished = true;
    return !_clientCancelled;
}

bool ServerRequestContext::notifying() noexcept
{
    return tlNotifying;
}

ServerRequestContext* ServerRequestContext::current() noexcept
{
    return tlCurrent;
}

ServerRequestContext::Scope::Scope(ServerRequestContext* context) noexcept : _previous(tlCurrent)
{
    tlCurrent = context;
}

ServerRequestContext::Scope::~Scope()
{
    tlCurrent = _previous;
}

std::string ServerRequestContext::principal() const
{
    return _session->principal();
}

} // namespace OuraMcp::Mcp

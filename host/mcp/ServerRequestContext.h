#pragma once

#include "mcp/Request.h"
#include "mcp/RequestContext.h"

#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>

namespace OuraMcp::Mcp {

class ReplySink;
class Session;

/// The engine's RequestContext for one request served on a worker: cancellation (by the client or by
/// shutdown), progress notifications and per-request MCP logging, which go to the request's ReplySink (so
/// a transport with one stream per request delivers them there). finish() closes it: nothing is sent for
/// the request afterwards, and a request the client cancelled gets no response at all.
class ServerRequestContext : public RequestContext
{
public:
    ServerRequestContext(std::shared_ptr<Session> session, const Request& request,
                         std::shared_ptr<ReplySink> sink);

    bool cancelled() const override { return _cancelled.load(); }
    void progress(double progress, double total, const std::string& message) override;
    void log(Util::Log::Level level, const std::string& logger, const std::string& message) override;
    bool waitForCancel(std::chrono::milliseconds timeout) override;
    std::string principal() const override;

    void cancel(bool byClient);
    bool cancelledByClient() const;
    bool finish();
    /// Marks the request answered; true if its response should be sent (not cancelled by the client).

    void forwardLog(Util::Log::Level level, const std::string& logger, const std::string& line);
    /// Sends a (redacted) log line as notifications/message if this request's level rules allow it.

    Session& session() const noexcept { return *_session; }

    static bool notifying() noexcept;
    /// True while the calling thread writes a notification for some context (log lines are then dropped
    /// instead of forwarded, which would re-enter that context).

    static ServerRequestContext* current() noexcept;
    /// The context whose request the calling thread is serving, if any.

    class Scope
    {
    public:
        explicit Scope(ServerRequestContext* context) noexcept;
        ~Scope();
        Scope(const Scope&) = delete;
        Scope& operator=(const Scope&) = delete;

    private:
        ServerRequestContext* _previous;
    };
    /// Makes a context current for the calling thread, so that host log lines written while serving the
    /// request are attributed to it.

private:
    void emit(const char* method, Json params);

    std::shared_ptr<Session> _session;
    std::shared_ptr<ReplySink> _sink;
    Json _progressToken;
    bool _modern;
    std::string _version;
    int _logLevel;
    mutable std::mutex _mutex;
    std::condition_variable _cancelledCondition;
    std::atomic<bool> _cancelled{false};
    bool _clientCancelled = false;
    bool _finished = false;
    bool _anyProgress = false;
    double _lastProgress = 0;
};

} // namespace OuraMcp::Mcp

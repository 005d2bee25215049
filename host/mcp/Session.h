#pragma once

#include "mcp/Catalog.h"
#include "mcp/ServerOptions.h"
#include "util/Json.h"
#include "util/Log.h"

#include <atomic>
#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <string>

namespace OuraMcp::Mcp {

class ListCache;
class OutputWriter;
class ServerRequestContext;

/// The state of one run() shared by the reader thread and the workers: the catalog and output, the legacy
/// session (negotiated revision, logging/setLevel), and the requests in flight (for cancellation and
/// duplicate-id detection). Workers hold it by shared_ptr, so a worker that outlives run() still finds it.
/// A transport without a session-wide output (Streamable HTTP answers on each request's own stream)
/// passes no writer: notifications that belong to no request are then dropped.
class Session
{
public:
    Session(Catalog& catalog, ServerInfo info, ServerOptions options, std::shared_ptr<OutputWriter> writer,
            std::shared_ptr<ListCache> lists = nullptr, std::string principal = {});
    /// lists: the serialised list results, shared by the Sessions of a transport that has many (Streamable
    /// HTTP: one per legacy session and per stateless request) over the same catalog, info and options; a
    /// Session without one makes its own. principal: who every request of this session runs as (the
    /// pseudonymous user id an HTTP transport authenticated); "" for the one local user of stdio. Fixed for the
    /// session's life.

    Catalog& catalog() const noexcept { return _catalog; }
    const ServerInfo& info() const noexcept { return _info; }
    const ServerOptions& options() const noexcept { return _options; }
    const std::shared_ptr<OutputWriter>& writerPtr() const noexcept { return _writer; }
    const std::string& principal() const noexcept { return _principal; }
    ListCache& lists() const noexcept { return *_lists; }

    std::string negotiatedVersion() const;
    /// The revision agreed by initialize; empty before any initialize.
    void setNegotiatedVersion(const std::string& version);

    int legacyLogLevel() const noexcept { return _legacyLogLevel.load(); }
    /// The level set by logging/setLevel; LogLevel::None until then.
    void setLegacyLogLevel(int level) noexcept { _legacyLogLevel.store(level); }

    bool inFlight(const std::string& key) const;
    bool track(const std::string& key, std::shared_ptr<ServerRequestContext> context);
    /// False if a request with that id is already in flight.
    void untrack(const std::string& key);
    void cancel(const std::string& key);
    /// notifications/cancelled: the request's context reports cancelled() and its response is dropped.
    void cancelAll();
    /// Shutdown: every context reports cancelled(); results that still arrive in time are sent.

    void notify(const std::string& method, Json params);
    void forwardLog(Util::Log::Level level, const std::string& component, const std::string& line);
    /// From the Util::Log listener: routed to the request being served on this thread (its own level
    /// rules), otherwise sent if logging/setLevel enabled that level.

    bool takeLogToken();
    /// Rate limit for notifications/message (ServerOptions::logBurst, logPerSecond): false means drop it.

    void close();
    /// After this, nothing is written any more.
    bool closed() const noexcept { return _closed.load(); }

private:
    Catalog& _catalog;
    ServerInfo _info;
    ServerOptions _options;
    std::shared_ptr<OutputWriter> _writer;
    std::shared_ptr<ListCache> _lists;
    const std::string _principal;
    mutable std::mutex _mutex;
    std::string _negotiatedVersion;
    std::map<std::string, std::shared_ptr<ServerRequestContext>> _inFlight;
    std::atomic<int> _legacyLogLevel;
    std::mutex _logMutex;
    double _logTokens;
    std::chrono::steady_clock::time_point _logRefill;
    std::size_t _logDropped = 0;
    std::atomic<bool> _closed{false};
};

} // namespace OuraMcp::Mcp

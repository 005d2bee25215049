#pragma once

#include "mcp/Catalog.h"
#include "mcp/ServerOptions.h"

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>

namespace OuraMcp::Mcp {
class ListCache;
class MessageDispatcher;
class WorkerPool;
} // namespace OuraMcp::Mcp

namespace OuraMcp::Http {

/// The legacy-era (2025-03-26 ... 2025-11-25) sessions this process serves, by session id. Each one is an
/// engine Session (negotiated revision, logging level, requests in flight for cancellation) with its
/// dispatcher. The table is only a cache: a validly signed id it does not know (issued before a restart or by
/// a replica) is adopted with the revision the id carries. What it must remember is which ids ended: those
/// deleted by the client or idle too long stay refused until the id would have expired anyway. Every Session
/// it makes shares one Mcp::ListCache, so a list is serialised once per process, not once per session.
/// Thread-safe.
class SessionTable
{
public:
    using Dispatcher = std::shared_ptr<Mcp::MessageDispatcher>;

    SessionTable(Mcp::Catalog& catalog, Mcp::ServerInfo info, Mcp::ServerOptions options,
                 Mcp::WorkerPool& pool, std::chrono::seconds idle, std::size_t maxSessions);
    ~SessionTable();

    Dispatcher fresh(const std::string& principal = {}) const;
    /// A dispatcher over a new engine Session that is in no table: for initialize (added once it
    /// succeeded) and for stateless requests (dropped after the request).

    bool add(const std::string& id, Dispatcher dispatcher, std::int64_t expiresUnix, std::int64_t nowUnix);
    /// False if the table is full even after dropping idle sessions.

    Dispatcher find(const std::string& id, const std::string& principal, const std::string& version,
                    std::int64_t expiresUnix, std::int64_t nowUnix);
    /// The session's dispatcher (adopting a verified id not seen before); null if it ended or expired.

    bool end(const std::string& id, std::int64_t expiresUnix, std::int64_t nowUnix);
    /// DELETE: cancels its requests and refuses the id from now on; false if it had already ended.

    void cancelAll();
    /// Shutdown: every running request of every session reports cancelled().

    std::size_t size() const;

private:
    struct Entry
    {
        Dispatcher dispatcher;
        std::int64_t expiresUnix = 0;
        std::chrono::steady_clock::time_point lastUsed;
    };

    void sweepLocked(std::int64_t nowUnix, bool force);
    void endLocked(std::map<std::string, Entry>::iterator it);

    Mcp::Catalog& _catalog;
    Mcp::ServerInfo _info;
    Mcp::ServerOptions _options;
    Mcp::WorkerPool& _pool;
    std::shared_ptr<Mcp::ListCache> _lists; ///< one for every Session: same catalog, info and options
    std::chrono::seconds _idle;
    std::size_t _maxSessions;
    mutable std::mutex _mutex;
    std::map<std::string, Entry> _live;
    std::map<std::string, std::int64_t>
        _ended; ///< id -> when it expires (then the signature check refuses it)
    std::chrono::steady_clock::time_point _lastSweep;
};

} // namespace OuraMcp::Http

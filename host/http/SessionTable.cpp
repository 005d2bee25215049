#include "http/SessionTable.h"

#include "mcp/ListCache.h"
#include "mcp/MessageDispatcher.h"
#include "mcp/Session.h"
#include "util/Log.h"

namespace OuraMcp::Http {

namespace {

constexpr auto SweepInterval = std::chrono::seconds(5);

} // namespace

SessionTable::SessionTable(Mcp::Catalog& catalog, Mcp::ServerInfo info, Mcp::ServerOptions options,
                           Mcp::WorkerPool& pool, std::chrono::seconds idle, std::size_t maxSessions)
    : _catalog(catalog), _info(std::move(info)), _options(options), _pool(pool),
      _lists(std::make_shared<Mcp::ListCache>()), _idle(idle), _maxSessions(maxSessions),
      _lastSweep(std::chrono::steady_clock::now())
{}

SessionTable::~SessionTable() = default;

SessionTable::Dispatcher SessionTable::fresh(const std::string& principal) const
{
    auto session = std::make_shared<Mcp::Session>(_catalog, _info, _options, nullptr, _lists, principal);
    return std::make_shared<Mcp::MessageDispatcher>(std::move(session), _pool);
}

bool SessionTable::add(const std::string& id, Dispatcher dispatcher, std::int64_t expiresUnix,
                       std::int64_t nowUnix)
{
    std::lock_guard<std::mutex> lock(_mutex);
    if (_live.size() >= _maxSessions)
        sweepLocked(nowUnix, true);
    if (_live.size() >= _maxSessions)
        return false;
    _live[id] = Entry{std::move(dispatcher), expiresUnix, std::chrono::steady_clock::now()};
    return true;
}

SessionTable::Dispatcher SessionTable::find(const std::string& id, const std::string& principal,
                                            const std::string& version, std::int64_t expiresUnix,
                                            std::int64_t nowUnix)
{
    std::lock_guard<std::mutex> lock(_mutex);
    sweepLocked(nowUnix, false);
    if (expiresUnix <= nowUnix || _ended.count(id) != 0)
        return nullptr;
    auto it = _live.find(id);
    if (it != _live.end() && std::chrono::steady_clock::now() - it->second.lastUsed > _idle)
    {
        _ended.emplace(id, expiresUnix); // idle too long: ended, even before the next sweep
        endLocked(it);
        return nullptr;
    }
    if (it == _live.end())
    {
        if (_live.size() >= _maxSessions)
            return nullptr;
        // Issued before a restart or by a replica that shares the key: carry on with what it negotiated.
        Dispatcher dispatcher = fresh(principal);
        dispatcher->session()->setNegotiatedVersion(version);
        it = _live.emplace(id, Entry{std::move(dispatcher), expiresUnix, {}}).first;
        Util::Log::debug("http", "adopted a session issued earlier (" + version + ")");
    }
    if (it->second.dispatcher->session()->principal() != principal)
        return nullptr; // the signature binds the user already; this is the second lock on the same door
    it->second.lastUsed = std::chrono::steady_clock::now();
    return it->second.dispatcher;
}

bool SessionTable::end(const std::string& id, std::int64_t expiresUnix, std::int64_t nowUnix)
{
    std::lock_guard<std::mutex> lock(_mutex);
    if (expiresUnix <= nowUnix || !_ended.emplace(id, expiresUnix).second)
        return false;
    auto it = _live.find(id);
    if (it != _live.end())
        endLocked(it);
    return true;
}

void SessionTable::endLocked(std::map<std::string, Entry>::iterator it)
{
    const auto& session = it->second.dispatcher->session();
    session->cancelAll();
    session->close();
    _live.erase(it);
}

void SessionTable::cancelAll()
{
    std::lock_guard<std::mutex> lock(_mutex);
    for (auto& [id, entry] : _live)
        entry.dispatcher->session()->cancelAll();
}

std::size_t SessionTable::size() const
{
    std::lock_guard<std::mutex> lock(_mutex);
    return _live.size();
}

void SessionTable::sweepLocked(std::int64_t nowUnix, bool force)
{
    const auto now = std::chrono::steady_clock::now();
    if (!force && now - _lastSweep < SweepInterval)
        return;
    _lastSweep = now;
    for (auto it = _ended.begin(); it != _ended.end();)
        it = it->second <= nowUnix ? _ended.erase(it) : std::next(it);
    for (auto it = _live.begin(); it != _live.end();)
    {
        auto next = std::next(it);
        if (it->second.expiresUnix <= nowUnix)
            endLocked(it);
        else if (now - it->second.lastUsed > _idle)
        {
            _ended.emplace(it->first, it->second.expiresUnix);
            endLocked(it);
        }
        it = next;
    }
}

} // namespace OuraMcp::Http

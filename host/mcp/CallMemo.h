#pragma once

#include "mcp/SerializedResult.h"

#include <chrono>
#include <cstddef>
#include <functional>
#include <list>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

namespace OuraMcp::Mcp {

/// Recent tools/call results, serialised, so that the same call repeated within a few seconds is answered
/// with the same bytes without running the tool, parsing its JSON or dumping the result again
/// (docs/performance.md, "Streamable HTTP"). An entry is stored under its principal (the user it was
/// computed for) and a key that the engine builds from everything else the result depends on: the tool
/// name, its arguments, the protocol revision and era, and the catalog's own part (the host's "today",
/// Catalog::memoVariant). A lookup names the principal, so one user's result is never found for another.
///
/// Only what the caller stores is kept: the engine stores successful results only, never errors or
/// isError results. An entry expires ttl after the call that built it started: the data it was built from
/// was at most the data cache's age then, so an answer is at most ttl older than what the data cache alone
/// would give. Bounded by maxBytes (text and keys), least recently used first out. Thread-safe.
class CallMemo
{
public:
    using Clock = std::function<std::chrono::steady_clock::time_point()>;

    struct Options
    {
        std::chrono::milliseconds ttl{5000}; ///< how long an entry is served; 0 stores nothing
        std::size_t maxBytes =
            16 * 1024 * 1024; ///< text and keys of all entries; an entry above it is not kept
    };

    explicit CallMemo(Options options);
    CallMemo(Options options, Clock clock);
    /// clock: the time entries expire by (tests inject one); the default is std::chrono::steady_clock.

    std::chrono::steady_clock::time_point now() const;
    /// The memo's clock: take it before the call whose result will be stored.

    std::optional<SerializedResult> find(const std::string& principal, const std::string& key);
    /// The result stored for principal under key, unless it expired (then it is dropped).

    void store(const std::string& principal, const std::string& key, const SerializedResult& result,
               std::chrono::steady_clock::time_point started);
    /// Keeps result until started + ttl, replacing any entry under the same principal and key, then drops
    /// the least recently used entries while the total is above maxBytes.

    void forget(const std::string& principal);
    /// Drops every entry of principal (a user who deleted the account or was removed).

    void clear();
    /// Drops everything.

    std::size_t size() const;
    /// The entries stored (expired ones included until they are looked up or pushed out).

    std::size_t bytes() const;
    /// What the entries count against maxBytes.

private:
    struct Entry
    {
        std::string principal;
        std::string id; ///< principal and key, unambiguous (the principal's length first)
        SerializedResult result;
        std::chrono::steady_clock::time_point expires;
        std::size_t bytes;
    };
    using Order = std::list<Entry>; ///< most recently used first

    static std::string idOf(const std::string& principal, const std::string& key);
    void eraseLocked(Order::iterator it);

    const Options _options;
    const Clock _clock;
    mutable std::mutex _mutex;
    Order _order;
    std::unordered_map<std::string, Order::iterator> _index;
    std::size_t _bytes = 0;
};

} // namespace OuraMcp::Mcp

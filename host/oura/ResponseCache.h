#pragma once

#include "oura/ApiResponse.h"

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <functional>
#include <list>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

namespace OuraMcp::Oura {

/// An in-memory cache of successful API answers, keyed by path + sorted query, with a TTL chosen per
/// request by the caller (long for settled days, short for recent ones). Bounded by entries and bytes with
/// least-recently-used eviction. Single-flight: identical concurrent requests share one upstream call,
/// the others wait for its answer. Only successful answers are kept. Thread-safe.
class ResponseCache
{
public:
    using Clock = std::chrono::steady_clock;

    struct Options
    {
        std::size_t maxEntries = 1024;
        std::size_t maxBytes = 64u * 1024u * 1024u;
        std::function<Clock::time_point()> now; ///< empty: Clock::now
    };

    struct Stats
    {
        std::size_t hits = 0;   ///< answered from a stored entry
        std::size_t misses = 0; ///< led an upstream call
        std::size_t joined = 0; ///< waited for an identical call already in flight
    };

    ResponseCache();
    explicit ResponseCache(Options options);

    static std::string makeKey(const std::string& path, const QueryParams& query);
    /// path + "?" + the query pairs sorted by name then value (so parameter order does not matter).

    ApiResponse getOrFetch(const std::string& key, std::chrono::milliseconds ttl,
                           const std::function<ApiResponse()>& fetch, const CallControl& control);
    /// A fresh stored answer, or the answer of the identical call in flight, or fetch()'s answer (stored
    /// for ttl if successful and ttl > 0). A waiter whose own request is cancelled stops waiting with
    /// Cancelled; if the leading call was itself cancelled, a waiter fetches on its own.

    std::optional<ApiResponse> lookup(const std::string& key);
    void store(const std::string& key, const ApiResponse& response, std::chrono::milliseconds ttl);
    void clear();

    std::size_t entries() const;
    std::size_t bytes() const;
    Stats stats() const;

private:
    struct Entry
    {
        ApiResponse response;
        Clock::time_point expires;
        std::size_t bytes = 0;
        std::list<std::string>::iterator lru;
    };
    struct Flight
    {
        bool done = false;
        ApiResponse result;
    };

    Clock::time_point now() const;
    std::optional<ApiResponse> lookupLocked(const std::string& key);
    void storeLocked(const std::string& key, const ApiResponse& response, std::chrono::milliseconds ttl);
    void eraseLocked(std::unordered_map<std::string, Entry>::iterator it);

    Options _options;
    mutable std::mutex _mutex;
    std::condition_variable _flightDone;
    std::unordered_map<std::string, Entry> _entries;
    std::list<std::string> _lru; ///< front = most recently used
    std::size_t _bytes = 0;
    std::map<std::string, std::shared_ptr<Flight>> _flights;
    Stats _stats;
};

} // namespace OuraMcp::Oura

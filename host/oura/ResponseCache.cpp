#include "oura/ResponseCache.h"

#include "oura/CancellableWait.h"

#include <algorithm>

namespace OuraMcp::Oura {

namespace {

std::size_t sizeOf(const std::string& key, const ApiResponse& r)
{
    const std::size_t index = r.index ? r.index->documents().size() * sizeof(PageIndex::Document) : 0;
    return key.size() + r.body.size() + index + r.message.size() + r.note.size() + sizeof(ApiResponse);
}

} // namespace

ResponseCache::ResponseCache() : ResponseCache(Options{}) {}

ResponseCache::ResponseCache(Options options) : _options(std::move(options)) {}

ResponseCache::Clock::time_point ResponseCache::now() const
{
    return _options.now ? _options.now() : Clock::now();
}

std::string ResponseCache::makeKey(const std::string& path, const QueryParams& query)
{
    QueryParams sorted = query;
    std::sort(sorted.begin(), sorted.end());
    std::string key = path;
    key += '?';
    for (const auto& [name, value] : sorted)
    {
        // Length-prefixed so that no name/value content can make two different queries collide.
        key +=
            std::to_string(name.size()) + ':' + name + '=' + std::to_string(value.size()) + ':' + value + '&';
    }
    return key;
}

void ResponseCache::eraseLocked(std::unordered_map<std::string, Entry>::iterator it)
{
    _bytes -= it->second.bytes;
    _lru.erase(it->second.lru);
    _entries.erase(it);
}

std::optional<ApiResponse> ResponseCache::lookupLocked(const std::string& key)
{
    auto it = _entries.find(key);
    if (it == _entries.end())
        return std::nullopt;
    if (it->second.expires <= now())
    {
        eraseLocked(it);
        return std::nullopt;
    }
    _lru.splice(_lru.begin(), _lru, it->second.lru);
    return it->second.response;
}

void ResponseCache::storeLocked(const std::string& key, const ApiResponse& response,
                                std::chrono::milliseconds ttl)
{
    if (!response.ok() || ttl.count() <= 0)
        return;
    const std::size_t size = sizeOf(key, response);
    if (size > _options.maxBytes || _options.maxEntries == 0)
        return;
    if (auto it = _entries.find(key); it != _entries.end())
        eraseLocked(it);
    while (!_lru.empty() && (_entries.size() + 1 > _options.maxEntries || _bytes + size > _options.maxBytes))
        eraseLocked(_entries.find(_lru.back()));
    _lru.push_front(key);
    Entry entry{response, now() + ttl, size, _lru.begin()};
    _entries.emplace(key, std::move(entry));
    _bytes += size;
}

std::optional<ApiResponse> ResponseCache::lookup(const std::string& key)
{
    std::lock_guard<std::mutex> lock(_mutex);
    return lookupLocked(key);
}

void ResponseCache::store(const std::string& key, const ApiResponse& response, std::chrono::milliseconds ttl)
{
    std::lock_guard<std::mutex> lock(_mutex);
    storeLocked(key, response, ttl);
}

void ResponseCache::clear()
{
    std::lock_guard<std::mutex> lock(_mutex);
    _entries.clear();
    _lru.clear();
    _bytes = 0;
}

std::size_t ResponseCache::entries() const
{
    std::lock_guard<std::mutex> lock(_mutex);
    return _entries.size();
}

std::size_t ResponseCache::bytes() const
{
    std::lock_guard<std::mutex> lock(_mutex);
    return _bytes;
}

ResponseCache::Stats ResponseCache::stats() const
{
    std::lock_guard<std::mutex> lock(_mutex);
    return _stats;
}

ApiResponse ResponseCache::getOrFetch(const std::string& key, std::chrono::milliseconds ttl,
                                      const std::function<ApiResponse()>& fetch, const CallControl& control)
{
    while (true)
    {
        std::shared_ptr<Flight> flight;
        {
            std::unique_lock<std::mutex> lock(_mutex);
            if (auto hit = lookupLocked(key))
            {
                ++_stats.hits;
                return *hit;
            }
            auto it = _flights.find(key);
            if (it != _flights.end())
            {
                // Someone is already asking Oura the same question: wait for that answer.
                ++_stats.joined;
                auto joined = it->second;
                while (!joined->done)
                {
                    if (CancellableWait::isCancelled(control))
                    {
                        ApiResponse cancelled;
                        cancelled.error = ApiError::Cancelled;
                        cancelled.message = "The request was cancelled.";
                        return cancelled;
                    }
                    _flightDone.wait_for(lock, CancellableWait::slice);
                }
                if (joined->result.error != ApiError::Cancelled)
                    return joined->result;
                continue; // the leader gave up because *its* caller cancelled; ask again ourselves
            }
            flight = std::make_shared<Flight>();
            _flights.emplace(key, flight);
            ++_stats.misses;
        }

        ApiResponse result;
        try
        {
            result = fetch();
        }
        catch (const std::exception& e)
        {
            result.error = ApiError::Internal;
            result.message = std::string("Internal error while fetching: ") + e.what();
        }
        {
            std::lock_guard<std::mutex> lock(_mutex);
            storeLocked(key, result, ttl);
            flight->result = result;
            flight->done = true;
            _flights.erase(key);
        }
        _flightDone.notify_all();
        return result;
    }
}

} // namespace OuraMcp::Oura

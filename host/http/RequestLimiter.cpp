#include "http/RequestLimiter.h"

#include <algorithm>
#include <cmath>

namespace OuraMcp::Http {

RequestLimiter::RequestLimiter(unsigned perMinute, std::size_t maxKeys,
                               std::function<Clock::time_point()> now)
    : _perSecond(perMinute / 60.0), _capacity(perMinute), _maxKeys(std::max<std::size_t>(maxKeys, 1)),
      _now(now ? std::move(now) : [] { return Clock::now(); }), _lastSweep(_now())
{}

unsigned RequestLimiter::admit(const std::string& key)
{
    if (_capacity <= 0)
        return 0;
    const auto now = _now();
    std::lock_guard<std::mutex> lock(_mutex);
    if (now - _lastSweep > std::chrono::minutes(1) || _buckets.size() >= _maxKeys)
        sweepLocked(now);
    auto it = _buckets.find(key);
    if (it == _buckets.end())
    {
        if (_buckets.size() >= _maxKeys)
            return 60; // every key is busy: a flood of addresses; nobody new until some bucket refills
        it = _buckets.emplace(key, Bucket{_capacity, now}).first;
    }
    Bucket& bucket = it->second;
    const double elapsed = std::chrono::duration<double>(now - bucket.updated).count();
    bucket.tokens = std::min(_capacity, bucket.tokens + elapsed * _perSecond);
    bucket.updated = now;
    if (bucket.tokens >= 1.0)
    {
        bucket.tokens -= 1.0;
        return 0;
    }
    return static_cast<unsigned>(std::max(1.0, std::ceil((1.0 - bucket.tokens) / _perSecond)));
}

void RequestLimiter::sweepLocked(Clock::time_point now)
{
    _lastSweep = now;
    for (auto it = _buckets.begin(); it != _buckets.end();)
    {
        const double elapsed = std::chrono::duration<double>(now - it->second.updated).count();
        if (it->second.tokens + elapsed * _perSecond >= _capacity)
            it = _buckets.erase(it); // full again: the same as a key never seen
        else
            ++it;
    }
}

std::size_t RequestLimiter::keys() const
{
    std::lock_guard<std::mutex> lock(_mutex);
    return _buckets.size();
}

} // namespace OuraMcp::Http

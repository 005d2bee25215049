#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <mutex>
#include <string>
#include <unordered_map>

namespace OuraMcp::Http {

/// Requests per minute per key (a client address, a user): a token bucket for each key that refills steadily,
/// so a burst up to the minute's allowance passes and a steady flood is held to the rate. A refused request
/// learns how many seconds until the next one would pass (Retry-After). Keys that have been idle long enough
/// for their bucket to be full again are forgotten, so the table stays as small as the set of active keys
/// (and never grows past maxKeys). Thread-safe.
class RequestLimiter
{
public:
    using Clock = std::chrono::steady_clock;

    RequestLimiter(unsigned perMinute, std::size_t maxKeys = 100000,
                   std::function<Clock::time_point()> now = {});
    /// perMinute 0: no limit (every request passes).

    unsigned admit(const std::string& key);
    /// 0 if the request may pass (and is counted); otherwise the whole seconds (>= 1) until one would.

    std::size_t keys() const;

private:
    struct Bucket
    {
        double tokens;
        Clock::time_point updated;
    };

    void sweepLocked(Clock::time_point now);

    double _perSecond;
    double _capacity;
    std::size_t _maxKeys;
    std::function<Clock::time_point()> _now;
    mutable std::mutex _mutex;
    std::unordered_map<std::string, Bucket> _buckets;
    Clock::time_point _lastSweep;
};

} // namespace OuraMcp::Http

#include "oura/RateLimiter.h"

#include "oura/CancellableWait.h"

#include <algorithm>

namespace OuraMcp::Oura {

RateLimiter::RateLimiter() : RateLimiter(Options{}) {}

RateLimiter::RateLimiter(Options options) : _options(std::move(options))
{
    if (_options.limit == 0)
        _options.limit = 1;
}

RateLimiter::Clock::time_point RateLimiter::now() const
{
    return _options.now ? _options.now() : Clock::now();
}

void RateLimiter::expire(Clock::time_point now)
{
    while (!_sent.empty() && _sent.front() + _options.window <= now)
        _sent.pop_front();
}

std::size_t RateLimiter::inWindow()
{
    std::lock_guard<std::mutex> lock(_mutex);
    expire(now());
    return _sent.size();
}

RateLimiter::Result RateLimiter::acquire(const CallControl& control)
{
    while (true)
    {
        std::chrono::milliseconds wait{0};
        {
            std::lock_guard<std::mutex> lock(_mutex);
            const auto t = now();
            expire(t);
            if (_sent.size() < _options.limit)
            {
                _sent.push_back(t);
                return {};
            }
            wait =
                std::chrono::duration_cast<std::chrono::milliseconds>(_sent.front() + _options.window - t) +
                std::chrono::milliseconds(1);
        }
        if (wait > _options.maxWait)
        {
            const auto seconds = std::max<long long>(1, (wait.count() + 999) / 1000);
            const auto windowSeconds =
                std::chrono::duration_cast<std::chrono::seconds>(_options.window).count();
            return {ApiError::RateLimited, "This server has already sent " + std::to_string(_options.limit) +
                                               " requests to Oura in the last " +
                                               std::to_string(windowSeconds) +
                                               " seconds (Oura's rate limit); try again in about " +
                                               std::to_string(seconds) + " seconds."};
        }
        if (!CancellableWait::waitFor(wait, control))
            return {ApiError::Cancelled, "The request was cancelled while waiting for the rate limiter."};
    }
}

} // namespace OuraMcp::Oura

#pragma once

#include "oura/ApiResponse.h"

#include <chrono>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <string>

namespace OuraMcp::Oura {

/// The client-side share of Oura's rate limit (5000 requests per 5 minutes, per token and per application):
/// a sliding-window log shared by every caller of one ApiClient, so the server stops itself before Oura
/// answers 429. When the window is full, a caller waits if a slot frees up soon, otherwise fails fast.
class RateLimiter
{
public:
    using Clock = std::chrono::steady_clock;

    struct Options
    {
        std::size_t limit = 5000; ///< requests per window
        std::chrono::milliseconds window = std::chrono::minutes(5);
        std::chrono::milliseconds maxWait = std::chrono::seconds(5); ///< longer waits fail with RateLimited
        std::function<Clock::time_point()> now; ///< empty: Clock::now (tests inject a clock)
    };

    RateLimiter();
    explicit RateLimiter(Options options);

    struct Result
    {
        ApiError error = ApiError::None; ///< None, RateLimited or Cancelled
        std::string message;             ///< set on failure
        bool ok() const { return error == ApiError::None; }
    };

    Result acquire(const CallControl& control);
    /// Takes one slot. Waits (cancellably) while the wait is at most maxWait, else fails with a sentence
    /// saying when to try again.

    std::size_t inWindow();
    /// Slots used in the current window.

private:
    Clock::time_point now() const;
    void expire(Clock::time_point now);

    Options _options;
    std::mutex _mutex;
    std::deque<Clock::time_point> _sent;
};

} // namespace OuraMcp::Oura

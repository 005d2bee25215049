#pragma once

#include "mcp/ReplySink.h"

#include <chrono>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <optional>

namespace OuraMcp::Http {

/// The ReplySink of one POST: the engine reports the response (or skip) and the request's notifications
/// from whatever thread serves it; the HTTP thread that owns the connection collects them with next() and
/// writes them. Notifications beyond a bound are dropped, so a client that does not read its stream only
/// costs its own request, never memory or other clients.
class PendingReply : public Mcp::ReplySink
{
public:
    explicit PendingReply(bool keepNotifications) : _keepNotifications(keepNotifications) {}

    void send(Mcp::Response response) override;
    void skip() override;
    void notify(Json notification) override;

    struct Batch
    {
        std::deque<Json> notifications;
        std::optional<Mcp::Response> response; ///< set once the engine answered
        bool finished = false;                 ///< the engine reported (a response or a skip)
    };

    Batch next(std::chrono::milliseconds timeout);
    /// Waits until something arrived or timeout passed and takes it.

private:
    static constexpr std::size_t MaxQueued = 1000;

    const bool _keepNotifications;
    std::mutex _mutex;
    std::condition_variable _arrived;
    Batch _pending;
};

} // namespace OuraMcp::Http

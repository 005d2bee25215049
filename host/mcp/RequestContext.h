#pragma once

#include "util/Log.h"

#include <chrono>
#include <string>
#include <thread>

namespace OuraMcp::Mcp {

/// What the code serving one request (a tool call, a resource read, a prompt) may ask of that request.
/// Implemented by the engine; thread-safe.
class RequestContext
{
public:
    virtual ~RequestContext() = default;

    virtual bool cancelled() const = 0;
    /// True once the client sent notifications/cancelled for this request (or the server is stopping).

    virtual void progress(double progress, double total, const std::string& message) = 0;
    /// Sends notifications/progress if the client gave a progress token; otherwise does nothing.
    /// Values that do not increase are dropped (MCP requires strictly increasing progress).
    /// total <= 0 means unknown; message may be empty.

    virtual void log(Util::Log::Level level, const std::string& logger, const std::string& message) = 0;
    /// Logs to stderr and, if the client enabled MCP logging at that level, as notifications/message.

    virtual std::string principal() const { return {}; }
    /// Who the request runs as: the pseudonymous user id the transport authenticated, "" for the one local
    /// user (stdio). Whatever serves the request reads that user's data and no one else's.

    virtual bool waitForCancel(std::chrono::milliseconds timeout)
    {
        // Fallback for contexts without a wake-up mechanism (test doubles); the engine overrides it.
        const auto deadline = std::chrono::steady_clock::now() + timeout;
        while (!cancelled() && std::chrono::steady_clock::now() < deadline)
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        return cancelled();
    }
    /// Blocks until the request is cancelled or timeout has passed and returns cancelled(). Lets code that
    /// must wait (a retry back-off, a rate limit) stay responsive to cancellation instead of sleeping.
};

} // namespace OuraMcp::Mcp

#include "http/PendingReply.h"

namespace OuraMcp::Http {

void PendingReply::send(Mcp::Response response)
{
    {
        std::lock_guard<std::mutex> lock(_mutex);
        _pending.response = std::move(response);
        _pending.finished = true;
    }
    _arrived.notify_all();
}

void PendingReply::skip()
{
    {
        std::lock_guard<std::mutex> lock(_mutex);
        _pending.finished = true;
    }
    _arrived.notify_all();
}

void PendingReply::notify(Json notification)
{
    if (!_keepNotifications)
        return;
    {
        std::lock_guard<std::mutex> lock(_mutex);
        if (_pending.finished || _pending.notifications.size() >= MaxQueued)
            return;
        _pending.notifications.push_back(std::move(notification));
    }
    _arrived.notify_all();
}

PendingReply::Batch PendingReply::next(std::chrono::milliseconds timeout)
{
    std::unique_lock<std::mutex> lock(_mutex);
    _arrived.wait_for(lock, timeout, [this] { return _pending.finished || !_pending.notifications.empty(); });
    Batch out;
    out.notifications.swap(_pending.notifications);
    out.response = std::move(_pending.response);
    _pending.response.reset();
    out.finished = _pending.finished;
    return out;
}

} // namespace OuraMcp::Http

#include "mcp/ReplySink.h"

#include "mcp/OutputWriter.h"

namespace OuraMcp::Mcp {

void DirectReply::send(Json response)
{
    _writer->write(response);
}

void DirectReply::notify(Json notification)
{
    _writer->write(notification);
}

void BatchReply::notify(Json notification)
{
    _outer->notify(std::move(notification));
}

void BatchReply::send(Json response)
{
    std::unique_lock<std::mutex> lock(_mutex);
    _responses.push_back(std::move(response));
    done(lock);
}

void BatchReply::skip()
{
    std::unique_lock<std::mutex> lock(_mutex);
    done(lock);
}

void BatchReply::done(std::unique_lock<std::mutex>& lock)
{
    if (_pending == 0 || --_pending > 0)
        return;
    Json responses = std::move(_responses);
    lock.unlock();
    if (responses.empty())
        _outer->skip();
    else
        _outer->send(std::move(responses));
}

} // namespace OuraMcp::Mcp

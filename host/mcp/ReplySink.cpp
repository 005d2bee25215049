#include "mcp/ReplySink.h"

#include "mcp/OutputWriter.h"

namespace OuraMcp::Mcp {

void DirectReply::send(Response response)
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

void BatchReply::send(Response response)
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
    std::vector<Response> members = std::move(_responses);
    lock.unlock();
    if (members.empty())
    {
        _outer->skip();
        return;
    }
    Json responses = Json::array();
    for (auto& member : members)
        responses.push_back(std::move(member).toJson());
    _outer->send(std::move(responses));
}

} // namespace OuraMcp::Mcp

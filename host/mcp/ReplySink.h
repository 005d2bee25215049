#pragma once

#include "util/Json.h"

#include <cstddef>
#include <memory>
#include <mutex>

namespace OuraMcp::Mcp {

class OutputWriter;

/// Where the response to one request goes. Every request reports exactly once: send() with its response or
/// skip() when nothing is to be sent (a notification, a cancelled request, a response from the client).
class ReplySink
{
public:
    virtual ~ReplySink() = default;
    virtual void send(Json response) = 0;
    virtual void skip() = 0;
};

/// Writes each response straight to the output.
class DirectReply : public ReplySink
{
public:
    explicit DirectReply(std::shared_ptr<OutputWriter> writer) : _writer(std::move(writer)) {}
    void send(Json response) override;
    void skip() override {}

private:
    std::shared_ptr<OutputWriter> _writer;
};

/// Collects the responses of a JSON-RPC batch (2025-03-26) and writes them as one array once every member
/// has reported; nothing at all if every member was a notification.
class BatchReply : public ReplySink
{
public:
    BatchReply(std::shared_ptr<OutputWriter> writer, std::size_t members)
        : _writer(std::move(writer)), _pending(members)
    {}
    void send(Json response) override;
    void skip() override;

private:
    void done(std::unique_lock<std::mutex>& lock);

    std::shared_ptr<OutputWriter> _writer;
    std::mutex _mutex;
    std::size_t _pending;
    Json _responses = Json::array();
};

} // namespace OuraMcp::Mcp

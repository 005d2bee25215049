#pragma once

#include "mcp/Response.h"
#include "util/Json.h"

#include <cstddef>
#include <memory>
#include <mutex>
#include <vector>

namespace OuraMcp::Mcp {

class OutputWriter;

/// Where the response to one request goes, and the notifications that belong to it: the seam between the
/// engine and a transport. Every request reports exactly once: send() with its response or skip() when
/// nothing is to be sent (a notification, a cancelled request, a response from the client). Before that,
/// notify() may carry the request's own notifications (progress, log messages), which a stream transport
/// writes to its one output and a request-scoped transport (Streamable HTTP) to the request's response
/// stream. Called from any thread.
class ReplySink
{
public:
    virtual ~ReplySink() = default;
    virtual void send(Response response) = 0;
    virtual void skip() = 0;
    virtual void notify(Json notification) = 0;
    /// A notification about the request being served; never called after send() or skip().
};

/// Writes each response and notification straight to the output.
class DirectReply : public ReplySink
{
public:
    explicit DirectReply(std::shared_ptr<OutputWriter> writer) : _writer(std::move(writer)) {}
    void send(Response response) override;
    void skip() override {}
    void notify(Json notification) override;

private:
    std::shared_ptr<OutputWriter> _writer;
};

/// Collects the responses of a JSON-RPC batch (2025-03-26) and passes them on as one array once every member
/// has reported; skip() if every member was a notification. Notifications pass straight through. Batches are
/// rare (one revision has them), so a pre-serialised member is parsed back into the array.
class BatchReply : public ReplySink
{
public:
    BatchReply(std::shared_ptr<ReplySink> outer, std::size_t members)
        : _outer(std::move(outer)), _pending(members)
    {}
    void send(Response response) override;
    void skip() override;
    void notify(Json notification) override;

private:
    void done(std::unique_lock<std::mutex>& lock);

    std::shared_ptr<ReplySink> _outer;
    std::mutex _mutex;
    std::size_t _pending;
    std::vector<Response> _responses;
};

} // namespace OuraMcp::Mcp

#pragma once

#include "mcp/Request.h"
#include "mcp/Response.h"
#include "util/Json.h"

#include <memory>
#include <string>

namespace OuraMcp::Mcp {

class ProtocolError;
class ReplySink;
class ServerRequestContext;
class Session;
class WorkerPool;

/// Turns input into JSON-RPC work on the calling (reader) thread: parses, validates envelopes and ids,
/// handles batches (2025-03-26 only) and notifications, decides each request's era from its _meta, answers
/// the quick methods inline and queues the slow ones on the worker pool. Every request gets exactly one
/// response unless it is a notification or the client cancelled it.
///
/// Two entry points: handleLine() for a stream transport (replies go to the Session's output), and
/// handleMessage() for a transport that gives each message its own ReplySink (Streamable HTTP).
class MessageDispatcher
{
public:
    MessageDispatcher(std::shared_ptr<Session> session, WorkerPool& pool);

    void handleLine(const std::string& line);
    /// Parses one input line and answers on the Session's output.

    void handleOversize();
    /// Answers a line that exceeded ServerOptions::maxMessageBytes.

    void handleMessage(const Json& message, const std::shared_ptr<ReplySink>& sink);
    /// One parsed message (or batch): its response, or skip() if nothing is to be answered, and the
    /// request's notifications go to sink. A batch is answered with one array.

    const std::shared_ptr<Session>& session() const noexcept { return _session; }

private:
    void handleOne(const Json& message, const std::shared_ptr<ReplySink>& sink, bool inBatch);
    void handleNotification(const std::string& method, const Json& params);
    void classify(Request& request) const;
    void dispatch(Request request, const std::shared_ptr<ReplySink>& sink);

    static void runTask(Session& session, ServerRequestContext& context, const Request& request,
                        ReplySink& sink);
    static Response execute(Session& session, const Request& request, ServerRequestContext* context);

    std::shared_ptr<Session> _session;
    WorkerPool& _pool;
    std::shared_ptr<ReplySink> _direct;
};

} // namespace OuraMcp::Mcp

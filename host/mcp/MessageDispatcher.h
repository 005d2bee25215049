#pragma once

#include "mcp/Request.h"
#include "util/Json.h"

#include <memory>
#include <string>

namespace OuraMcp::Mcp {

class ProtocolError;
class ReplySink;
class ServerRequestContext;
class Session;
class WorkerPool;

/// Turns input lines into JSON-RPC work on the reader thread: parses, validates envelopes and ids, handles
/// batches (2025-03-26 only) and notifications, decides each request's era from its _meta, answers the
/// quick methods inline and queues the slow ones on the worker pool. Every request gets exactly one
/// response unless it is a notification or the client cancelled it.
class MessageDispatcher
{
public:
    MessageDispatcher(std::shared_ptr<Session> session, WorkerPool& pool);

    void handleLine(const std::string& line);
    void handleOversize();
    /// Answers a line that exceeded ServerOptions::maxMessageBytes.

private:
    void handleMessage(const Json& message, const std::shared_ptr<ReplySink>& sink, bool inBatch);
    void handleNotification(const std::string& method, const Json& params);
    void classify(Request& request) const;
    void dispatch(Request request, const std::shared_ptr<ReplySink>& sink);

    static void runTask(Session& session, ServerRequestContext& context, const Request& request,
                        ReplySink& sink);
    static Json execute(Session& session, const Request& request, ServerRequestContext* context);

    std::shared_ptr<Session> _session;
    WorkerPool& _pool;
    std::shared_ptr<ReplySink> _direct;
};

} // namespace OuraMcp::Mcp

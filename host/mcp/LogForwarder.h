#pragma once

#include <memory>

namespace OuraMcp::Mcp {

class Session;

/// Connects the host's log lines (Util::Log) to MCP notifications/message while it lives: a line written
/// while a request is served goes to that request (its own level rules and its ReplySink); other lines go
/// to the session's output if logging/setLevel asked for them. There is one Util::Log listener per process,
/// so at most one LogForwarder should exist at a time.
class LogForwarder
{
public:
    explicit LogForwarder(std::weak_ptr<Session> session);
    /// For a stream transport: request lines to their request, the rest to session.

    LogForwarder();
    /// For a transport with no session-wide output: only lines written while serving a request are sent.

    ~LogForwarder();
    /// Removes the listener.

    LogForwarder(const LogForwarder&) = delete;
    LogForwarder& operator=(const LogForwarder&) = delete;
};

} // namespace OuraMcp::Mcp

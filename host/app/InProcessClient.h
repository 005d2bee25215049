#pragma once

#include "mcp/Catalog.h"
#include "mcp/ServerOptions.h"
#include "platform/Pipe.h"
#include "util/Json.h"

#include <memory>
#include <string>
#include <thread>

namespace OuraMcp::Mcp {
class Server;
}

namespace OuraMcp::App {

/// An MCP client for the command-line commands (tools, call, resources) that talks to the real engine,
/// Mcp::Server, running in this process on a pair of pipes. So `oura-mcp call` goes through exactly what
/// an MCP client gets: JSON-RPC framing and dispatch, the initialize handshake, argument and result schema
/// validation, error mapping and the result shaping of the negotiated revision. Not thread-safe: one
/// request at a time, from one thread.
class InProcessClient
{
public:
    InProcessClient(Mcp::Catalog& catalog, Mcp::ServerInfo info, Mcp::ServerOptions options = {});
    /// Starts the server thread and performs the initialize handshake (latest legacy revision, the one
    /// shipping clients speak). Throws std::runtime_error if the engine does not answer it.
    ~InProcessClient();
    /// Ends the input; the server finishes and its thread is joined.

    InProcessClient(const InProcessClient&) = delete;
    InProcessClient& operator=(const InProcessClient&) = delete;

    Json request(const std::string& method, const Json& params = Json::object());
    /// Sends one request and returns its whole JSON-RPC response ({result} or {error}); notifications
    /// that arrive before it are skipped. Throws std::runtime_error if the engine ends without answering.

    Json result(const std::string& method, const Json& params = Json::object());
    /// request(), then the result; an error response is thrown as Mcp::ProtocolError (code, message, data).

    std::vector<Json> listAll(const std::string& method, const std::string& field);
    /// Every item of a paginated list method (tools/list -> "tools"), following nextCursor.

    const std::string& protocolVersion() const { return _version; }

private:
    void send(const Json& message);
    std::string readLine();
    void stop();

    std::unique_ptr<Mcp::Server> _server;
    std::thread _thread;
    Platform::Pipe _input;  // we write requests into it; the engine reads its readEnd()
    Platform::Pipe _output; // the engine writes into its writeEnd(); we read the answers
    std::string _buffer;
    long long _nextId = 1;
    std::string _version;
};

} // namespace OuraMcp::App

#pragma once

#include "http/HttpOptions.h"
#include "mcp/Catalog.h"
#include "mcp/ServerOptions.h"

#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>

namespace Poco {
class ThreadPool;
}
namespace Poco::Net {
class HTTPServer;
}
namespace OuraMcp::Mcp {
class LogForwarder;
class WorkerPool;
} // namespace OuraMcp::Mcp

namespace OuraMcp::Http {

class Endpoint;
class SessionTable;

/// Streamable HTTP for the MCP engine (`oura-mcp serve --http`): a Poco HTTPServer whose one endpoint
/// (Endpoint) feeds the engine's MessageDispatcher, with the engine's worker pool shared by all clients.
/// Nothing is ever written to stdout.
class Server
{
public:
    Server(Mcp::Catalog& catalog, Mcp::ServerInfo info, Mcp::ServerOptions engine, HttpOptions options);
    ~Server();
    Server(const Server&) = delete;
    Server& operator=(const Server&) = delete;

    void start();
    /// Binds and starts accepting. Throws (Poco::Exception, std::exception) if the address cannot be used.

    unsigned short port() const;
    /// The bound port: the real one when port 0 was asked. Valid after start().

    std::string url() const;
    /// http(s)://HOST:PORT/PATH

    int run();
    /// Serves until requestStop(); then stops accepting, lets calls in flight finish (HttpOptions::drainGrace),
    /// cancels what is left, and returns 0.

    void requestStop();
    /// Thread-safe; not async-signal-safe.

private:
    Mcp::Catalog& _catalog;
    Mcp::ServerInfo _info;
    Mcp::ServerOptions _engine;
    HttpOptions _options;
    std::unique_ptr<Mcp::WorkerPool> _pool;
    std::unique_ptr<SessionTable> _sessions;
    std::unique_ptr<Endpoint> _endpoint;
    std::unique_ptr<Poco::ThreadPool> _threads;
    std::unique_ptr<Poco::Net::HTTPServer> _http;
    std::unique_ptr<Mcp::LogForwarder> _forwarder;
    unsigned short _port = 0;
    bool _tlsInitialized = false;
    std::mutex _mutex;
    std::condition_variable _stopRequested;
    bool _stop = false;
};

} // namespace OuraMcp::Http

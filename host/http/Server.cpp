#include "http/Server.h"

#include "http/AccessPolicy.h"
#include "http/Endpoint.h"
#include "http/SessionTable.h"
#include "mcp/LogForwarder.h"
#include "mcp/WorkerPool.h"
#include "platform/BrokenPipe.h"
#include "util/Log.h"

#include <Poco/Net/Context.h>
#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/SSLManager.h>
#include <Poco/Net/SecureServerSocket.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/SocketAddress.h>
#include <Poco/ThreadPool.h>

#include <stdexcept>
#include <thread>

namespace OuraMcp::Http {

namespace {

class EndpointHandler : public Poco::Net::HTTPRequestHandler
{
public:
    explicit EndpointHandler(Endpoint& endpoint) : _endpoint(endpoint) {}
    void handleRequest(Poco::Net::HTTPServerRequest& request,
                       Poco::Net::HTTPServerResponse& response) override
    {
        _endpoint.serve(request, response);
    }

private:
    Endpoint& _endpoint;
};

class EndpointFactory : public Poco::Net::HTTPRequestHandlerFactory
{
public:
    explicit EndpointFactory(Endpoint& endpoint) : _endpoint(endpoint) {}
    Poco::Net::HTTPRequestHandler* createRequestHandler(const Poco::Net::HTTPServerRequest&) override
    {
        return new EndpointHandler(_endpoint);
    }

private:
    Endpoint& _endpoint;
};

std::string bracketed(const std::string& host)
{
    return host.find(':') != std::string::npos ? "[" + host + "]" : host;
}

} // namespace

Server::Server(Mcp::Catalog& catalog, Mcp::ServerInfo info, Mcp::ServerOptions engine, HttpOptions options)
    : _catalog(catalog), _info(std::move(info)), _engine(engine), _options(std::move(options))
{}

Server::~Server()
{
    if (_http)
        _http->stopAll(true);
    if (_threads)
        _threads->joinAll();
    if (_pool)
        _pool->shutdown();
    if (_tlsInitialized)
        Poco::Net::uninitializeSSL();
}

void Server::start()
{
    // The last line of defence for a health-data server: whatever the configuration said, nothing listens
    // beyond this machine unless every request is authenticated.
    if (!AccessPolicy::isLoopback(_options.host) && _options.bearerToken.empty() && !_options.authenticator)
        throw std::invalid_argument("refusing to listen on " + _options.host + " without authentication");
    Platform::BrokenPipe::ignoreSignal(); // a vanished client must not kill the process
    _pool = std::make_unique<Mcp::WorkerPool>(_engine.workerThreads, _engine.maxQueuedRequests);
    _sessions = std::make_unique<SessionTable>(_catalog, _info, _engine, *_pool, _options.sessionIdle,
                                               _options.maxSessions);
    _endpoint = std::make_unique<Endpoint>(_options, *_sessions);

    const Poco::Net::SocketAddress address(_options.host, _options.port);
    Poco::Net::ServerSocket socket;
    if (!_options.tlsCertificate.empty())
    {
        Poco::Net::initializeSSL();
        _tlsInitialized = true;
        Poco::Net::Context::Params params;
        params.privateKeyFile = _options.tlsKey;
        params.certificateFile = _options.tlsCertificate;
        params.verificationMode = Poco::Net::Context::VERIFY_NONE; // clients authenticate with the token
        Poco::Net::Context::Ptr context = new Poco::Net::Context(Poco::Net::Context::TLS_SERVER_USE, params);
        context->requireMinimumProtocol(Poco::Net::Context::PROTO_TLSV1_2);
        socket = Poco::Net::SecureServerSocket(address, 128, context);
    }
    else
        socket = Poco::Net::ServerSocket(address, 128);
    _port = socket.address().port();

    auto* params = new Poco::Net::HTTPServerParams;
    params->setMaxThreads(static_cast<int>(_options.serverThreads));
    params->setMaxQueued(static_cast<int>(_options.serverThreads) * 4);
    params->setKeepAlive(true);
    params->setKeepAliveTimeout(Poco::Timespan(15, 0));
    params->setTimeout(Poco::Timespan(30, 0));
    params->setServerName("oura-mcp");
    _threads = std::make_unique<Poco::ThreadPool>(2, static_cast<int>(_options.serverThreads));
    _http =
        std::make_unique<Poco::Net::HTTPServer>(new EndpointFactory(*_endpoint), *_threads, socket, params);
    _forwarder = std::make_unique<Mcp::LogForwarder>();
    _http->start();
}

unsigned short Server::port() const
{
    return _port;
}

std::string Server::url() const
{
    return std::string(_options.tlsCertificate.empty() ? "http" : "https") + "://" +
           bracketed(_options.host) + ":" + std::to_string(_port) + _options.path;
}

void Server::requestStop()
{
    {
        std::lock_guard<std::mutex> lock(_mutex);
        _stop = true;
    }
    _stopRequested.notify_all();
}

int Server::run()
{
    {
        std::unique_lock<std::mutex> lock(_mutex);
        _stopRequested.wait(lock, [this] { return _stop; });
    }
    Util::Log::info("http", "stopping: no new requests; waiting for " + std::to_string(_endpoint->active()) +
                                " request(s) in flight");
    _endpoint->stopAccepting();
    _http->stop();
    const auto deadline = std::chrono::steady_clock::now() + _options.drainGrace;
    while (_endpoint->active() > 0 && std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    if (_endpoint->active() > 0)
    {
        Util::Log::info("http",
                        "cancelling " + std::to_string(_endpoint->active()) + " request(s) still running");
        _endpoint->abortInFlight();
        _sessions->cancelAll();
        const auto abortDeadline = std::chrono::steady_clock::now() + std::chrono::seconds(3);
        while (_endpoint->active() > 0 && std::chrono::steady_clock::now() < abortDeadline)
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    _http->stopAll(true);
    _threads->joinAll();
    _forwarder.reset();
    _pool->waitIdle(std::chrono::steady_clock::now() + _engine.shutdownGrace);
    _pool->shutdown();
    return 0;
}

} // namespace OuraMcp::Http

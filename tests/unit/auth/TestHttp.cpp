#include "TestHttp.h"

#include <Poco/File.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/StreamCopier.h>
#include <Poco/URI.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace OuraMcp::Testing {

namespace {

class FunctionHandler : public Poco::Net::HTTPRequestHandler
{
public:
    explicit FunctionHandler(const LoopbackServer::Handler& handler) : _handler(handler) {}
    void handleRequest(Poco::Net::HTTPServerRequest& request,
                       Poco::Net::HTTPServerResponse& response) override
    {
        _handler(request, response);
    }

private:
    const LoopbackServer::Handler& _handler;
};

class FunctionFactory : public Poco::Net::HTTPRequestHandlerFactory
{
public:
    explicit FunctionFactory(LoopbackServer::Handler handler) : _handler(std::move(handler)) {}
    Poco::Net::HTTPRequestHandler* createRequestHandler(const Poco::Net::HTTPServerRequest&) override
    {
        return new FunctionHandler(_handler);
    }

private:
    LoopbackServer::Handler _handler;
};

} // namespace

LoopbackServer::LoopbackServer(Handler handler)
{
    Poco::Net::ServerSocket socket(Poco::Net::SocketAddress("127.0.0.1", 0));
    _port = socket.address().port();
    auto* params = new Poco::Net::HTTPServerParams;
    params->setKeepAlive(false);
    _server =
        std::make_unique<Poco::Net::HTTPServer>(new FunctionFactory(std::move(handler)), socket, params);
    _server->start();
}

LoopbackServer::~LoopbackServer()
{
    _server->stopAll(true);
}

std::string LoopbackServer::origin() const
{
    return "http://127.0.0.1:" + std::to_string(_port);
}

LoopbackTransport::LoopbackTransport(std::string origin) : _origin(std::move(origin)) {}

Oura::HttpResponse LoopbackTransport::send(const Oura::HttpRequest& request)
{
    Oura::HttpResponse result;
    try
    {
        const Poco::URI base(_origin);
        Poco::Net::HTTPClientSession session(base.getHost(), base.getPort());
        Poco::URI target(request.path);
        for (const auto& [k, v] : request.query)
            target.addQueryParameter(k, v);
        Poco::Net::HTTPRequest req(request.method, target.getPathEtc(), Poco::Net::HTTPMessage::HTTP_1_1);
        for (const auto& [k, v] : request.headers)
            req.set(k, v);
        if (!request.body.empty() || request.method == "POST")
        {
            req.setContentType(request.contentType);
            req.setContentLength(static_cast<std::streamsize>(request.body.size()));
        }
        session.sendRequest(req) << request.body;
        Poco::Net::HTTPResponse resp;
        std::istream& in = session.receiveResponse(resp);
        std::ostringstream body;
        Poco::StreamCopier::copyStream(in, body);
        result.status = static_cast<int>(resp.getStatus());
        result.body = body.str();
        for (const auto& [k, v] : resp)
            result.headers.emplace_back(k, v);
    }
    catch (const Poco::Exception& e)
    {
        result.status = 0;
        result.networkError = e.displayText();
    }
    return result;
}

SimpleResponse httpGet(const std::string& url)
{
    SimpleResponse result;
    try
    {
        const Poco::URI uri(url);
        Poco::Net::HTTPClientSession session(uri.getHost(), uri.getPort());
        Poco::Net::HTTPRequest req("GET", uri.getPathEtc(), Poco::Net::HTTPMessage::HTTP_1_1);
        session.sendRequest(req);
        Poco::Net::HTTPResponse resp;
        std::istream& in = session.receiveResponse(resp);
        std::ostringstream body;
        Poco::StreamCopier::copyStream(in, body);
        result.status = static_cast<int>(resp.getStatus());
        result.body = body.str();
        result.location = resp.get("Location", "");
    }
    catch (const Poco::Exception& e)
    {
        result.status = 0;
        result.body = e.displayText();
    }
    return result;
}

} // namespace OuraMcp::Testing

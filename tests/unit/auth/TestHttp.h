#pragma once

#include "TempDir.h"
#include "oura/Transport.h"

#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>

#include <functional>
#include <memory>
#include <string>

namespace OuraMcp::Testing {

/// A tiny HTTP server on 127.0.0.1 (ephemeral port) that hands every request to one function.
class LoopbackServer
{
public:
    using Handler = std::function<void(Poco::Net::HTTPServerRequest&, Poco::Net::HTTPServerResponse&)>;

    explicit LoopbackServer(Handler handler);
    ~LoopbackServer();

    std::string origin() const; ///< "http://127.0.0.1:<port>"

private:
    std::unique_ptr<Poco::Net::HTTPServer> _server;
    unsigned short _port = 0;
};

/// An Oura::Transport over plain HTTP with Poco, for tests that need real loopback HTTP.
class LoopbackTransport : public Oura::Transport
{
public:
    explicit LoopbackTransport(std::string origin);

    Oura::HttpResponse send(const Oura::HttpRequest& request) override;
    std::string describe() const override { return _origin; }

private:
    std::string _origin;
};

struct SimpleResponse
{
    int status = 0;
    std::string body;
    std::string location; ///< the Location header, for redirects (not followed)
};

SimpleResponse httpGet(const std::string& url);
/// GET an absolute http:// URL (loopback).

} // namespace OuraMcp::Testing

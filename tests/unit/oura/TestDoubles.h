#pragma once

// Hand-written test doubles for the oura room: a scripted Transport, a TokenProvider with counters, a
// fixed DayCalendar, and a tiny loopback HTTP server for the tests where real HTTP matters.

#include "oura/DayCalendar.h"
#include "oura/TokenProvider.h"
#include "oura/Transport.h"

#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/ThreadPool.h>
#include <Poco/URI.h>

#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace OuraMcp::Oura::Test {

inline HttpResponse answer(int status, std::string body, Headers headers = {})
{
    HttpResponse r;
    r.status = status;
    r.body = std::move(body);
    r.headers = std::move(headers);
    return r;
}

inline HttpResponse networkFailure(std::string what)
{
    HttpResponse r;
    r.networkError = std::move(what);
    return r;
}

inline std::string queryValue(const HttpRequest& request, const std::string& name)
{
    for (const auto& [k, v] : request.query)
    {
        if (k == name)
            return v;
    }
    return {};
}

/// Answers from a script (front first), then from the handler; records every request.
class ScriptedTransport : public Transport
{
public:
    using Handler = std::function<HttpResponse(const HttpRequest&)>;

    explicit ScriptedTransport(Handler handler = {}) : _handler(std::move(handler)) {}

    void push(HttpResponse response)
    {
        std::lock_guard<std::mutex> lock(_mutex);
        _script.push_back(std::move(response));
    }

    HttpResponse send(const HttpRequest& request) override
    {
        Handler handler;
        {
            std::lock_guard<std::mutex> lock(_mutex);
            _requests.push_back(request);
            if (!_script.empty())
            {
                HttpResponse r = _script.front();
                _script.pop_front();
                return r;
            }
            handler = _handler;
        }
        if (handler)
            return handler(request);
        return answer(500, R"({"detail":"script exhausted"})");
    }

    std::string describe() const override { return "scripted transport"; }

    std::vector<HttpRequest> requests() const
    {
        std::lock_guard<std::mutex> lock(_mutex);
        return _requests;
    }
    std::size_t count() const
    {
        std::lock_guard<std::mutex> lock(_mutex);
        return _requests.size();
    }

private:
    mutable std::mutex _mutex;
    Handler _handler;
    std::deque<HttpResponse> _script;
    std::vector<HttpRequest> _requests;
};

/// A token provider whose refresh hands out the next token of a list (or fails when the list is empty).
class FakeTokens : public TokenProvider
{
public:
    FakeTokens(std::string token, std::vector<std::string> refreshed = {})
        : _token(std::move(token)), _refreshed(std::move(refreshed))
    {}

    std::string accessToken() override
    {
        std::lock_guard<std::mutex> lock(_mutex);
        return _token;
    }
    bool refreshAfterUnauthorized(const std::string& rejected) override
    {
        std::lock_guard<std::mutex> lock(_mutex);
        ++refreshCalls;
        lastRejected = rejected;
        if (_refreshed.empty())
            return false;
        _token = _refreshed.front();
        _refreshed.erase(_refreshed.begin());
        return true;
    }
    std::string loginHint() const override { return "No Oura sign-in found; run `oura-mcp auth login`."; }

    int refreshCalls = 0;
    std::string lastRejected;

private:
    std::mutex _mutex;
    std::string _token;
    std::vector<std::string> _refreshed;
};

/// A calendar with a fixed today and a fixed UTC offset; resolves only ISO days ("" = the last 7 days).
class FixedCalendar : public DayCalendar
{
public:
    FixedCalendar(const std::string& today, std::string offset)
        : _today(*Dates::CivilDate::fromIso(today)), _offset(std::move(offset))
    {}

    Days resolve(const std::string& start, const std::string& end) const override
    {
        Days d;
        if (start.empty() && end.empty())
        {
            d.range = Dates::DateRange{_today.addDays(-6), _today};
            return d;
        }
        const std::string s = start.empty() ? end : start;
        const std::string e = end.empty() ? s : end;
        const auto first = Dates::CivilDate::fromIso(s);
        const auto last = Dates::CivilDate::fromIso(e);
        if (!first || !last)
        {
            d.error = "Could not read the date '" + (first ? e : s) + "'; use YYYY-MM-DD.";
            return d;
        }
        if (*last < *first)
        {
            d.error = "The start is after the end.";
            return d;
        }
        d.range = Dates::DateRange{*first, *last};
        return d;
    }
    Dates::CivilDate today() const override { return _today; }
    std::string localMidnightIso(const Dates::CivilDate& day) const override
    {
        return day.toIso() + "T00:00:00" + _offset;
    }

private:
    Dates::CivilDate _today;
    std::string _offset;
};

/// A Poco HTTP server on 127.0.0.1 with an ephemeral port, answering with a function.
class LoopbackServer
{
public:
    using Handler = std::function<void(Poco::Net::HTTPServerRequest&, Poco::Net::HTTPServerResponse&)>;

    explicit LoopbackServer(Handler handler, bool keepAlive = true,
                            Poco::Timespan keepAliveTimeout = Poco::Timespan(10, 0))
        : _pool(2, 16), _socket(Poco::Net::SocketAddress("127.0.0.1", 0))
    {
        auto* params = new Poco::Net::HTTPServerParams;
        params->setKeepAlive(keepAlive);
        params->setKeepAliveTimeout(keepAliveTimeout);
        params->setMaxThreads(16);
        _server =
            std::make_unique<Poco::Net::HTTPServer>(new Factory(std::move(handler)), _pool, _socket, params);
        _server->start();
    }
    ~LoopbackServer() { _server->stopAll(true); }

    unsigned short port() const { return _socket.address().port(); }
    std::string url() const { return "http://127.0.0.1:" + std::to_string(port()); }
    int connections() const { return _server->totalConnections(); }
    int openConnections() const { return _server->currentConnections(); }

private:
    class Handle : public Poco::Net::HTTPRequestHandler
    {
    public:
        explicit Handle(const Handler& h) : _h(h) {}
        void handleRequest(Poco::Net::HTTPServerRequest& req, Poco::Net::HTTPServerResponse& resp) override
        {
            _h(req, resp);
        }

    private:
        const Handler& _h;
    };
    class Factory : public Poco::Net::HTTPRequestHandlerFactory
    {
    public:
        explicit Factory(Handler h) : _h(std::move(h)) {}
        Poco::Net::HTTPRequestHandler* createRequestHandler(const Poco::Net::HTTPServerRequest&) override
        {
            return new Handle(_h);
        }

    private:
        Handler _h;
    };

    Poco::ThreadPool _pool;
    Poco::Net::ServerSocket _socket;
    std::unique_ptr<Poco::Net::HTTPServer> _server;
};

} // namespace OuraMcp::Oura::Test

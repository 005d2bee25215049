#pragma once
// Shared pieces of the Streamable HTTP tests (Http*Test.cpp): the real binary started with
// `serve --http 127.0.0.1:0`, its announced port read from stderr, and a small HTTP client that speaks the
// transport (JSON bodies, SSE streams, the MCP headers).

#include "ServerProcess.h"

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace Poco::Net {
class HTTPClientSession;
}

namespace OuraMcp::Testing {

/// One HTTP exchange as the client saw it.
struct HttpReply
{
    int status = 0;
    std::map<std::string, std::string> headers; ///< names lower-cased
    std::string body;
    std::vector<Json> events; ///< the JSON messages of an SSE body, in order
    Json json;                ///< the JSON body, or the last SSE message; null if neither

    std::string header(const std::string& name) const;
};

/// `oura-mcp serve --http 127.0.0.1:0 ARGS`, running until destroyed.
class HttpServer
{
public:
    HttpServer(const std::vector<std::string>& args, const ServerProcess::Env& env,
               const std::string& listen = "127.0.0.1:0");
    /// Waits for the "listening on http://..." line; fails the test if it does not come. listen is the
    /// address for --http: a fixed port when the command line must name it before the start (--public-url).

    ServerProcess& process() { return *_process; }
    unsigned short port() const { return _port; }
    std::string url() const;

    std::string waitForLog(const std::string& pattern, std::chrono::seconds limit = std::chrono::seconds(10));
    /// The server's stderr once a line matches the regular expression pattern (the access line of a request
    /// is written just after its answer, so a test that reads it waits for it), or as it is at the deadline.

private:
    std::unique_ptr<ServerProcess> _process;
    unsigned short _port = 0;
};

HttpReply web(const std::string& method, const std::string& url, const std::string& body = "",
              const std::map<std::string, std::string>& headers = {});
/// One request on a fresh connection to any absolute http URL (our server, a proxy, the fake Oura), redirects
/// not followed: the browser's steps and the CORS exchanges are what the tests look at.

/// An MCP client over Streamable HTTP with one keep-alive connection.
class HttpClient
{
public:
    using Headers = std::map<std::string, std::string>;

    explicit HttpClient(unsigned short port, std::string path = "/mcp");
    ~HttpClient();

    HttpReply post(const Json& message, const Headers& headers = {});
    /// POST with Content-Type application/json and Accept of both types, plus the session id once known.
    HttpReply postRaw(const std::string& body, const Headers& headers);
    HttpReply send(const std::string& method, const Headers& headers = {});
    /// A body-less request (GET, DELETE).

    Json initialize(const std::string& version = "2025-11-25");
    /// initialize + notifications/initialized; keeps the session id for later requests.

    Json modern(const std::string& method, Json params = Json::object(), int id = 1, Headers extra = {});
    /// A 2026-07-28 request with _meta and the mirrored headers; returns the reply's JSON body.

    std::string sessionId;
    std::string protocolVersion;

private:
    HttpReply exchange(const std::string& method, const std::string& body, const Headers& headers);

    std::unique_ptr<Poco::Net::HTTPClientSession> _session;
    std::string _path;
};

/// A private HOME for one test (deleted with the object): holds the session key file.
class HttpHome
{
public:
    HttpHome();
    ~HttpHome();
    const std::string& path() const { return _path; }

private:
    std::string _path;
};

ServerProcess::Env httpEnv(const std::string& home, const std::string& apiBaseUrl = {});
/// HOME, a fixed clock and time zone, and the API base URL if given.

Json modernMeta();
/// The _meta a 2026-07-28 client sends.

long residentKb(int pid);
/// VmRSS of a process, in KiB.

} // namespace OuraMcp::Testing

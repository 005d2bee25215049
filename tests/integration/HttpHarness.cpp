#include "HttpHarness.h"

#include <gtest/gtest.h>

#include <Poco/File.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/String.h>
#include <Poco/TemporaryFile.h>
#include <Poco/URI.h>

#include <fstream>
#include <regex>
#include <sstream>
#include <thread>

namespace OuraMcp::Testing {

namespace {

/// Status, headers and body of a received response; the JSON body, or the messages of an SSE body (json: the
/// last one).
HttpReply readReply(const Poco::Net::HTTPResponse& response, std::istream& in)
{
    HttpReply reply;
    reply.status = response.getStatus();
    for (const auto& [name, value] : response)
        reply.headers[Poco::toLower(name)] = value;
    std::ostringstream text;
    text << in.rdbuf();
    reply.body = text.str();
    if (response.getContentType().rfind("text/event-stream", 0) == 0)
    {
        std::istringstream lines(reply.body);
        std::string line;
        while (std::getline(lines, line))
        {
            if (line.rfind("data: ", 0) == 0)
                reply.events.push_back(Json::parse(line.substr(6)));
        }
        if (!reply.events.empty())
            reply.json = reply.events.back();
    }
    else if (!reply.body.empty())
        reply.json = Json::parse(reply.body, nullptr, false);
    return reply;
}

} // namespace

std::string HttpReply::header(const std::string& name) const
{
    const auto it = headers.find(Poco::toLower(name));
    return it == headers.end() ? std::string() : it->second;
}

HttpServer::HttpServer(const std::vector<std::string>& args, const ServerProcess::Env& env,
                       const std::string& listen)
{
    std::vector<std::string> all = {"serve", "--http", listen};
    all.insert(all.end(), args.begin(), args.end());
    _process = std::make_unique<ServerProcess>(binaryPath(), all, env);
    const std::regex listening("listening on http://127\\.0\\.0\\.1:([0-9]+)/");
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    std::smatch match;
    std::string text;
    while (std::chrono::steady_clock::now() < deadline)
    {
        text = _process->stderrText();
        if (std::regex_search(text, match, listening))
        {
            _port = static_cast<unsigned short>(std::stoi(match[1]));
            return;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    ADD_FAILURE() << "the server did not announce its port; stderr:\n" << text;
}

std::string HttpServer::waitForLog(const std::string& pattern, std::chrono::seconds limit)
{
    const std::regex wanted(pattern);
    const auto deadline = std::chrono::steady_clock::now() + limit;
    std::string text = _process->stderrText();
    while (!std::regex_search(text, wanted) && std::chrono::steady_clock::now() < deadline)
    {
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
        text = _process->stderrText();
    }
    return text;
}

std::string HttpServer::url() const
{
    return "http://127.0.0.1:" + std::to_string(_port) + "/mcp";
}

HttpClient::HttpClient(unsigned short port, std::string path)
    : _session(std::make_unique<Poco::Net::HTTPClientSession>("127.0.0.1", port)), _path(std::move(path))
{
    _session->setKeepAlive(true);
    _session->setTimeout(Poco::Timespan(30, 0));
}

HttpClient::~HttpClient() = default;

HttpReply HttpClient::exchange(const std::string& method, const std::string& body, const Headers& headers)
{
    Poco::Net::HTTPRequest request(method, _path, Poco::Net::HTTPMessage::HTTP_1_1);
    request.setKeepAlive(true);
    if (!sessionId.empty())
        request.set("Mcp-Session-Id", sessionId);
    if (!protocolVersion.empty())
        request.set("MCP-Protocol-Version", protocolVersion);
    if (method == "POST")
    {
        request.setContentType("application/json");
        request.set("Accept", "application/json, text/event-stream");
        request.setContentLength(static_cast<std::streamsize>(body.size()));
    }
    for (const auto& [name, value] : headers)
    {
        if (value.empty())
            request.erase(name);
        else
            request.set(name, value);
    }
    std::ostream& out = _session->sendRequest(request);
    out << body;
    Poco::Net::HTTPResponse response;
    return readReply(response, _session->receiveResponse(response));
}

HttpReply HttpClient::post(const Json& message, const Headers& headers)
{
    return exchange("POST", message.dump(), headers);
}

HttpReply HttpClient::postRaw(const std::string& body, const Headers& headers)
{
    return exchange("POST", body, headers);
}

HttpReply HttpClient::send(const std::string& method, const Headers& headers)
{
    return exchange(method, "", headers);
}

Json HttpClient::initialize(const std::string& version)
{
    sessionId.clear();
    protocolVersion.clear();
    const Json init = {{"jsonrpc", "2.0"},
                       {"id", 0},
                       {"method", "initialize"},
                       {"params",
                        {{"protocolVersion", version},
                         {"capabilities", Json::object()},
                         {"clientInfo", {{"name", "http-test"}, {"version", "1"}}}}}};
    HttpReply reply = post(init);
    EXPECT_EQ(reply.status, 200) << reply.body;
    sessionId = reply.header("Mcp-Session-Id");
    EXPECT_FALSE(sessionId.empty());
    protocolVersion = reply.json["result"].value("protocolVersion", "");
    HttpReply initialized = post({{"jsonrpc", "2.0"}, {"method", "notifications/initialized"}});
    EXPECT_EQ(initialized.status, 202) << initialized.body;
    return reply.json;
}

HttpHome::HttpHome()
{
    Poco::TemporaryFile dir;
    dir.keep();
    dir.createDirectories();
    _path = dir.path();
}

HttpHome::~HttpHome()
{
    try
    {
        Poco::File(_path).remove(true);
    }
    catch (...)
    {}
}

ServerProcess::Env httpEnv(const std::string& home, const std::string& apiBaseUrl)
{
    ServerProcess::Env env = {
        {"HOME", home}, {"OURA_MCP_NOW", "2026-11-20T12:00:00Z"}, {"OURA_MCP_TIME_ZONE", "Europe/Berlin"}};
    if (!apiBaseUrl.empty())
        env["OURA_API_BASE_URL"] = apiBaseUrl;
    return env;
}

Json modernMeta()
{
    return {{"io.modelcontextprotocol/protocolVersion", "2026-07-28"},
            {"io.modelcontextprotocol/clientCapabilities", Json::object()},
            {"io.modelcontextprotocol/clientInfo", {{"name", "http-test"}, {"version", "1"}}}};
}

Json HttpClient::modern(const std::string& method, Json params, int id, Headers extra)
{
    params["_meta"] = modernMeta();
    Headers headers = {{"MCP-Protocol-Version", "2026-07-28"}, {"Mcp-Method", method}};
    if (params.contains("name"))
        headers["Mcp-Name"] = params["name"].get<std::string>();
    if (params.contains("uri"))
        headers["Mcp-Name"] = params["uri"].get<std::string>();
    for (const auto& [name, value] : extra)
        headers[name] = value;
    const std::string savedSession = sessionId;
    sessionId.clear();
    HttpReply reply = post({{"jsonrpc", "2.0"}, {"id", id}, {"method", method}, {"params", params}}, headers);
    sessionId = savedSession;
    return reply.json;
}

long residentKb(int pid)
{
    std::ifstream status("/proc/" + std::to_string(pid) + "/status");
    std::string line;
    while (std::getline(status, line))
    {
        if (line.rfind("VmRSS:", 0) == 0)
            return std::stol(line.substr(6));
    }
    return -1;
}

HttpReply web(const std::string& method, const std::string& url, const std::string& body,
              const std::map<std::string, std::string>& headers)
{
    const Poco::URI uri(url);
    Poco::Net::HTTPClientSession session(uri.getHost(), uri.getPort());
    session.setTimeout(Poco::Timespan(30, 0));
    Poco::Net::HTTPRequest request(method, uri.getPathAndQuery(), Poco::Net::HTTPMessage::HTTP_1_1);
    if (method == "POST")
        request.setContentLength(static_cast<std::streamsize>(body.size()));
    for (const auto& [name, value] : headers)
        request.set(name, value);
    session.sendRequest(request) << body;
    Poco::Net::HTTPResponse response;
    return readReply(response, session.receiveResponse(response));
}

} // namespace OuraMcp::Testing

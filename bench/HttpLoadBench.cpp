// http-load-bench: requests per second and latency of an MCP server over Streamable HTTP with keep-alive,
// N concurrent clients each with its own legacy session (initialize, then the measured request in a loop).
// Works against any Streamable HTTP server (oura-mcp serve --http, the reference server-everything), JSON
// or SSE answers alike. See docs/performance.md "Streamable HTTP".
//
//   http-load-bench --url http://127.0.0.1:PORT/mcp [--clients N] [--seconds S]
//                   [--method tools/list] [--params JSON] [--sessions-only N] [--header NAME:VALUE]...
//                   [--header-file FILE]
// --header adds a header to every request (e.g. "Authorization: Bearer ..." for a server behind OAuth);
// repeatable. --header-file FILE reads such lines from a file instead, which keeps a token out of the
// process list (bench/remote-bench.sh uses it). Header values are never printed.
// Prints one JSON object: requests, seconds, rps, p50_ms, p99_ms, errors.
#include <nlohmann/json.hpp>

#include <algorithm>
#include <arpa/inet.h>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <mutex>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <string>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>
#include <vector>

using Json = nlohmann::json;
using Clock = std::chrono::steady_clock;

namespace {

struct Options
{
    std::string host = "127.0.0.1";
    int port = 0;
    std::string path = "/mcp";
    int clients = 8;
    double seconds = 5;
    std::string method = "tools/list";
    Json params = Json::object();
    int sessionsOnly = 0;     ///< just open this many sessions (RSS measurement) and exit
    std::string extraHeaders; ///< "Name: value\r\n" lines from --header, sent with every request
};

/// One keep-alive connection speaking just enough HTTP/1.1: Content-Length and chunked bodies.
class Connection
{
public:
    explicit Connection(const Options& o) : _o(o)
    {
        _fd = ::socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_port = htons(static_cast<uint16_t>(o.port));
        ::inet_pton(AF_INET, o.host.c_str(), &address.sin_addr);
        if (::connect(_fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0)
            throw std::runtime_error("cannot connect");
        int one = 1;
        ::setsockopt(_fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    }
    ~Connection() { ::close(_fd); }

    /// POSTs body; returns the status and fills the headers and body.
    int post(const std::string& body, const std::string& session, std::string& headers, std::string& out)
    {
        std::string request =
            "POST " + _o.path + " HTTP/1.1\r\nHost: " + _o.host + ":" + std::to_string(_o.port) +
            "\r\nContent-Type: application/json\r\nAccept: application/json, text/event-stream\r\n" +
            _o.extraHeaders;
        if (!session.empty())
            request += "Mcp-Session-Id: " + session + "\r\nMCP-Protocol-Version: 2025-11-25\r\n";
        request += "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
        if (::send(_fd, request.data(), request.size(), MSG_NOSIGNAL) != static_cast<ssize_t>(request.size()))
            throw std::runtime_error("send failed");
        const auto end = readUntil("\r\n\r\n");
        headers = _buffer.substr(0, end);
        _buffer.erase(0, end + 4);
        const int status = std::atoi(headers.c_str() + 9);
        std::string lower = headers;
        std::transform(lower.begin(), lower.end(), lower.begin(), ::tolower);
        out.clear();
        if (lower.find("transfer-encoding: chunked") != std::string::npos)
        {
            while (true)
            {
                const auto lineEnd = readUntil("\r\n");
                const std::size_t size = std::stoul(_buffer.substr(0, lineEnd), nullptr, 16);
                _buffer.erase(0, lineEnd + 2);
                fill(size + 2);
                out += _buffer.substr(0, size);
                _buffer.erase(0, size + 2);
                if (size == 0)
                    break;
            }
        }
        else
        {
            const auto at = lower.find("content-length:");
            const std::size_t length = at == std::string::npos ? 0 : std::stoul(lower.substr(at + 15));
            fill(length);
            out = _buffer.substr(0, length);
            _buffer.erase(0, length);
        }
        return status;
    }

private:
    std::size_t readUntil(const std::string& marker)
    {
        std::size_t at;
        while ((at = _buffer.find(marker)) == std::string::npos)
            receive();
        return at;
    }
    void fill(std::size_t bytes)
    {
        while (_buffer.size() < bytes)
            receive();
    }
    void receive()
    {
        char chunk[65536];
        const ssize_t n = ::recv(_fd, chunk, sizeof chunk, 0);
        if (n <= 0)
            throw std::runtime_error("connection closed");
        _buffer.append(chunk, static_cast<std::size_t>(n));
    }

    const Options& _o;
    int _fd;
    std::string _buffer;
};

std::string sessionOf(const std::string& headers)
{
    std::string lower = headers;
    std::transform(lower.begin(), lower.end(), lower.begin(), ::tolower);
    const auto at = lower.find("mcp-session-id:");
    if (at == std::string::npos)
        return {};
    auto start = headers.find_first_not_of(' ', at + 15);
    return headers.substr(start, headers.find("\r\n", start) - start);
}

std::string initialize(Connection& connection)
{
    const Json init = {{"jsonrpc", "2.0"},
                       {"id", 0},
                       {"method", "initialize"},
                       {"params",
                        {{"protocolVersion", "2025-11-25"},
                         {"capabilities", Json::object()},
                         {"clientInfo", {{"name", "http-load-bench"}, {"version", "1"}}}}}};
    std::string headers, body;
    if (connection.post(init.dump(), "", headers, body) != 200)
        throw std::runtime_error("initialize failed: " + headers.substr(0, headers.find("\r\n")));
    const std::string session = sessionOf(headers);
    connection.post(R"({"jsonrpc":"2.0","method":"notifications/initialized"})", session, headers, body);
    return session;
}

bool parseUrl(const std::string& url, Options& o)
{
    const std::string prefix = "http://";
    if (url.rfind(prefix, 0) != 0)
        return false;
    const auto slash = url.find('/', prefix.size());
    const std::string authority = url.substr(prefix.size(), slash - prefix.size());
    const auto colon = authority.rfind(':');
    o.host = authority.substr(0, colon);
    o.port = std::atoi(authority.c_str() + colon + 1);
    o.path = slash == std::string::npos ? "/" : url.substr(slash);
    return o.port > 0;
}

/// Adds "NAME:VALUE" (spaces after the colon optional) to the headers every request carries.
bool addHeader(const std::string& header, Options& o)
{
    const auto colon = header.find(':');
    if (colon == std::string::npos || colon == 0 || header.find_first_of("\r\n") != std::string::npos)
        return false;
    const auto value = header.find_first_not_of(' ', colon + 1);
    o.extraHeaders +=
        header.substr(0, colon) + ": " + (value == std::string::npos ? "" : header.substr(value)) + "\r\n";
    return true;
}

} // namespace

int main(int argc, char** argv)
{
    Options o;
    for (int i = 1; i + 1 < argc; i += 2)
    {
        const std::string a = argv[i];
        const std::string v = argv[i + 1];
        if (a == "--url" && !parseUrl(v, o))
        {
            std::cerr << "http-load-bench: --url must be http://HOST:PORT/PATH\n";
            return 2;
        }
        if (a == "--clients")
            o.clients = std::stoi(v);
        else if (a == "--seconds")
            o.seconds = std::stod(v);
        else if (a == "--method")
            o.method = v;
        else if (a == "--params")
            o.params = Json::parse(v);
        else if (a == "--sessions-only")
            o.sessionsOnly = std::stoi(v);
        else if (a == "--header" && !addHeader(v, o))
        {
            std::cerr << "http-load-bench: --header must be NAME:VALUE\n";
            return 2;
        }
        else if (a == "--header-file")
        {
            std::ifstream file(v);
            std::string line;
            while (std::getline(file, line))
                if (!line.empty() && !addHeader(line, o))
                {
                    std::cerr << "http-load-bench: every line of --header-file must be NAME:VALUE\n";
                    return 2;
                }
            if (!file.eof())
            {
                std::cerr << "http-load-bench: cannot read --header-file\n";
                return 2;
            }
        }
    }
    if (o.port == 0)
    {
        std::cerr << "usage: http-load-bench --url http://HOST:PORT/mcp [--clients N] [--seconds S] "
                     "[--method M] [--params JSON] [--sessions-only N] [--header NAME:VALUE]... "
                     "[--header-file FILE]\n";
        return 2;
    }
    if (o.sessionsOnly > 0)
    {
        Connection connection(o);
        for (int i = 0; i < o.sessionsOnly; ++i)
            initialize(connection);
        std::cout << Json{{"sessions", o.sessionsOnly}}.dump() << "\n";
        return 0;
    }
    std::atomic<bool> go{false};
    std::atomic<bool> stop{false};
    std::atomic<long> errors{0};
    std::mutex mutex;
    std::vector<double> latencies;
    std::vector<std::thread> threads;
    for (int c = 0; c < o.clients; ++c)
    {
        threads.emplace_back([&, c] {
            std::vector<double> mine;
            try
            {
                Connection connection(o);
                const std::string session = initialize(connection);
                Json request = {{"jsonrpc", "2.0"}, {"id", 1}, {"method", o.method}, {"params", o.params}};
                std::string headers, body;
                while (!go.load())
                    std::this_thread::yield();
                for (long id = 1; !stop.load(); ++id)
                {
                    request["id"] = id;
                    const auto start = Clock::now();
                    const int status = connection.post(request.dump(), session, headers, body);
                    mine.push_back(std::chrono::duration<double, std::milli>(Clock::now() - start).count());
                    if (status != 200 || body.find("\"result\"") == std::string::npos)
                        ++errors;
                }
            }
            catch (const std::exception& e)
            {
                std::cerr << "client " << c << ": " << e.what() << "\n";
                ++errors;
            }
            std::lock_guard<std::mutex> lock(mutex);
            latencies.insert(latencies.end(), mine.begin(), mine.end());
        });
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(500)); // every client has its session
    const auto start = Clock::now();
    go.store(true);
    std::this_thread::sleep_for(std::chrono::duration<double>(o.seconds));
    stop.store(true);
    for (auto& t : threads)
        t.join();
    const double elapsed = std::chrono::duration<double>(Clock::now() - start).count();
    std::sort(latencies.begin(), latencies.end());
    auto percentile = [&](double p) {
        return latencies.empty() ? 0.0 : latencies[static_cast<std::size_t>(p * (latencies.size() - 1))];
    };
    std::cout << Json{{"method", o.method},
                      {"clients", o.clients},
                      {"requests", latencies.size()},
                      {"seconds", elapsed},
                      {"rps", latencies.size() / elapsed},
                      {"p50_ms", percentile(0.5)},
                      {"p99_ms", percentile(0.99)},
                      {"errors", errors.load()}}
                     .dump()
              << "\n";
    return errors.load() == 0 ? 0 : 1;
}

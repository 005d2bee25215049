#include "ServerHarness.h"

#include <gtest/gtest.h>

#include <cerrno>
#include <fcntl.h>
#include <poll.h>
#include <unistd.h>

namespace OuraMcp::Mcp::Test {

namespace {

constexpr int GuardMs = 20000;

} // namespace

ServerHarness::ServerHarness(ServerOptions options) : _options(options)
{
    if (::pipe(_in) != 0 || ::pipe(_out) != 0)
        throw std::runtime_error("pipe failed");
}

ServerHarness::~ServerHarness()
{
    if (_server && _result.valid())
    {
        _server->requestStop();
        _result.wait();
    }
    // Release anything a test left blocked, then wait until it has returned, so that no worker thread is
    // inside the catalog when it is destroyed.
    catalog.release.open();
    catalog.waitIdle();
    for (int fd : {_in[0], _in[1], _out[0], _out[1]})
    {
        if (fd >= 0)
            ::close(fd);
    }
}

void ServerHarness::start()
{
    _server = std::make_unique<Server>(catalog, info, _options);
    Server* server = _server.get();
    const int in = _in[0];
    const int out = _out[1];
    _result = std::async(std::launch::async, [server, in, out] { return server->run(in, out); });
}

void ServerHarness::sendRaw(const std::string& bytes)
{
    std::size_t offset = 0;
    while (offset < bytes.size())
    {
        const ssize_t n = ::write(_in[1], bytes.data() + offset, bytes.size() - offset);
        if (n < 0 && errno == EINTR)
            continue;
        ASSERT_GT(n, 0) << "write to the server failed";
        offset += static_cast<std::size_t>(n);
    }
}

std::string ServerHarness::readLine()
{
    for (;;)
    {
        const auto newline = _buffer.find('\n');
        if (newline != std::string::npos)
        {
            std::string line = _buffer.substr(0, newline);
            _buffer.erase(0, newline + 1);
            return line;
        }
        pollfd pfd{_out[0], POLLIN, 0};
        const int ready = ::poll(&pfd, 1, GuardMs);
        if (ready <= 0)
        {
            ADD_FAILURE() << "no output line from the server within the guard time";
            return "";
        }
        char chunk[65536];
        const ssize_t n = ::read(_out[0], chunk, sizeof chunk);
        if (n <= 0)
        {
            ADD_FAILURE() << "server output closed";
            return "";
        }
        _buffer.append(chunk, static_cast<std::size_t>(n));
    }
}

Json ServerHarness::read()
{
    const std::string line = readLine();
    EXPECT_EQ(line.find('\r'), std::string::npos);
    Json message;
    try
    {
        message = Json::parse(line);
    }
    catch (const std::exception& e)
    {
        ADD_FAILURE() << "output line is not JSON: " << e.what() << ": " << line.substr(0, 200);
        return Json();
    }
    EXPECT_EQ(message.dump(), line) << "output line is not compact JSON";
    return message;
}

Json ServerHarness::call(const Json& message)
{
    send(message);
    return read();
}

std::optional<std::string> ServerHarness::readRemaining()
{
    ::close(_out[1]);
    _out[1] = -1;
    std::string rest = _buffer;
    _buffer.clear();
    char chunk[65536];
    for (;;)
    {
        pollfd pfd{_out[0], POLLIN, 0};
        if (::poll(&pfd, 1, GuardMs) <= 0)
            return std::nullopt;
        const ssize_t n = ::read(_out[0], chunk, sizeof chunk);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return rest;
        rest.append(chunk, static_cast<std::size_t>(n));
    }
}

Json ServerHarness::initialize(const std::string& version)
{
    const Json response = call(request("init", "initialize",
                                       {{"protocolVersion", version},
                                        {"capabilities", Json::object()},
                                        {"clientInfo", {{"name", "harness"}, {"version", "1"}}}}));
    send(notification("notifications/initialized"));
    return response.value("result", Json());
}

void ServerHarness::closeInput()
{
    ::close(_in[1]);
    _in[1] = -1;
}

bool ServerHarness::waitFinished()
{
    if (!_result.valid() || _result.wait_for(std::chrono::milliseconds(GuardMs)) != std::future_status::ready)
        return false;
    return _result.get() == 0;
}

Json request(const Json& id, const std::string& method, Json params)
{
    return {{"jsonrpc", "2.0"}, {"id", id}, {"method", method}, {"params", std::move(params)}};
}

Json notification(const std::string& method, Json params)
{
    return {{"jsonrpc", "2.0"}, {"method", method}, {"params", std::move(params)}};
}

Json modernMeta()
{
    return {{"io.modelcontextprotocol/protocolVersion", "2026-07-28"},
            {"io.modelcontextprotocol/clientCapabilities", Json::object()}};
}

Json modernRequest(const Json& id, const std::string& method, Json params)
{
    Json meta = modernMeta();
    if (params.contains("_meta"))
        meta.update(params["_meta"]);
    params["_meta"] = meta;
    return request(id, method, std::move(params));
}

} // namespace OuraMcp::Mcp::Test

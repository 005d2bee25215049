#include "app/InProcessClient.h"

#include "mcp/ProtocolError.h"
#include "mcp/ProtocolVersion.h"
#include "mcp/Server.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <stdexcept>
#include <unistd.h>

namespace OuraMcp::App {

namespace {

void makePipe(int& readEnd, int& writeEnd)
{
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0)
        throw std::runtime_error(std::string("cannot create a pipe: ") + std::strerror(errno));
    readEnd = fds[0];
    writeEnd = fds[1];
}

void closeFd(int& fd)
{
    if (fd >= 0)
        ::close(fd);
    fd = -1;
}

} // namespace

InProcessClient::InProcessClient(Mcp::Catalog& catalog, Mcp::ServerInfo info, Mcp::ServerOptions options)
{
    makePipe(_serverIn, _toServer);
    try
    {
        makePipe(_fromServer, _serverOut);
    }
    catch (...)
    {
        closeFd(_serverIn);
        closeFd(_toServer);
        throw;
    }
    _server = std::make_unique<Mcp::Server>(catalog, std::move(info), options);
    _thread = std::thread([this] {
        _server->run(_serverIn, _serverOut);
        // Closing the output once the engine is done turns a missing answer into end of file for
        // readLine() instead of a wait that never ends.
        closeFd(_serverOut);
    });
    try
    {
        Json init =
            result("initialize", {{"protocolVersion", Mcp::ProtocolVersion::LatestLegacy},
                                  {"capabilities", Json::object()},
                                  {"clientInfo", {{"name", "oura-mcp-cli"}, {"version", OURA_MCP_VERSION}}}});
        _version = init.value("protocolVersion", std::string());
        send({{"jsonrpc", "2.0"}, {"method", "notifications/initialized"}});
    }
    catch (...)
    {
        stop();
        throw;
    }
}

InProcessClient::~InProcessClient()
{
    stop();
}

void InProcessClient::stop()
{
    closeFd(_toServer); // end of input: the engine finishes and run() returns
    if (_thread.joinable())
        _thread.join();
    closeFd(_serverIn);
    closeFd(_fromServer);
    closeFd(_serverOut);
}

void InProcessClient::send(const Json& message)
{
    const std::string line = message.dump() + "\n";
    std::size_t done = 0;
    while (done < line.size())
    {
        const ssize_t n = ::write(_toServer, line.data() + done, line.size() - done);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            throw std::runtime_error("the MCP engine stopped reading its input");
        done += static_cast<std::size_t>(n);
    }
}

std::string InProcessClient::readLine()
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
        char chunk[65536];
        const ssize_t n = ::read(_fromServer, chunk, sizeof chunk);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            throw std::runtime_error("the MCP engine ended without answering");
        _buffer.append(chunk, static_cast<std::size_t>(n));
    }
}

Json InProcessClient::request(const std::string& method, const Json& params)
{
    const long long id = _nextId++;
    send({{"jsonrpc", "2.0"}, {"id", id}, {"method", method}, {"params", params}});
    for (;;)
    {
        Json message = Json::parse(readLine(), nullptr, false);
        if (message.is_object() && message.contains("id") && message["id"] == id)
            return message;
        // Anything else is a notification (log line, progress): the command-line output has no use for it.
    }
}

Json InProcessClient::result(const std::string& method, const Json& params)
{
    Json response = request(method, params);
    auto error = response.find("error");
    if (error != response.end())
    {
        const int code = error->value("code", static_cast<int>(Mcp::ProtocolError::InternalError));
        throw Mcp::ProtocolError(code, error->value("message", std::string("unknown error")),
                                 error->value("data", Json()));
    }
    return response.value("result", Json::object());
}

std::vector<Json> InProcessClient::listAll(const std::string& method, const std::string& field)
{
    std::vector<Json> items;
    Json params = Json::object();
    for (;;)
    {
        Json page = result(method, params);
        for (auto& item : page.value(field, Json::array()))
            items.push_back(std::move(item));
        auto cursor = page.find("nextCursor");
        if (cursor == page.end() || !cursor->is_string())
            return items;
        params["cursor"] = *cursor;
    }
}

} // namespace OuraMcp::App

#include "app/InProcessClient.h"

#include "mcp/ProtocolError.h"
#include "mcp/ProtocolVersion.h"
#include "mcp/Server.h"

#include <stdexcept>

namespace OuraMcp::App {

InProcessClient::InProcessClient(Mcp::Catalog& catalog, Mcp::ServerInfo info, Mcp::ServerOptions options)
{
    _server = std::make_unique<Mcp::Server>(catalog, std::move(info), options);
    _thread = std::thread([this] {
        _server->run(_input.readEnd(), _output.writeEnd());
        // Closing the output once the engine is done turns a missing answer into end of file for
        // readLine() instead of a wait that never ends.
        _output.closeWrite();
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
    _input.closeWrite(); // end of input: the engine finishes and run() returns
    if (_thread.joinable())
        _thread.join();
    _input.closeRead();
    _output.closeRead();
    _output.closeWrite();
}

void InProcessClient::send(const Json& message)
{
    const std::string line = message.dump() + "\n";
    try
    {
        _input.write(line.data(), line.size());
    }
    catch (const std::exception&)
    {
        throw std::runtime_error("the MCP engine stopped reading its input");
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
        std::size_t n = 0;
        try
        {
            n = _output.read(chunk, sizeof chunk);
        }
        catch (const std::exception&)
        {}
        if (n == 0)
            throw std::runtime_error("the MCP engine ended without answering");
        _buffer.append(chunk, n);
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

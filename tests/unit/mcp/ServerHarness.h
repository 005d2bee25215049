#pragma once

#include "FakeCatalog.h"
#include "mcp/Server.h"

#include <future>
#include <memory>
#include <optional>
#include <string>

namespace OuraMcp::Mcp::Test {

/// Runs Server::run on its own thread over two pipes and talks to it like a client: writes lines to the
/// server's input and reads its output line by line, checking that each line is one compact JSON value.
class ServerHarness
{
public:
    explicit ServerHarness(ServerOptions options = {});
    ~ServerHarness();

    FakeCatalog catalog;
    ServerInfo info{"test-server", "1.2.3", "Test Server", "A server for tests", "Use the tools."};

    void start();
    void sendRaw(const std::string& bytes);
    void sendLine(const std::string& line) { sendRaw(line + "\n"); }
    void send(const Json& message) { sendLine(message.dump()); }

    std::string readLine();
    /// The next output line (without '\n'); fails the test if none arrives within a generous guard.
    Json read();
    /// The next output line parsed; asserts it is compact single-line JSON (re-serialising gives it back).
    Json call(const Json& message);
    /// send() then read().
    std::optional<std::string> readRemaining();
    /// After the server stopped: everything still in the output pipe up to end of file.

    Json initialize(const std::string& version = "2025-11-25");
    /// initialize + notifications/initialized; returns the initialize result.

    void closeInput();
    bool waitFinished();
    /// True once run() returned (within a guard of 20 s), with return code 0.
    Server& server() { return *_server; }

private:
    ServerOptions _options;
    std::unique_ptr<Server> _server;
    int _in[2] = {-1, -1};
    int _out[2] = {-1, -1};
    std::future<int> _result;
    std::string _buffer;
};

Json request(const Json& id, const std::string& method, Json params = Json::object());
Json notification(const std::string& method, Json params = Json::object());
Json modernMeta();
/// _meta with protocolVersion 2026-07-28 and empty clientCapabilities.
Json modernRequest(const Json& id, const std::string& method, Json params = Json::object());

} // namespace OuraMcp::Mcp::Test

// The nginx configuration of docs/remote.md, taken verbatim from the document, in front of serve --http:
// the legacy handshake and a tool call whose progress streams as SSE pass through the proxy, and the Host
// check accepts the public name the proxy forwards. Skipped where nginx is not installed.
#include "HttpHarness.h"

#include <gtest/gtest.h>

#include <Poco/Net/ServerSocket.h>

#include <fstream>
#include <regex>
#include <sstream>
#include <thread>

using OuraMcp::Json;
using namespace OuraMcp::Testing;

namespace {

/// The `location /mcp { ... }` block of the nginx example in docs/remote.md.
std::string documentedLocation()
{
    std::ifstream in(std::string(OURA_MCP_SOURCE_DIR) + "/docs/remote.md");
    std::stringstream text;
    text << in.rdbuf();
    std::smatch match;
    const std::string doc = text.str();
    if (!std::regex_search(doc, match, std::regex("    location /mcp \\{[^}]*\\}")))
        return {};
    return match[0];
}

unsigned short freePort()
{
    Poco::Net::ServerSocket socket(Poco::Net::SocketAddress("127.0.0.1", 0));
    return socket.address().port();
}

} // namespace

TEST(HttpProxy, TheDocumentedNginxConfigurationPassesSessionsAndStreams)
{
    if (std::system("command -v nginx >/dev/null 2>&1") != 0)
        GTEST_SKIP()
            << "nginx is not installed (packaging/install-deps.sh --with-tests installs nginx-light)";
    std::string location = documentedLocation();
    ASSERT_FALSE(location.empty()) << "docs/remote.md lost its nginx example";
    HttpHome home;
    auto env = httpEnv(home.path());
    env["OURA_MCP_HTTP_PUBLIC_HOSTS"] = "mcp.example.org";
    HttpServer server({"--demo"}, env);
    location = std::regex_replace(location, std::regex("127\\.0\\.0\\.1:8765"),
                                  "127.0.0.1:" + std::to_string(server.port()));
    const unsigned short proxyPort = freePort();
    const std::string dir = home.path();
    std::ofstream(dir + "/nginx.conf")
        << "daemon off; master_process off; worker_processes 1; pid " << dir << "/nginx.pid; error_log "
        << dir
        << "/error.log;\nevents { worker_connections 64; }\nhttp {\n access_log off;\n client_body_temp_path "
        << dir << "/body; proxy_temp_path " << dir << "/proxy; fastcgi_temp_path " << dir
        << "/fcgi; uwsgi_temp_path " << dir << "/uwsgi; scgi_temp_path " << dir
        << "/scgi;\n server {\n  listen 127.0.0.1:" << proxyPort << ";\n  server_name mcp.example.org;\n"
        << location << "\n }\n}\n";
    ServerProcess nginx("/usr/sbin/nginx", {"-p", dir, "-c", dir + "/nginx.conf"}, {});
    HttpClient client(proxyPort);
    HttpClient::Headers host = {{"Host", "mcp.example.org"}};
    HttpReply init;
    for (int i = 0; i < 100; ++i) // until nginx listens
    {
        try
        {
            init = client.post({{"jsonrpc", "2.0"},
                                {"id", 0},
                                {"method", "initialize"},
                                {"params",
                                 {{"protocolVersion", "2025-11-25"},
                                  {"capabilities", Json::object()},
                                  {"clientInfo", {{"name", "via-nginx"}, {"version", "1"}}}}}},
                               host);
            break;
        }
        catch (const std::exception&)
        {
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
    }
    ASSERT_EQ(init.status, 200) << init.body << nginx.stderrText();
    client.sessionId = init.header("Mcp-Session-Id");
    ASSERT_FALSE(client.sessionId.empty());
    EXPECT_EQ(client.post({{"jsonrpc", "2.0"}, {"method", "notifications/initialized"}}, host).status, 202);
    HttpReply call = client.post({{"jsonrpc", "2.0"},
                                  {"id", 1},
                                  {"method", "tools/call"},
                                  {"params",
                                   {{"name", "get_daily_sleep"},
                                    {"arguments", {{"start_date", "2026-11-01"}, {"end_date", "2026-11-07"}}},
                                    {"_meta", {{"progressToken", "via-proxy"}}}}}},
                                 host);
    ASSERT_EQ(call.status, 200) << call.body;
    EXPECT_EQ(call.header("Content-Type"), "text/event-stream");
    ASSERT_GE(call.events.size(), 2u) << call.body;
    EXPECT_EQ(call.events.front()["method"], "notifications/progress");
    EXPECT_TRUE(call.json.contains("result")) << call.body;
    EXPECT_EQ(client.post({{"jsonrpc", "2.0"}, {"id", 2}, {"method", "ping"}}, {{"Host", "evil.example.com"}})
                  .status,
              403);
}

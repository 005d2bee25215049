// Both protocol eras: initialize negotiation and era-gating (legacy), per-request _meta (2026-07-28), and the
// MCP methods served from the Catalog.
#include "ServerHarness.h"

#include <gtest/gtest.h>

namespace OuraMcp::Mcp::Test {

namespace {

int errorCode(const Json& response)
{
    return response.contains("error") ? response["error"].value("code", 0) : 0;
}

const Json ExpectedCapabilities = Json::parse(
    R"({"tools":{"listChanged":false},"resources":{},"prompts":{"listChanged":false},"logging":{},"completions":{}})");

const Json AllVersions = Json::parse(R"(["2026-07-28","2025-11-25","2025-06-18","2025-03-26","2024-11-05"])");

} // namespace

TEST(ServerEras, InitializeEchoesSupportedVersionsAndOtherwiseAnswersLatest)
{
    for (const std::string version : {"2024-11-05", "2025-03-26", "2025-06-18", "2025-11-25"})
    {
        ServerHarness h;
        h.start();
        EXPECT_EQ(h.initialize(version)["protocolVersion"], version);
    }
    for (const std::string version : {"2099-01-01", "2026-07-28", "1.0"})
    {
        ServerHarness h;
        h.start();
        EXPECT_EQ(h.initialize(version)["protocolVersion"], "2025-11-25") << version;
    }
    ServerHarness h;
    h.start();
    EXPECT_EQ(errorCode(h.call(request(1, "initialize", {{"capabilities", Json::object()}}))), -32602);
}

TEST(ServerEras, InitializeResultIsShapedForTheRevision)
{
    {
        ServerHarness h;
        h.start();
        const Json result = h.initialize("2025-11-25");
        EXPECT_EQ(result["capabilities"], ExpectedCapabilities);
        EXPECT_EQ(result["serverInfo"],
                  Json::parse(R"({"name":"test-server","version":"1.2.3","title":"Test Server",)"
                              R"("description":"A server for tests"})"));
        EXPECT_EQ(result["instructions"], "Use the tools.");
        EXPECT_FALSE(result.contains("resultType"));
    }
    {
        ServerHarness h;
        h.start();
        const Json result = h.initialize("2025-06-18");
        EXPECT_EQ(result["serverInfo"],
                  Json::parse(R"({"name":"test-server","version":"1.2.3","title":"Test Server"})"));
    }
    {
        ServerHarness h;
        h.start();
        const Json result = h.initialize("2025-03-26");
        EXPECT_EQ(result["serverInfo"], Json::parse(R"({"name":"test-server","version":"1.2.3"})"));
    }
}

TEST(ServerEras, HidesNewerFieldsFromOlderClients)
{
    {
        ServerHarness h;
        h.start();
        h.initialize("2025-03-26");
        const Json tool = h.call(request(1, "tools/list"))["result"]["tools"][0];
        EXPECT_EQ(tool["name"], "echo");
        EXPECT_FALSE(tool.contains("title"));
        EXPECT_FALSE(tool.contains("outputSchema"));
        EXPECT_FALSE(tool.contains("icons"));
        EXPECT_TRUE(tool.contains("annotations"));
        const Json result =
            h.call(request(2, "tools/call", {{"name", "echo"}, {"arguments", {{"text", "x"}}}}))["result"];
        EXPECT_FALSE(result.contains("structuredContent"));
        EXPECT_EQ(result["content"][0]["text"], "x");
        const Json prompt = h.call(request(3, "prompts/list"))["result"]["prompts"][0];
        EXPECT_FALSE(prompt.contains("title"));
        EXPECT_FALSE(prompt["arguments"][0].contains("title"));
        EXPECT_FALSE(h.call(request(4, "resources/list"))["result"]["resources"][0].contains("title"));
    }
    {
        ServerHarness h;
        h.start();
        h.initialize("2024-11-05");
        EXPECT_FALSE(h.call(request(1, "tools/list"))["result"]["tools"][0].contains("annotations"));
    }
    {
        ServerHarness h;
        h.start();
        h.initialize("2025-06-18");
        const Json tool = h.call(request(1, "tools/list"))["result"]["tools"][0];
        EXPECT_EQ(tool["title"], "Echo");
        EXPECT_TRUE(tool.contains("outputSchema"));
        EXPECT_FALSE(tool.contains("icons"));
        const Json result =
            h.call(request(2, "tools/call", {{"name", "echo"}, {"arguments", {{"text", "x"}}}}))["result"];
        EXPECT_EQ(result["structuredContent"], Json::parse(R"({"echo":"x"})"));
    }
    {
        ServerHarness h;
        h.start();
        h.initialize("2025-11-25");
        const Json tool = h.call(request(1, "tools/list"))["result"]["tools"][0];
        EXPECT_TRUE(tool.contains("icons"));
        EXPECT_FALSE(h.call(request(2, "tools/list"))["result"].contains("ttlMs"));
    }
}

TEST(ServerEras, ModernResultsCarryResultTypeCacheHintsAndServerInfo)
{
    ServerOptions options;
    options.catalogCacheTtl = std::chrono::minutes(5);
    options.cacheTtl = std::chrono::seconds(2);
    ServerHarness h(options);
    h.start();
    const Json serverInfo = Json::parse(R"({"name":"test-server","version":"1.2.3"})");
    // The lists hold no user data and do not change while the process runs: any cache may keep them.
    for (const char* method : {"tools/list", "resources/list", "resources/templates/list", "prompts/list"})
    {
        const Json result = h.call(modernRequest(method, method))["result"];
        EXPECT_EQ(result["resultType"], "complete") << method;
        EXPECT_EQ(result["ttlMs"], 300000) << method;
        EXPECT_EQ(result["cacheScope"], "public") << method;
        EXPECT_EQ(result["_meta"]["io.modelcontextprotocol/serverInfo"], serverInfo) << method;
    }
    // A resource is the user's own data.
    Json result = h.call(modernRequest(1, "resources/read", {{"uri", "test://static"}}))["result"];
    EXPECT_EQ(result["resultType"], "complete");
    EXPECT_EQ(result["ttlMs"], 2000);
    EXPECT_EQ(result["cacheScope"], "private");
    EXPECT_EQ(result["contents"][0]["text"], "content");
    result =
        h.call(modernRequest(2, "tools/call", {{"name", "echo"}, {"arguments", {{"text", "m"}}}}))["result"];
    EXPECT_EQ(result["resultType"], "complete");
    EXPECT_FALSE(result.contains("ttlMs"));
    EXPECT_EQ(result["structuredContent"], Json::parse(R"({"echo":"m"})"));
    EXPECT_EQ(result["_meta"]["io.modelcontextprotocol/serverInfo"], serverInfo);
    result = h.call(
        modernRequest(3, "prompts/get", {{"name", "greet"}, {"arguments", {{"name", "Ada"}}}}))["result"];
    EXPECT_EQ(result["resultType"], "complete");
    result = h.call(modernRequest(4, "completion/complete",
                                  {{"ref", {{"type", "ref/prompt"}, {"name", "greet"}}},
                                   {"argument", {{"name", "name"}, {"value", "al"}}}}))["result"];
    EXPECT_EQ(result["resultType"], "complete");
    EXPECT_EQ(result["completion"]["values"], Json::parse(R"(["alpha","alphabet"])"));
    // The modern tool list is not era-gated.
    EXPECT_TRUE(h.call(modernRequest(5, "tools/list"))["result"]["tools"][0].contains("outputSchema"));
}

TEST(ServerEras, ValidatesModernMeta)
{
    ServerHarness h;
    h.start();
    Json response = h.call(
        request(1, "tools/list", {{"_meta", {{"io.modelcontextprotocol/protocolVersion", "2026-07-28"}}}}));
    EXPECT_EQ(errorCode(response), -32602);
    EXPECT_NE(response["error"]["message"].get<std::string>().find("clientCapabilities"), std::string::npos);
    response = h.call(request(2, "tools/list",
                              {{"_meta",
                                {{"io.modelcontextprotocol/protocolVersion", "1900-01-01"},
                                 {"io.modelcontextprotocol/clientCapabilities", Json::object()}}}}));
    EXPECT_EQ(errorCode(response), -32022);
    EXPECT_EQ(response["id"], 2);
    EXPECT_EQ(response["error"]["data"]["supported"], AllVersions);
    EXPECT_EQ(response["error"]["data"]["requested"], "1900-01-01");
    // Unsupported version wins over missing capabilities: the client needs the list to retry.
    response = h.call(
        request(3, "tools/list", {{"_meta", {{"io.modelcontextprotocol/protocolVersion", "2030-01-01"}}}}));
    EXPECT_EQ(errorCode(response), -32022);
    response =
        h.call(modernRequest(4, "tools/list", {{"_meta", {{"io.modelcontextprotocol/logLevel", "loud"}}}}));
    EXPECT_EQ(errorCode(response), -32602);
    EXPECT_EQ(errorCode(h.call(modernRequest(5, "ping"))), -32601);
    EXPECT_EQ(errorCode(h.call(modernRequest(6, "logging/setLevel", {{"level", "info"}}))), -32601);
    // The same methods without _meta are legacy and fine.
    EXPECT_EQ(h.call(request(7, "ping"))["result"], Json::object());
}

TEST(ServerEras, AnswersDiscoverWithOrWithoutMeta)
{
    ServerHarness h;
    h.start();
    for (const Json& message :
         {request("server-discover-probe-1", "server/discover"), modernRequest(1, "server/discover")})
    {
        const Json response = h.call(message);
        EXPECT_EQ(response["id"], message["id"]);
        const Json& result = response["result"];
        EXPECT_EQ(result["resultType"], "complete");
        EXPECT_EQ(result["supportedVersions"], AllVersions);
        EXPECT_EQ(result["capabilities"], ExpectedCapabilities);
        EXPECT_EQ(result["instructions"], "Use the tools.");
        EXPECT_TRUE(result["ttlMs"].is_number_integer());
        EXPECT_EQ(result["cacheScope"], "public");
        EXPECT_EQ(result["_meta"]["io.modelcontextprotocol/serverInfo"]["name"], "test-server");
        EXPECT_EQ(result["_meta"]["io.modelcontextprotocol/serverInfo"]["version"], "1.2.3");
    }
    const Json response =
        h.call(request(2, "server/discover",
                       {{"_meta",
                         {{"io.modelcontextprotocol/protocolVersion", "1900-01-01"},
                          {"io.modelcontextprotocol/clientCapabilities", Json::object()}}}}));
    EXPECT_EQ(errorCode(response), -32022);
}

TEST(ServerEras, ResourceNotFoundCodeDependsOnTheEra)
{
    ServerHarness h;
    h.start();
    h.initialize("2025-11-25");
    Json response = h.call(request(1, "resources/read", {{"uri", "test://missing"}}));
    EXPECT_EQ(errorCode(response), -32002);
    EXPECT_EQ(response["error"]["data"]["uri"], "test://missing");
    response = h.call(modernRequest(2, "resources/read", {{"uri", "test://missing"}}));
    EXPECT_EQ(errorCode(response), -32602);
    EXPECT_EQ(errorCode(h.call(request(3, "resources/read"))), -32602);
}

TEST(ServerEras, PaginatesListsWithOpaqueCursors)
{
    ServerOptions options;
    options.pageSize = 4;
    ServerHarness h(options);
    h.start();
    std::vector<std::string> names;
    Json params = Json::object();
    int pages = 0;
    for (;;)
    {
        const Json result = h.call(request(++pages, "tools/list", params))["result"];
        EXPECT_LE(result["tools"].size(), 4u);
        for (const auto& tool : result["tools"])
            names.push_back(tool["name"]);
        if (!result.contains("nextCursor"))
            break;
        params["cursor"] = result["nextCursor"];
        ASSERT_LT(pages, 10);
    }
    EXPECT_EQ(pages, 3);
    std::vector<std::string> expected;
    for (const auto& tool : h.catalog.toolList)
        expected.push_back(tool["name"]);
    EXPECT_EQ(names, expected);
    // A cursor is only valid for its own list, and forged or malformed cursors are refused.
    const Json first = h.call(request(20, "tools/list"))["result"];
    const Json cursor = first["nextCursor"];
    EXPECT_EQ(errorCode(h.call(request(21, "prompts/list", {{"cursor", cursor}}))), -32602);
    EXPECT_EQ(errorCode(h.call(request(22, "tools/list", {{"cursor", "xyz"}}))), -32602);
    EXPECT_EQ(errorCode(h.call(request(23, "tools/list", {{"cursor", 4}}))), -32602);
    std::string forged = cursor.get<std::string>();
    forged.back() = forged.back() == '0' ? '1' : '0';
    EXPECT_EQ(errorCode(h.call(request(24, "tools/list", {{"cursor", forged}}))), -32602);
    // The same cursor works again (stable), also in the modern era.
    EXPECT_EQ(h.call(modernRequest(25, "tools/list", {{"cursor", cursor}}))["result"]["tools"][0]["name"],
              "log");
}

TEST(ServerEras, ValidatesToolCalls)
{
    ServerHarness h;
    h.start();
    EXPECT_EQ(errorCode(h.call(request(1, "tools/call"))), -32602);
    EXPECT_EQ(errorCode(h.call(request(2, "tools/call", {{"name", 5}}))), -32602);
    EXPECT_EQ(errorCode(h.call(request(3, "tools/call", {{"name", "echo"}, {"arguments", Json::array()}}))),
              -32602);
    const Json response = h.call(request(4, "tools/call", {{"name", "nope"}}));
    EXPECT_EQ(errorCode(response), -32602);
    EXPECT_EQ(response["error"]["message"], "Unknown tool: nope");
    EXPECT_EQ(h.call(request(5, "tools/call", {{"name", "echo"}}))["result"]["content"][0]["text"], "");
}

TEST(ServerEras, ServesResourcesAndPrompts)
{
    ServerHarness h;
    h.start();
    h.initialize();
    EXPECT_EQ(h.call(request(1, "resources/list"))["result"]["resources"][0]["uri"], "test://static");
    EXPECT_EQ(h.call(request(2, "resources/templates/list"))["result"]["resourceTemplates"][0]["uriTemplate"],
              "test://item/{id}");
    EXPECT_EQ(
        h.call(request(3, "resources/read", {{"uri", "test://item/7"}}))["result"]["contents"][0]["uri"],
        "test://item/7");
    EXPECT_EQ(h.call(request(4, "prompts/list"))["result"]["prompts"][0]["title"], "Greet");
    const Json prompt =
        h.call(request(5, "prompts/get", {{"name", "greet"}, {"arguments", {{"name", "Ada"}}}}));
    EXPECT_EQ(prompt["result"]["messages"][0]["content"]["text"], "Hello Ada");
    Json response = h.call(request(6, "prompts/get", {{"name", "nope"}}));
    EXPECT_EQ(errorCode(response), -32602);
    EXPECT_EQ(response["error"]["message"], "Unknown prompt: nope");
    EXPECT_EQ(errorCode(h.call(request(7, "prompts/get", {{"name", "greet"}}))), -32602); // missing argument
    EXPECT_EQ(errorCode(h.call(request(8, "prompts/get", {{"name", "greet"}, {"arguments", {{"name", 1}}}}))),
              -32602);
    EXPECT_EQ(errorCode(h.call(request(9, "prompts/get"))), -32602);
}

TEST(ServerEras, ValidatesAndCapsCompletions)
{
    ServerHarness h;
    h.start();
    const Json ref = {{"type", "ref/prompt"}, {"name", "greet"}};
    Json result = h.call(request(1, "completion/complete",
                                 {{"ref", ref}, {"argument", {{"name", "name"}, {"value", "b"}}}}))["result"];
    EXPECT_EQ(result["completion"]["values"], Json::parse(R"(["beta"])"));
    result = h.call(request(2, "completion/complete",
                            {{"ref", ref}, {"argument", {{"name", "many"}, {"value", ""}}}}))["result"];
    EXPECT_EQ(result["completion"]["values"].size(), 100u);
    EXPECT_EQ(result["completion"]["hasMore"], true);
    EXPECT_EQ(result["completion"]["total"], 150);
    result = h.call(request(3, "completion/complete",
                            {{"ref", {{"type", "ref/resource"}, {"uri", "test://item/{id}"}}},
                             {"argument", {{"name", "id"}, {"value", "g"}}},
                             {"context", {{"arguments", {{"x", "y"}}}}}}))["result"];
    EXPECT_EQ(result["completion"]["values"], Json::parse(R"(["gamma"])"));
    const Json argument = {{"name", "name"}, {"value", "a"}};
    EXPECT_EQ(errorCode(h.call(request(4, "completion/complete", {{"argument", argument}}))), -32602);
    EXPECT_EQ(errorCode(h.call(request(5, "completion/complete",
                                       {{"ref", {{"type", "ref/other"}}}, {"argument", argument}}))),
              -32602);
    EXPECT_EQ(errorCode(h.call(
                  request(6, "completion/complete",
                          {{"ref", {{"type", "ref/prompt"}, {"name", "nope"}}}, {"argument", argument}}))),
              -32602);
    EXPECT_EQ(errorCode(h.call(request(7, "completion/complete", {{"ref", ref}}))), -32602);
    EXPECT_EQ(errorCode(h.call(
                  request(8, "completion/complete", {{"ref", ref}, {"argument", {{"name", "name"}}}}))),
              -32602);
    EXPECT_EQ(errorCode(h.call(
                  request(9, "completion/complete", {{"ref", ref}, {"argument", argument}, {"context", 3}}))),
              -32602);
}

TEST(ServerEras, ForwardsLogLinesAfterSetLevel)
{
    ServerHarness h;
    h.start();
    h.initialize();
    // Before logging/setLevel nothing is forwarded.
    EXPECT_EQ(h.call(request(1, "tools/call", {{"name", "log"}}))["id"], 1);
    EXPECT_EQ(errorCode(h.call(request(2, "logging/setLevel", {{"level", "verbose"}}))), -32602);
    EXPECT_EQ(errorCode(h.call(request(3, "logging/setLevel"))), -32602);
    EXPECT_EQ(h.call(request(4, "logging/setLevel", {{"level", "warning"}}))["result"], Json::object());
    h.send(request(5, "tools/call", {{"name", "log"}}));
    Json message = h.read();
    EXPECT_EQ(message["method"], "notifications/message");
    EXPECT_EQ(message["params"], Json::parse(R"({"level":"warning","logger":"fake","data":"warning line"})"));
    message = h.read();
    EXPECT_EQ(message["params"],
              Json::parse(R"({"level":"error","logger":"fake.ctx","data":"context error line"})"));
    EXPECT_EQ(h.read()["id"], 5);
    // Lines outside any request are forwarded too, and secrets stay redacted.
    Util::Log::addSecret("super-secret-token-123");
    Util::Log::error("component", "failed with super-secret-token-123");
    message = h.read();
    EXPECT_EQ(message["params"]["data"], "failed with [redacted]");
    EXPECT_EQ(message["params"]["logger"], "component");
}

TEST(ServerEras, RateLimitsLogNotifications)
{
    ServerOptions options;
    options.logBurst = 5;
    options.logPerSecond = 0; // no refill: exactly the burst gets through
    ServerHarness h(options);
    h.start();
    h.initialize();
    EXPECT_EQ(h.call(request(1, "logging/setLevel", {{"level", "warning"}}))["result"], Json::object());
    h.send(request(2, "tools/call", {{"name", "log_many"}, {"arguments", {{"count", 20}}}}));
    int notifications = 0;
    Json message = h.read();
    while (message.value("method", "") == "notifications/message")
    {
        EXPECT_EQ(message["params"]["data"], "line " + std::to_string(notifications));
        ++notifications;
        message = h.read();
    }
    EXPECT_EQ(notifications, 5);
    EXPECT_EQ(message["id"], 2);
}

TEST(ServerEras, ModernLogLevelAppliesToItsRequestOnly)
{
    ServerHarness h;
    h.start();
    h.send(modernRequest(1, "tools/call",
                         {{"name", "log"}, {"_meta", {{"io.modelcontextprotocol/logLevel", "info"}}}}));
    std::vector<std::string> levels;
    Json message = h.read();
    while (message.value("method", "") == "notifications/message")
    {
        levels.push_back(message["params"]["level"]);
        message = h.read();
    }
    EXPECT_EQ(levels, (std::vector<std::string>{"info", "warning", "error"}));
    EXPECT_EQ(message["id"], 1);
    // A legacy setLevel does not make a modern request without logLevel chatty.
    EXPECT_EQ(h.call(request(2, "logging/setLevel", {{"level", "debug"}}))["result"], Json::object());
    EXPECT_EQ(h.call(modernRequest(3, "tools/call", {{"name", "log"}}))["id"], 3);
}

TEST(ServerEras, SendsProgressOnlyWithATokenAndStrictlyIncreasing)
{
    ServerHarness h;
    h.start();
    h.initialize();
    h.send(request(1, "tools/call", {{"name", "progress"}, {"_meta", {{"progressToken", "tok"}}}}));
    EXPECT_EQ(h.read(),
              Json::parse(R"({"jsonrpc":"2.0","method":"notifications/progress",)"
                          R"("params":{"progressToken":"tok","progress":1.0,"total":3.0,"message":"one"}})"));
    EXPECT_EQ(h.read()["params"], Json::parse(R"({"progressToken":"tok","progress":2.0,"total":3.0})"));
    EXPECT_EQ(h.read()["params"], Json::parse(R"({"progressToken":"tok","progress":3.0,"message":"done"})"));
    EXPECT_EQ(h.read()["id"], 1);
    // Without a token: just the response.
    EXPECT_EQ(h.call(request(2, "tools/call", {{"name", "progress"}}))["id"], 2);
    // Integer tokens are echoed as given.
    h.send(request(3, "tools/call", {{"name", "progress"}, {"_meta", {{"progressToken", 77}}}}));
    EXPECT_EQ(h.read()["params"]["progressToken"], 77);
}

} // namespace OuraMcp::Mcp::Test

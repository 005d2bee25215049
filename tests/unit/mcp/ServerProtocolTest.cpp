// JSON-RPC and framing behaviour of Server: ids, error codes, notifications, batches, hostile input.
#include "ServerHarness.h"

#include <gtest/gtest.h>

namespace OuraMcp::Mcp::Test {

namespace {

int errorCode(const Json& response)
{
    return response.contains("error") ? response["error"].value("code", 0) : 0;
}

std::string errorMessage(const Json& response)
{
    return response.contains("error") ? response["error"].value("message", std::string()) : std::string();
}

} // namespace

TEST(ServerProtocol, EchoesIdsExactly)
{
    ServerHarness h;
    h.start();
    h.send(request(0, "ping"));
    EXPECT_EQ(h.readLine(), R"({"jsonrpc":"2.0","id":0,"result":{}})");
    h.sendLine(R"({"jsonrpc":"2.0","id":9007199254740993,"method":"ping"})");
    EXPECT_EQ(h.readLine(), R"({"jsonrpc":"2.0","id":9007199254740993,"result":{}})");
    h.sendLine(R"({"jsonrpc":"2.0","id":-9223372036854775808,"method":"ping"})");
    EXPECT_EQ(h.readLine(), R"({"jsonrpc":"2.0","id":-9223372036854775808,"result":{}})");
    h.sendLine(R"({"jsonrpc":"2.0","id":18446744073709551615,"method":"ping"})");
    EXPECT_EQ(h.readLine(), R"({"jsonrpc":"2.0","id":18446744073709551615,"result":{}})");
    EXPECT_EQ(h.call(request("abc", "ping"))["id"], "abc");
    EXPECT_EQ(h.call(request("", "ping"))["id"], "");
    EXPECT_EQ(h.call(request(-7, "ping"))["id"], -7);
}

TEST(ServerProtocol, RejectsInvalidIdsWithNullId)
{
    ServerHarness h;
    h.start();
    for (const char* id : {"null", "1.5", "{}", "[]", "true", "1e3"})
    {
        const Json response =
            h.call(Json::parse(std::string(R"({"jsonrpc":"2.0","method":"ping","id":)") + id + "}"));
        EXPECT_EQ(errorCode(response), -32600) << id;
        EXPECT_TRUE(response["id"].is_null()) << id;
    }
}

TEST(ServerProtocol, AnswersParseErrorsWithNullId)
{
    ServerHarness h;
    h.start();
    h.sendLine("{bad json");
    Json response = h.read();
    EXPECT_EQ(errorCode(response), -32700);
    EXPECT_TRUE(response.contains("id"));
    EXPECT_TRUE(response["id"].is_null());
    h.sendLine(R"({"jsonrpc":"2.0","id":1,"method":"ping")"); // truncated
    EXPECT_EQ(errorCode(h.read()), -32700);
    EXPECT_EQ(h.call(request(2, "ping"))["result"], Json::object());
}

TEST(ServerProtocol, RejectsInvalidEnvelopes)
{
    ServerHarness h;
    h.start();
    Json response = h.call({{"id", 1}, {"method", "ping"}}); // no jsonrpc
    EXPECT_EQ(errorCode(response), -32600);
    EXPECT_EQ(response["id"], 1);
    EXPECT_EQ(errorCode(h.call({{"jsonrpc", "1.0"}, {"id", 2}, {"method", "ping"}})), -32600);
    EXPECT_EQ(errorCode(h.call({{"jsonrpc", "2.0"}, {"id", 3}, {"method", 5}})), -32600);
    EXPECT_EQ(errorCode(h.call({{"jsonrpc", "2.0"}, {"id", 4}, {"method", "ping"}, {"params", "x"}})),
              -32600);
    EXPECT_EQ(errorCode(h.call({{"jsonrpc", "2.0"}, {"id", 5}})), -32600);
    response = h.call(Json(42));
    EXPECT_EQ(errorCode(response), -32600);
    EXPECT_TRUE(response["id"].is_null());
    response =
        h.call({{"jsonrpc", "2.0"}, {"id", 6}, {"method", "tools/list"}, {"params", Json::array({1})}});
    EXPECT_EQ(errorCode(response), -32602);
    EXPECT_EQ(response["id"], 6);
}

TEST(ServerProtocol, AnswersUnknownMethodsWithMethodNotFound)
{
    ServerHarness h;
    h.start();
    const Json response = h.call(request(1, "tools/frobnicate"));
    EXPECT_EQ(errorCode(response), -32601);
    EXPECT_EQ(response["id"], 1);
    EXPECT_NE(errorMessage(response).find("tools/frobnicate"), std::string::npos);
    EXPECT_EQ(errorCode(h.call(request(2, "resources/subscribe", {{"uri", "test://static"}}))), -32601);
}

TEST(ServerProtocol, NeverAnswersNotificationsOrClientResponses)
{
    ServerHarness h;
    h.start();
    h.send(notification("notifications/initialized"));
    h.send(notification("notifications/something_unknown"));
    h.send(notification("ping"));
    h.send(notification("tools/call", {{"name", "echo"}}));
    h.send({{"jsonrpc", "2.0"}, {"method", 17}}); // malformed notification: still not answered
    h.send({{"jsonrpc", "2.0"}, {"id", 99}, {"result", Json::object()}}); // a response from the client
    h.send({{"jsonrpc", "2.0"}, {"id", 98}, {"error", {{"code", 1}, {"message", "x"}}}});
    h.send(notification("notifications/cancelled", {{"requestId", 12345}})); // unknown id: ignored
    // Reads are in order for inline requests: the first line after all that is the ping's answer.
    const Json response = h.call(request("after", "ping"));
    EXPECT_EQ(response["id"], "after");
    EXPECT_EQ(response["result"], Json::object());
}

TEST(ServerProtocol, ToleratesCrlfBlankLinesAndSplitWrites)
{
    ServerHarness h;
    h.start();
    h.sendRaw("\r\n\n   \n\t\r\n");
    h.sendRaw(R"({"jsonrpc":"2.0",)");
    h.sendRaw(R"("id":1,"met)");
    h.sendRaw("hod\":\"ping\"}\r\n");
    Json response = h.read();
    EXPECT_EQ(response["id"], 1);
    EXPECT_EQ(response["result"], Json::object());
    h.sendRaw(request(2, "ping").dump() + "\n" + request(3, "ping").dump() + "\r\n");
    EXPECT_EQ(h.read()["id"], 2);
    EXPECT_EQ(h.read()["id"], 3);
}

TEST(ServerProtocol, RefusesOversizeLineOnceAndRecovers)
{
    ServerOptions options;
    options.maxMessageBytes = 1024;
    ServerHarness h(options);
    h.start();
    // 300 kB in pieces without a newline: the server must refuse it without waiting for its end.
    const std::string piece(10000, 'a');
    for (int i = 0; i < 30; ++i)
        h.sendRaw(piece);
    Json response = h.read();
    EXPECT_EQ(errorCode(response), -32600);
    EXPECT_TRUE(response["id"].is_null());
    EXPECT_NE(errorMessage(response).find("size limit"), std::string::npos);
    EXPECT_NE(errorMessage(response).find("1024"), std::string::npos);
    h.sendRaw(piece + "\n");
    // A line that fits is served normally, and there was exactly one error for the long line.
    Json padded = request(1, "ping", {{"pad", std::string(900, 'p')}});
    response = h.call(padded);
    EXPECT_EQ(response["id"], 1);
    EXPECT_EQ(response["result"], Json::object());
    // A complete over-long line that arrives at once is refused as well.
    h.sendLine(request(2, "ping", {{"pad", std::string(2000, 'p')}}).dump());
    EXPECT_EQ(errorCode(h.read()), -32600);
    EXPECT_EQ(h.call(request(3, "ping"))["id"], 3);
}

TEST(ServerProtocol, RefusesDeepNestingWithoutCrashing)
{
    ServerHarness h;
    h.start();
    h.sendLine(std::string(100000, '['));
    Json response = h.read();
    EXPECT_EQ(errorCode(response), -32600);
    EXPECT_TRUE(response["id"].is_null());
    EXPECT_NE(errorMessage(response).find("nesting"), std::string::npos);
    h.sendLine(std::string(100000, '[') + std::string(100000, ']'));
    EXPECT_EQ(errorCode(h.read()), -32600);
    h.sendLine(R"({"jsonrpc":"2.0","id":1,"method":"ping","params":{"x":)" + std::string(100000, '['));
    EXPECT_EQ(errorCode(h.read()), -32600);
    // Nesting within the limit is fine.
    Json nested = "leaf";
    for (int i = 0; i < 30; ++i)
        nested = Json::array({nested});
    EXPECT_EQ(h.call(request(2, "ping", {{"deep", nested}}))["result"], Json::object());
}

TEST(ServerProtocol, AnswersInvalidUtf8WithParseError)
{
    ServerHarness h;
    h.start();
    h.sendLine("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\",\"params\":{\"x\":\"\xff\xfe\"}}");
    Json response = h.read();
    EXPECT_EQ(errorCode(response), -32700);
    EXPECT_TRUE(response["id"].is_null());
    h.sendLine("\xc3\x28");
    EXPECT_EQ(errorCode(h.read()), -32700);
    h.sendLine(R"({"jsonrpc":"2.0","id":2,"method":"ping","params":{"x":"\ud800"}})"); // lone surrogate
    EXPECT_EQ(errorCode(h.read()), -32700);
    EXPECT_EQ(h.call(request(3, "ping"))["id"], 3);
}

TEST(ServerProtocol, ReplacesInvalidUtf8FromTheCatalog)
{
    ServerHarness h;
    h.start();
    const Json response = h.call(request(1, "tools/call", {{"name", "bad_utf8"}}));
    ASSERT_TRUE(response.contains("result"));
    EXPECT_EQ(response["result"]["content"][0]["text"], "bad \xEF\xBF\xBD\xEF\xBF\xBD bytes");
}

TEST(ServerProtocol, TurnsExceptionsIntoErrorsAndKeepsServing)
{
    ServerHarness h;
    h.start();
    Json response = h.call(request(1, "tools/call", {{"name", "throw"}}));
    EXPECT_EQ(errorCode(response), -32603);
    EXPECT_EQ(response["id"], 1);
    EXPECT_NE(errorMessage(response).find("boom"), std::string::npos);
    response = h.call(request(2, "tools/call", {{"name", "protocol_error"}}));
    EXPECT_EQ(errorCode(response), -32602);
    EXPECT_EQ(errorMessage(response), "bad argument");
    EXPECT_EQ(h.call(request(3, "ping"))["id"], 3);
}

TEST(ServerProtocol, WritesLargeResponsesIntact)
{
    ServerHarness h;
    h.start();
    const Json response =
        h.call(request(1, "tools/call", {{"name", "big"}, {"arguments", {{"size", 3000000}}}}));
    ASSERT_TRUE(response.contains("result"));
    EXPECT_EQ(response["result"]["content"][0]["text"].get<std::string>().size(), 3000000u);
}

TEST(ServerProtocol, ProcessesBatchesUnder20250326)
{
    ServerHarness h;
    h.start();
    h.initialize("2025-03-26");
    Json batch = Json::array({request(1, "ping"), notification("notifications/something"),
                              request(2, "tools/call", {{"name", "echo"}, {"arguments", {{"text", "hi"}}}}),
                              Json(7), request(3, "initialize", {{"protocolVersion", "2025-03-26"}}),
                              request(5, "tools/list")});
    const Json responses = h.call(batch);
    ASSERT_TRUE(responses.is_array());
    ASSERT_EQ(responses.size(), 5u);
    std::map<std::string, Json> byId;
    for (const auto& r : responses)
        byId[r["id"].dump()] = r;
    EXPECT_EQ(byId["1"]["result"], Json::object());
    EXPECT_EQ(byId["2"]["result"]["content"][0]["text"], "hi");
    EXPECT_EQ(errorCode(byId["null"]), -32600);
    EXPECT_EQ(errorCode(byId["3"]), -32600);
    // A list result (served from its cached text) is a member like any other.
    EXPECT_EQ(byId["5"], h.call(request(5, "tools/list")));
    // Only notifications: no response at all.
    h.send(Json::array({notification("notifications/a"), notification("notifications/b")}));
    EXPECT_EQ(h.call(request(4, "ping"))["id"], 4);
    // An empty batch is one invalid request.
    const Json empty = h.call(Json::array());
    ASSERT_TRUE(empty.is_object());
    EXPECT_EQ(errorCode(empty), -32600);
    EXPECT_TRUE(empty["id"].is_null());
}

TEST(ServerProtocol, RefusesBatchesOutside20250326)
{
    for (const std::string version : {"", "2025-11-25", "2025-06-18", "2024-11-05"})
    {
        ServerHarness h;
        h.start();
        if (!version.empty())
            h.initialize(version);
        const Json response = h.call(Json::array({request(1, "ping"), request(2, "ping")}));
        ASSERT_TRUE(response.is_object()) << version;
        EXPECT_EQ(errorCode(response), -32600) << version;
        EXPECT_TRUE(response["id"].is_null());
        EXPECT_NE(errorMessage(response).find("batch"), std::string::npos);
        EXPECT_EQ(h.call(request(3, "ping"))["id"], 3);
    }
}

} // namespace OuraMcp::Mcp::Test

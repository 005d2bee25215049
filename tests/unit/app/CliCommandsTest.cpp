// The terminal commands against the real MCP engine (in-process, on pipes) serving a scriptable catalog.
#include "app/CliCommands.h"
#include "app/InProcessClient.h"

#include "FakeCatalog.h"

#include <gtest/gtest.h>

#include <sstream>
#include <stdexcept>

using OuraMcp::Json;
using OuraMcp::App::CliCommands;
using OuraMcp::App::InProcessClient;
using OuraMcp::Mcp::Test::FakeCatalog;

namespace {

const Json kSchema = Json::parse(R"({"type":"object","properties":{
    "start_date":{"type":"string"}, "count":{"type":"integer"}, "include":{"type":"array","items":{"type":"string"}},
    "flag":{"type":"boolean"}, "either":{"type":["string","null"]}}})");

struct Session
{
    explicit Session(std::size_t pageSize = 100)
    {
        OuraMcp::Mcp::ServerOptions options;
        options.pageSize = pageSize;
        client = std::make_unique<InProcessClient>(catalog, OuraMcp::Mcp::ServerInfo{"test", "1", "", "", ""},
                                                   options);
    }

    int run(const std::function<int(CliCommands&)>& command, bool json = false)
    {
        out.str("");
        err.str("");
        CliCommands commands(*client, json, out, err);
        return command(commands);
    }

    FakeCatalog catalog;
    std::unique_ptr<InProcessClient> client;
    std::ostringstream out;
    std::ostringstream err;
};

std::string parseError(const std::vector<std::string>& words)
{
    try
    {
        CliCommands::parseArguments(words, kSchema);
    }
    catch (const std::invalid_argument& e)
    {
        return e.what();
    }
    return "(accepted)";
}

} // namespace

TEST(CliArguments, JsonWhereItParsesTextWhereTheSchemaWantsText)
{
    Json args =
        CliCommands::parseArguments({"start_date=2024", "count=7", "include=[\"hrv\",\"spo2\"]", "flag=true",
                                     "other=hello", "num=1.5", "either=null", "raw:=\"2024\""},
                                    kSchema);
    EXPECT_EQ(args["start_date"], "2024"); // a string property keeps what was typed
    EXPECT_EQ(args["count"], 7);
    EXPECT_EQ(args["include"], Json::array({"hrv", "spo2"}));
    EXPECT_EQ(args["flag"], true);
    EXPECT_EQ(args["other"], "hello");
    EXPECT_EQ(args["num"], 1.5);
    EXPECT_EQ(args["either"], "null"); // string is one of its types
    EXPECT_EQ(args["raw"], "2024");
}

TEST(CliArguments, ArrayParametersTakeACommaList)
{
    EXPECT_EQ(CliCommands::parseArguments({"include=hrv, spo2"}, kSchema)["include"],
              Json::array({"hrv", "spo2"}));
    EXPECT_EQ(CliCommands::parseArguments({"include="}, kSchema)["include"], Json::array());
    EXPECT_EQ(CliCommands::parseArguments({"unknown=a,b"}, kSchema)["unknown"], "a,b");
    EXPECT_EQ(CliCommands::parseArguments({"text=a=b"}, kSchema)["text"], "a=b");
}

TEST(CliArguments, MalformedWordsAreRefusedByName)
{
    EXPECT_NE(parseError({"start_date"}).find("'start_date' is not key=value"), std::string::npos);
    EXPECT_NE(parseError({"=x"}).find("has no name"), std::string::npos);
    EXPECT_NE(parseError({"count=1", "count=2"}).find("'count' is given twice"), std::string::npos);
    EXPECT_NE(parseError({"count:=seven"}).find("'count:=' needs a JSON value"), std::string::npos);
}

TEST(CliArguments, FirstLineIsTheFirstSentence)
{
    EXPECT_EQ(CliCommands::firstLine("Tags (e.g. alcohol) per day. Use it for habits."),
              "Tags (e.g. alcohol) per day.");
    EXPECT_EQ(CliCommands::firstLine("  One line\nsecond line"), "One line");
    EXPECT_EQ(CliCommands::firstLine("No full stop"), "No full stop");
}

TEST(CliCommands, ToolsFollowsEveryPage)
{
    Session session(3); // the catalog has 10 tools: four pages
    EXPECT_EQ(session.run([](CliCommands& c) { return c.tools(); }), 0);
    const std::string out = session.out.str();
    for (const auto& tool : session.catalog.toolList)
        EXPECT_NE(out.find("  " + tool["name"].get<std::string>()), std::string::npos) << out;
    EXPECT_NE(out.find("Echoes text"), std::string::npos);

    EXPECT_EQ(session.run([](CliCommands& c) { return c.tools(); }, true), 0);
    EXPECT_EQ(Json::parse(session.out.str())["tools"].size(), session.catalog.toolList.size());
}

TEST(CliCommands, ToolsWithANameDescribesThatTool)
{
    Session session;
    EXPECT_EQ(session.run([](CliCommands& c) { return c.tools({"echo"}); }), 0);
    const std::string out = session.out.str();
    EXPECT_EQ(out.rfind("echo -- Echo\n\nEchoes text\n", 0), 0u) << out;
    EXPECT_NE(out.find("  text (string)\n"), std::string::npos) << out;
    EXPECT_NE(out.find("Example: oura-mcp call echo"), std::string::npos) << out;

    EXPECT_EQ(session.run([](CliCommands& c) { return c.tools({"echo"}); }, true), 0);
    EXPECT_EQ(Json::parse(session.out.str())["name"], "echo");

    EXPECT_EQ(session.run([](CliCommands& c) { return c.tools({"nope"}); }), 2);
    EXPECT_EQ(session.err.str(), "oura-mcp: unknown tool 'nope' (oura-mcp tools lists them)\n");
}

TEST(CliCommands, CallPrintsTheTextOrTheWholeResult)
{
    Session session;
    EXPECT_EQ(session.run([](CliCommands& c) { return c.call({"echo", "text=42"}); }), 0);
    EXPECT_EQ(session.out.str(), "42\n"); // text is a string property: "42", not 42
    EXPECT_EQ(session.err.str(), "");

    EXPECT_EQ(session.run([](CliCommands& c) { return c.call({"echo", "text=hi"}); }, true), 0);
    Json result = Json::parse(session.out.str());
    EXPECT_EQ(result["structuredContent"]["echo"], "hi");
    EXPECT_EQ(result["content"][0]["text"], "hi");
}

TEST(CliCommands, ProtocolErrorsBecomeExitCodes)
{
    Session session;
    EXPECT_EQ(session.run([](CliCommands& c) { return c.call({"no_such_tool"}); }), 2);
    EXPECT_EQ(session.err.str(), "oura-mcp: no_such_tool: Unknown tool: no_such_tool\n");
    EXPECT_EQ(session.out.str(), "");

    EXPECT_EQ(session.run([](CliCommands& c) { return c.call({"protocol_error"}); }), 2);
    EXPECT_NE(session.err.str().find("bad argument"), std::string::npos) << session.err.str();

    EXPECT_EQ(session.run([](CliCommands& c) { return c.call({"throw"}); }), 1);
    EXPECT_NE(session.err.str().find("oura-mcp: throw: "), std::string::npos) << session.err.str();

    EXPECT_EQ(session.run([](CliCommands& c) { return c.call({"echo", "oops"}); }), 2);
    EXPECT_NE(session.err.str().find("'oops' is not key=value"), std::string::npos);
}

TEST(CliCommands, ResourcesListAndRead)
{
    Session session;
    EXPECT_EQ(session.run([](CliCommands& c) { return c.resources({}); }), 0);
    EXPECT_NE(session.out.str().find("test://static"), std::string::npos);
    EXPECT_NE(session.out.str().find("test://item/{id}"), std::string::npos);

    EXPECT_EQ(session.run([](CliCommands& c) { return c.resources({"read", "test://static"}); }), 0);
    EXPECT_FALSE(session.out.str().empty());

    EXPECT_EQ(session.run([](CliCommands& c) { return c.resources({"read", "test://missing"}); }), 2);
    EXPECT_NE(session.err.str().find("Resource not found: test://missing"), std::string::npos)
        << session.err.str();
}

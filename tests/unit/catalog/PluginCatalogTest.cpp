#include "PluginTestSupport.h"

#include "loader/PluginHandles.h"
#include "mcp/ProtocolError.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

using namespace OuraMcp;
using namespace OuraMcp::Catalog;
using namespace OuraMcp::Loader;
using namespace OuraMcp::Testing;
using Level = Util::Log::Level;

namespace {

const Json* findByName(const std::vector<Json>& items, const std::string& key, const std::string& name)
{
    static Json stash;
    for (const auto& item : items)
    {
        if (item.value(key, "") == name)
        {
            stash = item;
            return &stash;
        }
    }
    return nullptr;
}

std::string firstText(const Json& result)
{
    return result.at("content").at(0).at("text").get<std::string>();
}

bool isError(const Json& result)
{
    return result.value("isError", false);
}

class EchoRegistry : public ::testing::Test
{
protected:
    std::unique_ptr<PluginCatalog> registry = loadRegistry({"good", "misbehaving"});
    TestContext ctx;

    Json call(const std::string& tool, const Json& args)
    {
        auto result = registry->callTool(tool, args, ctx);
        if (!result)
            throw std::runtime_error("no such tool: " + tool);
        return *result;
    }
};

} // namespace

TEST_F(EchoRegistry, ToolJsonFollowsMcp)
{
    const auto tools = registry->tools();
    const Json* echo = findByName(tools, "name", "echo");
    ASSERT_TRUE(echo);
    EXPECT_EQ(*echo, Json::parse(R"({
        "name": "echo",
        "title": "Echo",
        "description": "Returns the text it is given.",
        "inputSchema": {"type":"object","properties":{"text":{"type":"string","minLength":1,"maxLength":1000}},
                        "required":["text"],"additionalProperties":false},
        "outputSchema": {"type":"object","properties":{"echo":{"type":"string"}},"required":["echo"],
                         "additionalProperties":false},
        "annotations": {"title":"Echo","readOnlyHint":true,"destructiveHint":false,"idempotentHint":true,
                        "openWorldHint":false},
        "_meta": {"oura-mcp/plugin":"echo","oura-mcp/scope":"personal"}
    })"));

    const Json* fail = findByName(registry->tools(), "name", "fail_tool");
    ASSERT_TRUE(fail);
    EXPECT_EQ((*fail)["inputSchema"], Json::parse(R"({"type":"object","additionalProperties":false})"));
    EXPECT_EQ((*fail)["annotations"], Json::parse(R"({"readOnlyHint":false,"destructiveHint":true,
                                                      "idempotentHint":false,"openWorldHint":false})"));
    EXPECT_EQ((*fail)["_meta"], Json::parse(R"({"oura-mcp/plugin":"echo"})"));
    EXPECT_FALSE(fail->contains("outputSchema"));

    const Json* fetch = findByName(registry->tools(), "name", "echo_fetch");
    ASSERT_TRUE(fetch);
    EXPECT_EQ((*fetch)["annotations"]["openWorldHint"], true);
}

TEST_F(EchoRegistry, EchoRoundTripThroughTheRealPlugin)
{
    const std::string text = "h\xC3\xA9llo \"quoted\" \\ and a\nnewline";
    const Json result = call("echo", Json{{"text", text}});
    EXPECT_FALSE(isError(result));
    // The handler added its own text, so the host adds no JSON copy.
    ASSERT_EQ(result["content"].size(), 1u);
    EXPECT_EQ(result["content"][0], (Json{{"type", "text"}, {"text", text}}));
    EXPECT_EQ(result["structuredContent"], (Json{{"echo", text}}));
}

TEST_F(EchoRegistry, UnknownToolIsNotACatalogEntry)
{
    EXPECT_FALSE(registry->callTool("nope", Json::object(), ctx).has_value());
}

TEST_F(EchoRegistry, InvalidArgumentsBecomePreciseToolErrors)
{
    Json r = call("echo", Json{{"text", 5}});
    EXPECT_TRUE(isError(r));
    EXPECT_EQ(firstText(r), "Invalid arguments for echo: text must be a string");
    EXPECT_EQ(firstText(call("echo", Json::object())), "Invalid arguments for echo: text is required");
    EXPECT_EQ(firstText(call("echo", Json{{"text", "a"}, {"loud", true}})),
              "Invalid arguments for echo: arguments has an unknown property 'loud' (allowed: text)");
    EXPECT_EQ(firstText(call("echo", Json{{"text", ""}})),
              "Invalid arguments for echo: text must be at least 1 character long");
    EXPECT_EQ(firstText(call("echo", Json::array({1}))),
              "Invalid arguments for echo: arguments must be an object");
    EXPECT_EQ(firstText(call("slow_echo", Json{{"text", "a"}, {"ms", 1.5}})),
              "Invalid arguments for slow_echo: ms must be an integer");
    EXPECT_EQ(firstText(call("slow_echo", Json{{"text", "a"}, {"ms", -1}})),
              "Invalid arguments for slow_echo: ms must be >= 0");
    EXPECT_EQ(firstText(call("fail_tool", Json{{"x", 1}})),
              "Invalid arguments for fail_tool: arguments has an unknown property 'x' (allowed: none)");
    // Absent arguments are an empty object.
    EXPECT_EQ(firstText(call("fail_tool", Json())),
              "fail_tool always fails; this is what a tool error looks like.");
}

TEST_F(EchoRegistry, ToolErrorResultFromThePlugin)
{
    const Json r = call("fail_tool", Json::object());
    EXPECT_TRUE(isError(r));
    EXPECT_EQ(firstText(r), "fail_tool always fails; this is what a tool error looks like.");
    EXPECT_FALSE(r.contains("structuredContent"));
}

TEST_F(EchoRegistry, ProgressIsForwardedAndGrows)
{
    const Json r = call("slow_echo", Json{{"text", "done"}, {"ms", 30}});
    EXPECT_FALSE(isError(r));
    EXPECT_EQ(firstText(r), "done");
    const auto reports = ctx.progressReports();
    ASSERT_EQ(reports.size(), 3u);
    for (std::size_t i = 0; i < reports.size(); ++i)
    {
        EXPECT_EQ(reports[i].progress, 10.0 * static_cast<double>(i));
        EXPECT_EQ(reports[i].total, 30.0);
        EXPECT_EQ(reports[i].message, "waiting");
    }
}

TEST_F(EchoRegistry, CancellationReachesTheHandler)
{
    std::optional<Json> result;
    std::thread worker([&] { result = registry->callTool("slow_echo", Json{{"text", "never"}}, ctx); });
    ctx.waitForProgress(1); // the handler is running and polling
    ctx.cancel();
    worker.join();
    ASSERT_TRUE(result);
    EXPECT_TRUE(isError(*result));
    EXPECT_EQ(firstText(*result), "echo plugin failed: OMCP_E_CANCELLED");
}

TEST_F(EchoRegistry, ThrowingHandlerBecomesAToolErrorAndTheHostKeepsWorking)
{
    Json r = call("throw_std", Json::object());
    EXPECT_TRUE(isError(r));
    EXPECT_EQ(firstText(r),
              "thrower plugin failed: OMCP_E_INTERNAL (an exception escaped the handler: boom from "
              "thrower)");
    r = call("throw_int", Json::object());
    EXPECT_TRUE(isError(r));
    EXPECT_EQ(firstText(r), "thrower plugin failed: OMCP_E_INTERNAL (an exception escaped the handler)");
    const auto logs = ctx.logs();
    ASSERT_EQ(logs.size(), 2u);
    EXPECT_EQ(logs[0].first, Level::Error);
    EXPECT_NE(logs[0].second.find("plugin thrower, tool throw_std"), std::string::npos);

    EXPECT_EQ(firstText(call("thrower_ok", Json::object())), "still alive");
    EXPECT_EQ(firstText(call("echo", Json{{"text", "fine"}})), "fine");

    try
    {
        registry->readResource("thrower://boom", ctx);
        FAIL() << "expected a ProtocolError";
    }
    catch (const Mcp::ProtocolError& e)
    {
        EXPECT_EQ(e.code(), Mcp::ProtocolError::InternalError);
        EXPECT_STREQ(e.what(),
                     "thrower plugin failed: OMCP_E_INTERNAL (an exception escaped the handler: resource "
                     "boom)");
    }
    EXPECT_THROW(registry->getPrompt("throwing_prompt", Json::object(), ctx), Mcp::ProtocolError);
}

TEST_F(EchoRegistry, InvalidJsonFromAPluginIsRefused)
{
    LogCapture log;
    const Json r = call("bad_syntax", Json::object());
    EXPECT_TRUE(isError(r));
    EXPECT_EQ(
        firstText(r),
        "badjson plugin failed: OMCP_E_INVALID_ARGUMENT: result_json refused: the text is not valid JSON: "
        "[json.exception.parse_error.101] parse error at line 1, column 3: syntax error while parsing object "
        "key - invalid literal; last read: '{no'; expected string literal");
    EXPECT_EQ(log.matching("plugin badjson: result_json refused: the text is not valid JSON", Level::Warning)
                  .size(),
              1u);
}

TEST_F(EchoRegistry, StructuredContentMustMatchTheOutputSchema)
{
    Json r = call("bad_shape", Json::object());
    EXPECT_TRUE(isError(r));
    EXPECT_EQ(firstText(r),
              "badjson plugin returned a result for bad_shape that does not match the tool's output "
              "schema: structuredContent.count must be an integer");
    EXPECT_FALSE(r.contains("structuredContent"));
    const auto logs = ctx.logs();
    ASSERT_EQ(logs.size(), 1u);
    EXPECT_EQ(logs[0].first, Level::Error);

    r = call("no_structured", Json::object());
    EXPECT_TRUE(isError(r));
    EXPECT_EQ(firstText(r),
              "badjson plugin returned no structured content for no_structured, although the tool "
              "declares an output schema");

    r = call("good_shape", Json::object());
    EXPECT_FALSE(isError(r));
    EXPECT_EQ(r["structuredContent"], (Json{{"count", 3}}));
    // No text from the handler: the host adds the compact JSON as text for older clients.
    EXPECT_EQ(r["content"], Json::parse(R"([{"type":"text","text":"{\"count\":3}"}])"));
}

TEST_F(EchoRegistry, APluginThatAddsNothingIsAnError)
{
    const Json r = call("no_result", Json::object());
    EXPECT_TRUE(isError(r));
    EXPECT_EQ(firstText(r), "badjson plugin returned no result for no_result");
}

TEST_F(EchoRegistry, ConcurrentCallsAreIndependent)
{
    std::atomic<int> wrong{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < 8; ++t)
    {
        threads.emplace_back([&, t] {
            TestContext local;
            for (int i = 0; i < 50; ++i)
            {
                const std::string text = "t" + std::to_string(t) + "-" + std::to_string(i);
                auto r = registry->callTool("echo", Json{{"text", text}}, local);
                if (!r || (*r)["structuredContent"]["echo"] != text || (*r)["content"][0]["text"] != text)
                    ++wrong;
            }
        });
    }
    for (auto& th : threads)
        th.join();
    EXPECT_EQ(wrong.load(), 0);
}

TEST_F(EchoRegistry, Resources)
{
    EXPECT_EQ(Json(registry->resources()), Json::parse(R"([
        {"uri":"echo://hello","name":"hello","title":"Hello","description":"A greeting.","mimeType":"text/plain"},
        {"uri":"thrower://boom","name":"boom","mimeType":"text/plain"}])"));
    EXPECT_EQ(
        Json(registry->resourceTemplates()),
        Json::parse(R"([{"uriTemplate":"echo://items/{id}","name":"item","mimeType":"application/json"}])"));

    auto hello = registry->readResource("echo://hello", ctx);
    ASSERT_TRUE(hello);
    EXPECT_EQ(*hello, Json::parse(R"({"contents":[{"uri":"echo://hello","mimeType":"text/plain",
                                                   "text":"Hello from the echo plugin."}]})"));

    auto item = registry->readResource("echo://items/a%20b", ctx);
    ASSERT_TRUE(item);
    EXPECT_EQ(*item, Json::parse(R"({"contents":[{"uri":"echo://items/a%20b","mimeType":"application/json",
                                                  "text":"{\"id\":\"a b\"}"}]})"));

    EXPECT_FALSE(registry->readResource("echo://items/missing", ctx)); // the handler said NOT_FOUND
    EXPECT_FALSE(registry->readResource("echo://items/a/b", ctx));     // a variable is one segment
    EXPECT_FALSE(registry->readResource("echo://nothing", ctx));
}

TEST_F(EchoRegistry, Prompts)
{
    const Json* greet = findByName(registry->prompts(), "name", "greet");
    ASSERT_TRUE(greet);
    EXPECT_EQ(*greet, Json::parse(R"({"name":"greet","title":"Greet someone",
        "description":"Asks the model to greet a person.",
        "arguments":[{"name":"name","description":"Who to greet","required":true},
                     {"name":"style","required":false}]})"));

    auto r = registry->getPrompt("greet", Json{{"name", "Ada"}}, ctx);
    ASSERT_TRUE(r);
    EXPECT_EQ(*r, Json::parse(R"({"description":"Asks the model to greet a person.",
        "messages":[{"role":"user","content":{"type":"text","text":"Please greet Ada warmly."}}]})"));
    r = registry->getPrompt("greet", Json{{"name", "Ada"}, {"style", "briefly"}}, ctx);
    EXPECT_EQ((*r)["messages"][0]["content"]["text"], "Please greet Ada briefly.");

    EXPECT_FALSE(registry->getPrompt("nope", Json::object(), ctx));

    auto expectInvalid = [&](const Json& args, const std::string& message) {
        try
        {
            registry->getPrompt("greet", args, ctx);
            ADD_FAILURE() << "expected InvalidParams for " << args.dump();
        }
        catch (const Mcp::ProtocolError& e)
        {
            EXPECT_EQ(e.code(), Mcp::ProtocolError::InvalidParams);
            EXPECT_EQ(std::string(e.what()), message);
        }
    };
    expectInvalid(Json::object(), "Missing required argument 'name' for prompt greet");
    expectInvalid(Json{{"name", "Ada"}, {"mood", "x"}},
                  "Unknown argument 'mood' for prompt greet (accepted: name, style)");
    expectInvalid(Json{{"name", 3}}, "Argument 'name' for prompt greet must be a string");
    expectInvalid(Json::array(), "Arguments for prompt greet must be an object of strings");
}

TEST_F(EchoRegistry, CompletionOfPromptArguments)
{
    const Json ref{{"type", "ref/prompt"}, {"name", "greet"}};
    EXPECT_EQ(registry->complete(ref, "name", "al", Json::object()),
              Json::parse(R"({"values":["Alice","Albert"],"total":2,"hasMore":false})"));
    EXPECT_EQ(registry->complete(ref, "name", "", Json::object())["total"], 4);
    EXPECT_EQ(registry->complete(ref, "style", "", Json::object())["values"], Json::array());
    EXPECT_EQ(registry->complete(Json{{"type", "ref/prompt"}, {"name", "nope"}}, "name", "",
                                 Json::object())["values"],
              Json::array());
    EXPECT_EQ(registry->complete(Json{{"type", "ref/resource"}, {"uri", "echo://items/{id}"}}, "id", "",
                                 Json::object())["values"],
              Json::array());
}

TEST_F(EchoRegistry, NothingIsServedAfterShutdown)
{
    registry->shutdown();
    EXPECT_TRUE(registry->tools().empty());
    EXPECT_TRUE(registry->prompts().empty());
    EXPECT_FALSE(registry->callTool("echo", Json{{"text", "x"}}, ctx));
    EXPECT_TRUE(registry->scopes().empty());
}

// ---- host services through the real plugin ---------------------------------------------------------------

TEST(PluginHostServices, ConfigClockAndDates)
{
    auto askedKeys = std::make_shared<std::vector<std::string>>();
    HostServices services;
    services.config = [askedKeys](const std::string& key) -> std::optional<std::string> {
        askedKeys->push_back(key);
        if (key == "plugins.echo.greeting")
            return std::string("hello there");
        return std::nullopt;
    };
    services.nowUnixMs = [] { return int64_t{1700000000000}; };
    services.today = [] { return Dates::CivilDate(2024, 5, 2); };
    services.resolveDates = [](const std::string& start, const std::string& end, Dates::DateRange& out,
                               std::string& error) {
        if (start != "yesterday" || !end.empty())
        {
            error = "unexpected";
            return false;
        }
        out = Dates::DateRange{Dates::CivilDate(2024, 5, 1), Dates::CivilDate(2024, 5, 1)};
        return true;
    };
    auto registry = loadRegistry({"good"}, services);
    TestContext ctx;
    LogCapture log;
    auto r = registry->callTool("echo_env", Json::object(), ctx);
    ASSERT_TRUE(r);
    EXPECT_EQ(firstText(*r), "greeting=hello there (status 0, len 11, same bytes 1)\n"
                             "today=2024-05-02\n"
                             "now=1700000000000\n"
                             "range=0 2024-05-01..2024-05-01 (1 days, before 2024-04-30..2024-04-30) \n"
                             "register_in_handler=-10");
    // Read once, then handed out again from host memory (settings never change while the process runs).
    EXPECT_EQ(*askedKeys, (std::vector<std::string>{"plugins.echo.greeting"}));
    EXPECT_EQ(log.matching("plugin echo called register_tool outside init", Level::Warning).size(), 1u);
}

TEST(PluginHostServices, OnlyReadOnlyIdempotentToolsAreMemoisedAndTheirVariantIsTheHostsToday)
{
    HostServices services;
    auto today = std::make_shared<Dates::CivilDate>(2024, 5, 2);
    services.today = [today] { return *today; };
    auto registry = loadRegistry({"good"}, services);
    EXPECT_EQ(registry->memoVariant("echo"), std::optional<std::string>("2024-05-02"));
    *today = Dates::CivilDate(2024, 5, 3);
    EXPECT_EQ(registry->memoVariant("echo"), std::optional<std::string>("2024-05-03"))
        << "the day the plugin's relative dates resolve against, asked each time";
    EXPECT_FALSE(registry->memoVariant("slow_echo")) << "read-only, but not idempotent";
    EXPECT_FALSE(registry->memoVariant("fail_tool")) << "destructive";
    EXPECT_FALSE(registry->memoVariant("echo_env")) << "no flags";
    EXPECT_FALSE(registry->memoVariant("no_such_tool"));
    registry->shutdown();
    EXPECT_FALSE(registry->memoVariant("echo")) << "nothing is served after shutdown";
}

TEST(PluginHostServices, MissingServicesAnswerNotFoundAndUnsupported)
{
    auto registry = loadRegistry({"good"});
    TestContext ctx;
    auto r = registry->callTool("echo_env", Json::object(), ctx);
    ASSERT_TRUE(r);
    const std::string text = firstText(*r);
    EXPECT_NE(text.find("greeting=- (status -2, len 0, same bytes 0)"), std::string::npos) << text;
    EXPECT_NE(text.find("range=-8 -..- (0 days, before -..-) This oura-mcp host cannot resolve dates."),
              std::string::npos)
        << text;

    r = registry->callTool("echo_fetch", Json{{"collection", "daily_sleep"}}, ctx);
    EXPECT_TRUE(isError(*r));
    EXPECT_EQ(firstText(*r),
              "echo plugin failed: OMCP_E_UNSUPPORTED: This oura-mcp host has no Oura data service, "
              "so plugins cannot fetch data.");
}

TEST(PluginHostServices, DateErrorsReachThePlugin)
{
    HostServices services;
    services.resolveDates = [](const std::string&, const std::string&, Dates::DateRange&,
                               std::string& error) {
        error = "Use YYYY-MM-DD or a phrase such as \"last week\".";
        return false;
    };
    auto registry = loadRegistry({"good"}, services);
    TestContext ctx;
    const auto r = registry->callTool("echo_env", Json::object(), ctx);
    EXPECT_NE(firstText(*r).find("range=-1 -..- (0 days, before -..-) Use YYYY-MM-DD or a phrase such as "
                                 "\"last week\"."),
              std::string::npos)
        << firstText(*r);
}

class DataServiceThroughPlugin : public ::testing::Test
{
protected:
    FakeDataService data;
    std::unique_ptr<PluginCatalog> registry;
    TestContext ctx;

    void SetUp() override
    {
        HostServices services;
        services.data = &data;
        registry = loadRegistry({"good"}, services);
    }
};

TEST_F(DataServiceThroughPlugin, CollectionRoundTrip)
{
    data.answer.httpStatus = 200;
    data.answer.body = R"({"data":[{"day":"2024-05-01","score":80}]})";
    data.answer.days = Dates::DateRange{Dates::CivilDate(2024, 5, 1), Dates::CivilDate(2024, 5, 7)};
    data.answer.note = "demo data";
    auto r =
        registry->callTool("echo_fetch", Json{{"collection", "daily_sleep"}, {"start", "last week"}}, ctx);
    ASSERT_TRUE(r);
    EXPECT_FALSE(isError(*r)) << r->dump();
    EXPECT_EQ((*r)["content"][0]["text"], data.answer.body);
    EXPECT_EQ((*r)["content"][1]["text"], "days=2024-05-01..2024-05-07 http=200 note=demo data");
    EXPECT_EQ(data.lastCollection.collection, "daily_sleep");
    EXPECT_EQ(data.lastCollection.start, "last week");
    EXPECT_EQ(data.lastCollection.end, "");
    EXPECT_TRUE(data.lastCollection.raw);
    EXPECT_EQ(data.lastCollection.extra, (Oura::QueryParams{{"fields", "day,score"}}));
    EXPECT_EQ(data.lastScope, "daily");
    EXPECT_TRUE(data.sawCancelHook);
    const auto progress = ctx.progressReports();
    ASSERT_EQ(progress.size(), 1u); // the data service's progress hook reaches the request
    EXPECT_EQ(progress[0].progress, 1.0);
}

TEST_F(DataServiceThroughPlugin, AuthRequiredUsesTheDataServiceMessage)
{
    data.answer.error = Oura::ApiError::AuthRequired;
    data.answer.httpStatus = 401;
    data.answer.message = "oura-mcp is not logged in to Oura. Run `oura-mcp login` in a terminal.";
    auto r = registry->callTool("echo_fetch", Json{{"collection", "daily_sleep"}}, ctx);
    EXPECT_TRUE(isError(*r));
    EXPECT_EQ(firstText(*r), data.answer.message);

    data.answer.message.clear();
    r = registry->callTool("echo_fetch", Json{{"collection", "daily_sleep"}}, ctx);
    EXPECT_EQ(firstText(*r), HostServices{}.authRequiredMessage);
}

TEST_F(DataServiceThroughPlugin, OtherFailuresNameThePluginStatusAndMessage)
{
    data.answer.error = Oura::ApiError::Upstream;
    data.answer.message = "The Oura API did not answer within 30 seconds.";
    auto r = registry->callTool("echo_fetch", Json{{"collection", "sleep"}}, ctx);
    EXPECT_EQ(firstText(*r),
              "echo plugin failed: OMCP_E_UPSTREAM: The Oura API did not answer within 30 seconds.");
}

TEST(PluginCatalogCompletion, AtMostOneHundredValuesWithTotalAndHasMore)
{
    // A registry over a hand-made plugin: completion needs no handler call.
    auto host = std::make_shared<omcp_host>();
    host->id = "many";
    host->phase.store(Phase::Running);
    PromptEntry prompt;
    prompt.plugin = host.get();
    prompt.name = "pick";
    PromptArgumentEntry arg;
    arg.name = "item";
    for (int i = 0; i < 150; ++i)
        arg.completions.push_back("Item" + std::to_string(i));
    arg.completions.push_back("other");
    prompt.arguments.push_back(arg);
    host->prompts.push_back(prompt);
    LoadResult loaded;
    loaded.plugins.push_back(host);
    PluginCatalog registry(std::move(loaded));

    const Json ref{{"type", "ref/prompt"}, {"name", "pick"}};
    const Json all = registry.complete(ref, "item", "ITEM", Json::object());
    EXPECT_EQ(all["values"].size(), 100u);
    EXPECT_EQ(all["values"][0], "Item0");
    EXPECT_EQ(all["total"], 150);
    EXPECT_EQ(all["hasMore"], true);
    const Json few = registry.complete(ref, "item", "item14", Json::object());
    EXPECT_EQ(few["values"], (Json{"Item14", "Item140", "Item141", "Item142", "Item143", "Item144", "Item145",
                                   "Item146", "Item147", "Item148", "Item149"}));
    EXPECT_EQ(few["hasMore"], false);
}

TEST(CompositeResources, SectionsFromEveryPluginInOneAnswer)
{
    LogCapture log;
    auto registry = loadRegistry({"sections"});
    ASSERT_EQ(registry->report().loaded.size(), 5u);
    EXPECT_TRUE(registry->report().refused.empty());
    // sec_plain tried a plain resource on the composite URI: refused, and it chose to load anyway.
    EXPECT_EQ(log.matching("plain registration of a composite URI returned -1").size(), 1u);
    EXPECT_EQ(
        log.matching("cannot register resource 'sec://summary': the resource URI is a composite resource "
                     "with sections (first by plugin sec_a",
                     Level::Warning)
            .size(),
        1u);

    EXPECT_EQ(Json(registry->resources()), Json::parse(R"([{"uri":"sec://summary","name":"summary",
        "description":"Summary; this section: sec_a","mimeType":"application/json"}])"));
    EXPECT_EQ(Json(registry->resourceTemplates()), Json::parse(R"([{"uriTemplate":"sec://summary/{day}",
        "name":"summary","description":"Summary; this section: sec_a","mimeType":"application/json"}])"));

    TestContext ctx;
    auto r = registry->readResource("sec://summary/2024-05-01", ctx);
    ASSERT_TRUE(r);
    ASSERT_EQ((*r)["contents"].size(), 1u);
    const Json& content = (*r)["contents"][0];
    EXPECT_EQ(content["uri"], "sec://summary/2024-05-01");
    EXPECT_EQ(content["mimeType"], "application/json");
    EXPECT_EQ(Json::parse(content["text"].get<std::string>()), Json::parse(R"({
        "sections": {"sec_a": {"from":"sec_a","day":"2024-05-01"}, "sec_d": {"from":"sec_d","day":"2024-05-01"}},
        "missing": [{"plugin":"sec_b","reason":"sec_b plugin failed: OMCP_E_UPSTREAM"},
                    {"plugin":"sec_c","reason":"sec_c plugin returned no JSON for its section"}]})"));

    r = registry->readResource("sec://summary", ctx);
    ASSERT_TRUE(r);
    const Json plain = Json::parse((*r)["contents"][0]["text"].get<std::string>());
    EXPECT_EQ(plain["sections"]["sec_d"], Json::parse(R"({"from":"sec_d","day":""})"));
    EXPECT_EQ(plain["missing"].size(), 2u);
}

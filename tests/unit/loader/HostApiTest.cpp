// The host function table called directly, the way a plugin would, with a hand-made omcp_host/omcp_call.
#include "PluginTestSupport.h"

#include "loader/HostApi.h"
#include "loader/PluginHandles.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <thread>

using namespace OuraMcp;
using namespace OuraMcp::Catalog;
using namespace OuraMcp::Loader;
using namespace OuraMcp::Testing;

namespace {

omcp_status noopTool(void*, omcp_call*, const char*, size_t)
{
    return OMCP_OK;
}

omcp_status noopResource(void*, omcp_call*, const char*, size_t, const char*, size_t)
{
    return OMCP_OK;
}

class HostApiTest : public ::testing::Test
{
protected:
    const omcp_host_api* api = HostApi::table();
    omcp_host host;
    NameIndex taken;

    HostApiTest()
    {
        host.id = "unit";
        host.path = "/plugins/unit.so";
        host.scopes = {"personal"};
        host.services = std::make_shared<HostServices>();
        host.taken = &taken;
    }

    omcp_tool_desc tool(const char* name = "t")
    {
        omcp_tool_desc d;
        std::memset(&d, 0, sizeof d);
        d.struct_size = sizeof d;
        d.name = name;
        d.handler = noopTool;
        return d;
    }

    omcp_resource_desc resource(const char* uri)
    {
        omcp_resource_desc d;
        std::memset(&d, 0, sizeof d);
        d.struct_size = sizeof d;
        d.uri = uri;
        d.name = "r";
        d.handler = noopResource;
        return d;
    }

    omcp_status registerToolExpectingRefusal(const omcp_tool_desc& d, const std::string& reason)
    /// d by reference: a descriptor of a newer plugin is longer than omcp_tool_desc (struct_size says how
    /// long), and a copy would cut off the bytes the host must read.
    {
        const omcp_status st = api->register_tool(&host, &d);
        EXPECT_EQ(st, OMCP_E_INVALID_ARGUMENT) << reason;
        EXPECT_NE(host.lastRegistrationError.find(reason), std::string::npos) << host.lastRegistrationError;
        return st;
    }
};

} // namespace

TEST_F(HostApiTest, TableAdvertisesTheHostVersionAndEveryService)
{
    EXPECT_EQ(api->struct_size, sizeof(omcp_host_api));
    EXPECT_EQ(api->abi_major, OMCP_ABI_MAJOR);
    EXPECT_EQ(api->abi_minor, OMCP_ABI_MINOR);
    const void* const* slots = reinterpret_cast<const void* const*>(&api->log);
    const std::size_t count = (sizeof(omcp_host_api) - offsetof(omcp_host_api, log)) / sizeof(void*);
    for (std::size_t i = 0; i < count; ++i)
        EXPECT_NE(slots[i], nullptr) << "service #" << i;
}

TEST_F(HostApiTest, ToolDescriptorChecks)
{
    // A descriptor from a newer plugin: accepted while the fields this host does not know are zero.
    struct
    {
        omcp_tool_desc d;
        uint64_t laterField;
    } newer;
    std::memset(&newer, 0, sizeof newer);
    newer.d = tool("newer");
    newer.d.struct_size = sizeof newer;
    EXPECT_EQ(api->register_tool(&host, &newer.d), OMCP_OK) << host.lastRegistrationError;
    newer.d.name = "newer2";
    newer.laterField = 7;
    registerToolExpectingRefusal(newer.d,
                                 "omcp_tool_desc.struct_size is 80 bytes and byte 72 is set, but this "
                                 "host knows only 72 bytes: the plugin uses a field of a newer plugin ABI");
    auto d = tool();
    d.struct_size = 40;
    registerToolExpectingRefusal(d, "smaller than the 72 bytes of ABI 1.0");
    d = tool();
    d.flags = 0x30;
    registerToolExpectingRefusal(d, "unknown flag bits 0x30");
    registerToolExpectingRefusal(tool("bad name!"), "the name must be 1 to 128 characters");
    registerToolExpectingRefusal(tool(""), "name is missing");
    const std::string longName(129, 'a');
    registerToolExpectingRefusal(tool(longName.c_str()), "the name must be 1 to 128 characters");
    d = tool();
    d.handler = nullptr;
    registerToolExpectingRefusal(d, "handler is NULL");
    d = tool();
    d.required_scope = "heartrate";
    registerToolExpectingRefusal(
        d, "required_scope 'heartrate' is not one of the scopes plugin unit declares (personal)");
    d = tool();
    d.output_schema_json = R"({"type":"array"})";
    registerToolExpectingRefusal(d, "output_schema_json must be an object schema");
    d = tool();
    d.input_schema_json = R"({"type":"object","properties":{"a":{"type":"string","pattern":"[a-"}}})";
    registerToolExpectingRefusal(d, "is not a valid ECMAScript regex");
    d = tool();
    d.description = "\xFF\xFE";
    registerToolExpectingRefusal(d, "description is not valid UTF-8");
    EXPECT_EQ(api->register_tool(&host, nullptr), OMCP_E_INVALID_ARGUMENT);
    ASSERT_EQ(host.tools.size(), 1u); // only the newer descriptor with its unknown tail unset
    EXPECT_EQ(host.tools[0].name, "newer");

    const std::string okName(128, 'b');
    EXPECT_EQ(api->register_tool(&host, &(d = tool(okName.c_str()))), OMCP_OK);
    EXPECT_EQ(api->register_tool(&host, &(d = tool(okName.c_str()))), OMCP_E_INVALID_ARGUMENT);
    EXPECT_NE(host.lastRegistrationError.find("registered twice by this plugin"), std::string::npos);
}

TEST_F(HostApiTest, RegistrationDeepCopiesEverything)
{
    std::string name = "copied";
    std::string schema = R"({"type":"object","properties":{"x":{"type":"string"}}})";
    std::string scope = "personal";
    auto d = tool(name.c_str());
    d.input_schema_json = schema.c_str();
    d.required_scope = scope.c_str();
    d.flags = OMCP_TOOL_READ_ONLY;
    ASSERT_EQ(api->register_tool(&host, &d), OMCP_OK);
    std::fill(name.begin(), name.end(), 'X');
    std::fill(schema.begin(), schema.end(), ' ');
    std::fill(scope.begin(), scope.end(), 'Y');
    ASSERT_EQ(host.tools.size(), 1u);
    EXPECT_EQ(host.tools[0].name, "copied");
    EXPECT_EQ(host.tools[0].inputSchema["properties"]["x"]["type"], "string");
    EXPECT_EQ(host.tools[0].requiredScope, "personal");
    EXPECT_EQ(host.tools[0].flags, OMCP_TOOL_READ_ONLY);
}

TEST_F(HostApiTest, NamesTakenByEarlierPluginsAreRefused)
{
    taken.tools["echo"] = "echo (/p/echo.so)";
    auto d = tool("echo");
    registerToolExpectingRefusal(d, "the tool name is already registered by plugin echo (/p/echo.so)");
}

TEST_F(HostApiTest, ResourceAndTemplateChecks)
{
    auto r = resource("oura://summary/today");
    EXPECT_EQ(api->register_resource(&host, &r), OMCP_OK);
    EXPECT_EQ(host.resources[0].mimeType, "text/plain");
    EXPECT_EQ(api->register_resource(&host, &r), OMCP_E_INVALID_ARGUMENT); // same URI twice

    r = resource("no-scheme");
    EXPECT_EQ(api->register_resource(&host, &r), OMCP_E_INVALID_ARGUMENT);
    r = resource("oura://x/{date}");
    EXPECT_EQ(api->register_resource(&host, &r), OMCP_E_INVALID_ARGUMENT);
    EXPECT_NE(host.lastRegistrationError.find("register it as a resource template"), std::string::npos);
    EXPECT_EQ(api->register_resource_template(&host, &r), OMCP_OK);
    r = resource("oura://x/{a}{b}");
    EXPECT_EQ(api->register_resource_template(&host, &r), OMCP_E_INVALID_ARGUMENT);
    r = resource("oura://y/{date}");
    r.mime_type = "json";
    EXPECT_EQ(api->register_resource_template(&host, &r), OMCP_E_INVALID_ARGUMENT);
    r = resource("oura://y/{date}");
    r.flags = 0x2;
    EXPECT_EQ(api->register_resource_template(&host, &r), OMCP_E_INVALID_ARGUMENT);
    EXPECT_NE(host.lastRegistrationError.find("unknown flag bits 0x2 (this host knows 0x1)"),
              std::string::npos);
    r = resource("oura://y/{date}");
    r.name = nullptr;
    EXPECT_EQ(api->register_resource_template(&host, &r), OMCP_E_INVALID_ARGUMENT);
    EXPECT_EQ(host.templates.size(), 1u);
}

TEST_F(HostApiTest, SectionsShareAUriButNeverWithAPlainResource)
{
    taken.resources["oura://plain"] = "a (/p/a.so)";
    taken.sectionResources["oura://summary/today"] = "b (/p/b.so)";
    taken.sectionTemplates["oura://summary/{date}"] = "b (/p/b.so)";

    auto r = resource("oura://plain");
    r.flags = OMCP_RESOURCE_SECTION;
    EXPECT_EQ(api->register_resource(&host, &r), OMCP_E_INVALID_ARGUMENT);
    EXPECT_NE(host.lastRegistrationError.find("already registered by plugin a (/p/a.so)"), std::string::npos);

    r = resource("oura://summary/today");
    EXPECT_EQ(api->register_resource(&host, &r), OMCP_E_INVALID_ARGUMENT);
    EXPECT_NE(host.lastRegistrationError.find(
                  "is a composite resource with sections (first by plugin b (/p/b.so))"),
              std::string::npos)
        << host.lastRegistrationError;
    r.flags = OMCP_RESOURCE_SECTION;
    EXPECT_EQ(api->register_resource(&host, &r), OMCP_OK);
    EXPECT_TRUE(host.resources.back().section);
    EXPECT_EQ(api->register_resource(&host, &r), OMCP_E_INVALID_ARGUMENT); // twice by one plugin

    r = resource("oura://summary/{date}");
    EXPECT_EQ(api->register_resource_template(&host, &r), OMCP_E_INVALID_ARGUMENT);
    r.flags = OMCP_RESOURCE_SECTION;
    EXPECT_EQ(api->register_resource_template(&host, &r), OMCP_OK);
}

TEST_F(HostApiTest, PromptChecks)
{
    omcp_prompt_argument args[2];
    std::memset(args, 0, sizeof args);
    args[0].name = "a";
    args[1].name = "b";
    omcp_prompt_desc p;
    std::memset(&p, 0, sizeof p);
    p.struct_size = sizeof p;
    p.name = "p";
    p.arguments = args;
    p.argument_count = 2;
    p.handler = noopTool;
    EXPECT_EQ(api->register_prompt(&host, &p), OMCP_OK);

    p.name = "p2";
    args[1].reserved = 1;
    EXPECT_EQ(api->register_prompt(&host, &p), OMCP_E_INVALID_ARGUMENT);
    EXPECT_NE(host.lastRegistrationError.find("reserved must be zero"), std::string::npos);
    args[1].reserved = 0;
    args[1].flags = 0x2; // a bit a newer ABI may define
    EXPECT_EQ(api->register_prompt(&host, &p), OMCP_E_INVALID_ARGUMENT);
    EXPECT_NE(
        host.lastRegistrationError.find("argument 'b' flags: unknown flag bits 0x2 (this host knows 0x1)"),
        std::string::npos)
        << host.lastRegistrationError;
    args[1].flags = OMCP_PROMPT_ARGUMENT_REQUIRED;
    args[1].name = "a";
    EXPECT_EQ(api->register_prompt(&host, &p), OMCP_E_INVALID_ARGUMENT);
    EXPECT_NE(host.lastRegistrationError.find("listed twice"), std::string::npos);
    p.arguments = nullptr;
    EXPECT_EQ(api->register_prompt(&host, &p), OMCP_E_INVALID_ARGUMENT);
    EXPECT_EQ(host.prompts.size(), 1u);
}

TEST_F(HostApiTest, RegistrationAndSetErrorOnlyDuringInit)
{
    host.phase.store(Phase::Running);
    auto d = tool();
    EXPECT_EQ(api->register_tool(&host, &d), OMCP_E_WRONG_PHASE);
    auto r = resource("oura://a");
    EXPECT_EQ(api->register_resource(&host, &r), OMCP_E_WRONG_PHASE);
    EXPECT_EQ(api->register_resource_template(&host, &r), OMCP_E_WRONG_PHASE);
    omcp_prompt_desc p{};
    EXPECT_EQ(api->register_prompt(&host, &p), OMCP_E_WRONG_PHASE);
    api->set_error(&host, "late", 4);
    EXPECT_TRUE(host.error.empty());
    EXPECT_TRUE(host.tools.empty());
    EXPECT_EQ(api->register_tool(nullptr, &d), OMCP_E_INVALID_ARGUMENT);

    host.phase.store(Phase::Init);
    api->set_error(&host, "early riser", 5); // only len bytes count
    EXPECT_EQ(host.error, "early");
}

TEST_F(HostApiTest, ConfigGetHandsOutHostMemoryAndStaysInItsNamespace)
{
    auto services = std::make_shared<HostServices>();
    int reads = 0;
    services->config = [&reads](const std::string& key) -> std::optional<std::string> {
        ++reads;
        if (key == "plugins.unit.units")
            return std::string("metric");
        return std::nullopt;
    };
    host.services = services;
    omcp_string value{nullptr, 0};
    EXPECT_EQ(api->config_get(&host, "unitsXYZ", 5, &value), OMCP_OK); // only key_len bytes count
    ASSERT_NE(value.data, nullptr);
    EXPECT_EQ(std::string(value.data, value.len), "metric");
    EXPECT_EQ(value.data[value.len], '\0');
    // Settings never change: the second answer is the same host memory, valid until shutdown.
    omcp_string again{nullptr, 0};
    EXPECT_EQ(api->config_get(&host, "units", 5, &again), OMCP_OK);
    EXPECT_EQ(again.data, value.data);
    EXPECT_EQ(reads, 1);

    EXPECT_EQ(api->config_get(&host, "other", 5, &value), OMCP_E_NOT_FOUND);
    EXPECT_EQ(value.data, nullptr);
    EXPECT_EQ(api->config_get(&host, "a..b", 4, &value), OMCP_E_INVALID_ARGUMENT);
    EXPECT_EQ(api->config_get(&host, ".units", 6, &value), OMCP_E_INVALID_ARGUMENT);
    EXPECT_EQ(api->config_get(&host, "a b", 3, &value), OMCP_E_INVALID_ARGUMENT);
    EXPECT_EQ(api->config_get(&host, "", 0, &value), OMCP_E_INVALID_ARGUMENT);
    EXPECT_EQ(api->config_get(&host, nullptr, 3, &value), OMCP_E_INVALID_ARGUMENT);
    EXPECT_EQ(api->config_get(&host, "units", 5, nullptr), OMCP_E_INVALID_ARGUMENT);
    host.phase.store(Phase::ShutDown);
    EXPECT_EQ(api->config_get(&host, "units", 5, &value), OMCP_E_WRONG_PHASE);
}

TEST_F(HostApiTest, TodayAndResolveDatesAnswerPerCallInHostMemory)
{
    auto services = std::make_shared<HostServices>();
    services->today = [] { return Dates::CivilDate(2024, 5, 1); };
    services->resolveDates = [](const std::string& start, const std::string&, Dates::DateRange& out,
                                std::string& error) {
        if (start == "x")
        {
            error = "Dates must be ISO dates or phrases.";
            return false;
        }
        out = Dates::DateRange{Dates::CivilDate(2024, 3, 1), Dates::CivilDate(2024, 3, 3)};
        return true;
    };
    host.services = services;
    omcp_call call;
    call.host = &host;

    omcp_string day{nullptr, 0};
    ASSERT_EQ(api->today(&call, &day), OMCP_OK);
    EXPECT_EQ(std::string(day.data, day.len), "2024-05-01");
    EXPECT_EQ(api->today(&call, nullptr), OMCP_E_INVALID_ARGUMENT);

    const omcp_date_range* range = nullptr;
    ASSERT_EQ(api->resolve_dates(&call, "last 3 days", 11, nullptr, 0, &range), OMCP_OK);
    ASSERT_NE(range, nullptr);
    EXPECT_EQ(range->struct_size, sizeof(omcp_date_range));
    EXPECT_STREQ(range->start.data, "2024-03-01");
    EXPECT_EQ(range->start.len, 10u);
    EXPECT_STREQ(range->end.data, "2024-03-03");
    EXPECT_EQ(range->day_count, 3u);
    // The equally long period before crosses into February of a leap year: the host counts, not the plugin.
    EXPECT_STREQ(range->before_start.data, "2024-02-27");
    EXPECT_STREQ(range->before_end.data, "2024-02-29");
    EXPECT_EQ(range->error.data, nullptr);

    const omcp_date_range* failed = nullptr;
    EXPECT_EQ(api->resolve_dates(&call, "x", 1, nullptr, 0, &failed), OMCP_E_INVALID_ARGUMENT);
    ASSERT_NE(failed, nullptr);
    EXPECT_STREQ(failed->error.data, "Dates must be ISO dates or phrases.");
    EXPECT_EQ(failed->start.data, nullptr);
    EXPECT_EQ(failed->day_count, 0u);
    EXPECT_EQ(api->resolve_dates(&call, nullptr, 4, nullptr, 0, &failed), OMCP_E_INVALID_ARGUMENT);
    EXPECT_EQ(api->resolve_dates(&call, "x", 1, nullptr, 0, nullptr), OMCP_E_INVALID_ARGUMENT);
    // The first answer is still intact after the later ones: valid until the handler returns.
    EXPECT_STREQ(range->start.data, "2024-03-01");

    omcp_status fromOtherThread = OMCP_OK;
    std::thread other([&] { fromOtherThread = api->today(&call, &day); });
    other.join();
    EXPECT_EQ(fromOtherThread, OMCP_E_WRONG_PHASE);
}

TEST_F(HostApiTest, CallServicesBelongToTheHandlerThread)
{
    host.phase.store(Phase::Running);
    TestContext ctx;
    omcp_call call;
    call.host = &host;
    call.context = &ctx;
    omcp_status fromOtherThread = OMCP_OK;
    int32_t cancelledFromOtherThread = -1;
    ctx.cancel();
    std::thread other([&] {
        fromOtherThread = api->result_text(&call, "x", 1);
        cancelledFromOtherThread = api->is_cancelled(&call);
    });
    other.join();
    EXPECT_EQ(fromOtherThread, OMCP_E_WRONG_PHASE);
    EXPECT_EQ(cancelledFromOtherThread, 0);
    EXPECT_EQ(api->is_cancelled(&call), 1);
    EXPECT_TRUE(call.texts.empty());
    EXPECT_EQ(api->result_text(nullptr, "x", 1), OMCP_E_WRONG_PHASE);
}

TEST_F(HostApiTest, ResultServicesCheckTheirInput)
{
    omcp_call call;
    call.host = &host;
    EXPECT_EQ(api->result_text(&call, "ok", 2), OMCP_OK);
    EXPECT_EQ(api->result_text(&call, "\xC0\xAF", 2), OMCP_E_INVALID_ARGUMENT); // overlong '/'
    EXPECT_EQ(api->result_text(&call, nullptr, 3), OMCP_E_INVALID_ARGUMENT);
    EXPECT_EQ(api->result_json(&call, "[1,", 3), OMCP_E_INVALID_ARGUMENT);
    EXPECT_FALSE(call.json.has_value());
    EXPECT_EQ(api->result_json(&call, "[1,2] trailing", 5), OMCP_OK); // only len bytes count
    EXPECT_EQ(*call.json, Json::parse("[1,2]"));
    EXPECT_EQ(api->result_message(&call, OMCP_ROLE_USER, "hi", 2), OMCP_E_WRONG_PHASE); // tools have none
    EXPECT_EQ(api->report_progress(&call, std::nan(""), 1, nullptr, 0), OMCP_E_INVALID_ARGUMENT);
    EXPECT_EQ(api->result_error(&call, nullptr, 3), OMCP_E_INVALID_ARGUMENT);
    EXPECT_FALSE(call.isError);
    EXPECT_EQ(api->result_error(&call, "bad news", 3), OMCP_OK); // only len bytes count
    EXPECT_TRUE(call.isError);
    EXPECT_EQ(call.texts, (std::vector<std::string>{"ok", "bad"}));

    omcp_call prompt;
    prompt.host = &host;
    prompt.kind = omcp_call::Kind::Prompt;
    EXPECT_EQ(api->result_message(&prompt, 2, "hi", 2), OMCP_E_INVALID_ARGUMENT); // no such role
    EXPECT_EQ(api->result_message(&prompt, OMCP_ROLE_USER, nullptr, 2), OMCP_E_INVALID_ARGUMENT);
    EXPECT_EQ(api->result_message(&prompt, OMCP_ROLE_ASSISTANT, "hi!", 2), OMCP_OK);
    EXPECT_EQ(api->result_text(&prompt, "x", 1), OMCP_E_WRONG_PHASE);
    ASSERT_EQ(prompt.messages.size(), 1u);
    EXPECT_EQ(prompt.messages[0], std::make_pair(std::string("assistant"), std::string("hi")));
    EXPECT_EQ(api->result_error(&prompt, "week must be one line", 21), OMCP_OK); // rejects the arguments
    EXPECT_TRUE(prompt.isError);
}

namespace {

omcp_collection_request collectionRequest(const char* name)
{
    omcp_collection_request req;
    std::memset(&req, 0, sizeof req);
    req.struct_size = sizeof req;
    req.collection = omcp_string{name, std::strlen(name)};
    return req;
}

} // namespace

// The answer is lent, not copied: the plugin reads the very bytes the data service answered (shared with
// the response cache), and the call keeps them after the service has let go of them.
TEST_F(HostApiTest, ResponsesStayValidUntilTheHandlerReturns)
{
    FakeDataService data;
    data.answer.body = R"({"data":[]})";
    data.answer.httpStatus = 200;
    const char* const served = data.answer.body.data();
    auto services = std::make_shared<HostServices>();
    services->data = &data;
    host.services = services;
    omcp_call call;
    call.host = &host;
    const omcp_response* first = nullptr;
    auto req = collectionRequest("sleep");
    ASSERT_EQ(api->get_collection(&call, &req, &first), OMCP_OK);
    for (int i = 0; i < 100; ++i)
    {
        const omcp_response* more = nullptr;
        data.answer.body = "{\"i\":" + std::to_string(i) + "}";
        ASSERT_EQ(api->get_collection(&call, &req, &more), OMCP_OK);
    }
    EXPECT_EQ(first->struct_size, sizeof(omcp_response));
    EXPECT_EQ(first->body.data, served);
    EXPECT_STREQ(first->body.data, R"({"data":[]})");
    EXPECT_EQ(first->body.len, 11u);
    EXPECT_EQ(first->error.data, nullptr);
    EXPECT_EQ(first->start_day.data, nullptr);
    EXPECT_EQ(first->http_status, 200);
    EXPECT_EQ(api->get_collection(&call, &req, nullptr), OMCP_E_INVALID_ARGUMENT);
}

TEST_F(HostApiTest, CollectionRequestsFollowTheGrowthRule)
{
    FakeDataService data;
    data.answer.body = "{}";
    auto services = std::make_shared<HostServices>();
    services->data = &data;
    host.services = services;
    omcp_call call;
    call.host = &host;
    const omcp_response* out = nullptr;

    // A request from a newer plugin: larger than this host's struct, but the fields it lacks are unset.
    struct Newer
    {
        omcp_collection_request base;
        uint64_t laterField;
    } newer;
    std::memset(&newer, 0, sizeof newer);
    newer.base = collectionRequest("sleep");
    newer.base.struct_size = sizeof newer;
    EXPECT_EQ(api->get_collection(&call, &newer.base, &out), OMCP_OK);
    EXPECT_EQ(data.lastCollection.collection, "sleep");
    // ... and one that sets such a field is refused, with the offset named.
    newer.laterField = 1;
    EXPECT_EQ(api->get_collection(&call, &newer.base, &out), OMCP_E_INVALID_ARGUMENT);
    EXPECT_NE(std::string(out->error.data).find("byte " + std::to_string(sizeof(omcp_collection_request))),
              std::string::npos)
        << out->error.data;
    // Smaller than ABI 1.0's struct: a broken build.
    auto req = collectionRequest("sleep");
    req.struct_size = OMCP_COLLECTION_REQUEST_V1_0_SIZE - 8;
    EXPECT_EQ(api->get_collection(&call, &req, &out), OMCP_E_INVALID_ARGUMENT);

    req = collectionRequest("sleep");
    req.flags = 0x4;
    EXPECT_EQ(api->get_collection(&call, &req, &out), OMCP_E_INVALID_ARGUMENT);
    EXPECT_STREQ(out->error.data, "get_collection was given unknown flag bits 0x4 (this host knows 0x1).");
    req = collectionRequest("");
    EXPECT_EQ(api->get_collection(&call, &req, &out), OMCP_E_INVALID_ARGUMENT);
    req = collectionRequest("sleep");
    req.start = omcp_string{nullptr, 3};
    EXPECT_EQ(api->get_collection(&call, &req, &out), OMCP_E_INVALID_ARGUMENT);
    omcp_kv extra[] = {{OMCP_LITERAL("fields"), omcp_string{"day,score,junk", 9}}};
    req = collectionRequest("sleepless");
    req.collection.len = 5; // only len bytes count
    req.start = omcp_string{"2024-05-01", 10};
    req.extra = extra;
    req.extra_count = 1;
    EXPECT_EQ(api->get_collection(&call, &req, &out), OMCP_OK);
    EXPECT_EQ(data.lastCollection.collection, "sleep");
    EXPECT_EQ(data.lastCollection.start, "2024-05-01");
    EXPECT_EQ(data.lastCollection.extra, (Oura::QueryParams{{"fields", "day,score"}}));
    req.extra_count = 2;
    req.extra = nullptr;
    EXPECT_EQ(api->get_collection(&call, &req, &out), OMCP_E_INVALID_ARGUMENT);
}

TEST_F(HostApiTest, EveryApiErrorMapsToItsStatus)
{
    using E = Oura::ApiError;
    const std::pair<E, omcp_status> map[] = {
        {E::None, OMCP_OK},
        {E::InvalidArgument, OMCP_E_INVALID_ARGUMENT},
        {E::NotFound, OMCP_E_NOT_FOUND},
        {E::AuthRequired, OMCP_E_AUTH_REQUIRED},
        {E::Forbidden, OMCP_E_FORBIDDEN},
        {E::RateLimited, OMCP_E_RATE_LIMITED},
        {E::Upstream, OMCP_E_UPSTREAM},
        {E::Unsupported, OMCP_E_UNSUPPORTED},
        {E::Cancelled, OMCP_E_CANCELLED},
        {E::Internal, OMCP_E_INTERNAL},
    };
    for (const auto& [error, status] : map)
        EXPECT_EQ(HostApi::fromApiError(error), status);

    FakeDataService data;
    auto services = std::make_shared<HostServices>();
    services->data = &data;
    host.services = services;
    omcp_call call;
    call.host = &host;
    for (const auto& [error, status] : map)
    {
        data.answer = Oura::ApiResponse{};
        data.answer.error = error;
        data.answer.httpStatus = 503;
        if (error == E::None)
            data.answer.body = "{}";
        const omcp_response* out = nullptr;
        auto req = collectionRequest("sleep");
        EXPECT_EQ(api->get_collection(&call, &req, &out), status);
        ASSERT_NE(out, nullptr);
        EXPECT_EQ(out->http_status, 503);
        EXPECT_EQ(out->error.data == nullptr, status == OMCP_OK);
        EXPECT_EQ(out->body.data != nullptr, status == OMCP_OK);
    }
    EXPECT_STREQ(HostApi::statusName(OMCP_E_RATE_LIMITED), "OMCP_E_RATE_LIMITED");
    EXPECT_STREQ(HostApi::statusName(-99), "unknown status");
}

TEST_F(HostApiTest, LogPrefixesThePluginIdAndNeverFails)
{
    LogCapture log;
    api->log(&host, OMCP_LOG_WARNING, "careful", 7);
    api->log(&host, 99, "clamped", 7);
    api->log(&host, OMCP_LOG_INFO, nullptr, 5);
    api->log(nullptr, OMCP_LOG_INFO, "no host", 7);
    api->log(&host, OMCP_LOG_INFO, "bad \xFF byte", 10);
    const auto lines = log.lines();
    ASSERT_EQ(lines.size(), 5u);
    EXPECT_EQ(lines[0].component, "plugin:unit");
    EXPECT_EQ(lines[0].level, Util::Log::Level::Warning);
    EXPECT_EQ(lines[1].level, Util::Log::Level::Error);
    EXPECT_EQ(lines[2].message, "(null)");
    EXPECT_EQ(lines[3].component, "plugin");
    EXPECT_EQ(lines[4].message, "bad ? byte");
}

// Every tool of the bundled plugins, through the real binary, against the fake Oura API over loopback HTTP:
// "yesterday", "last week" and an explicit range each return exactly the user's inclusive days, outputs
// pass the host's output-schema check (a violation would be an isError result), and the default answers
// for 30 days of heart rate and daily activity stay within their size budgets; tools/list as the model
// reads it stays within its budget.
#include "FakeOuraServer.h"
#include "ServerProcess.h"

#include <gtest/gtest.h>

#include <Poco/TemporaryFile.h>

#include <map>
#include <set>

using OuraMcp::Json;
using OuraMcp::Testing::binaryPath;
using OuraMcp::Testing::FakeOuraServer;
using OuraMcp::Testing::ServerProcess;
using OuraMcp::Testing::textOf;

namespace {

struct Case
{
    std::string label;
    std::string start;
    std::string end;
    std::string expectStart;
    std::string expectEnd;
};

const std::vector<Case> kCases = {
    {"yesterday", "yesterday", "", "2026-11-19", "2026-11-19"},
    {"last week", "last week", "", "2026-11-14", "2026-11-20"},
    {"explicit range", "2026-11-10", "2026-11-12", "2026-11-10", "2026-11-12"},
};

class AllTools : public ::testing::Test
{
protected:
    void SetUp() override
    {
        FakeOuraServer::Options o;
        o.today = "2026-11-20";
        _fake = std::make_unique<FakeOuraServer>(o);
        _fake->addAccessToken("access-token-all-tools");
        _home.createDirectories();
        _server = std::make_unique<ServerProcess>(
            binaryPath(), std::vector<std::string>{},
            ServerProcess::Env{{"HOME", _home.path()},
                               {"OURA_API_BASE_URL", _fake->baseUrl()},
                               {"OURA_ACCESS_TOKEN", "access-token-all-tools"},
                               {"OURA_MCP_NOW", "2026-11-20T12:00:00Z"},
                               {"OURA_MCP_TIME_ZONE", "Europe/Berlin"}});
        _initialize = _server->initialize();
    }

    Json call(const std::string& tool, const Json& args)
    {
        Json reply = _server->request("tools/call", {{"name", tool}, {"arguments", args}}, ++_id);
        EXPECT_TRUE(reply.contains("result")) << tool << ": " << reply.dump();
        return reply.value("result", Json::object());
    }

    Json tools() { return _server->request("tools/list", Json::object(), ++_id)["result"]["tools"]; }

    std::unique_ptr<FakeOuraServer> _fake;
    Poco::TemporaryFile _home;
    std::unique_ptr<ServerProcess> _server;
    Json _initialize;
    int _id = 100;
};

} // namespace

TEST_F(AllTools, EveryToolAnswersForTheUsersInclusiveDays)
{
    Json list = tools();
    ASSERT_EQ(list.size(), 18u);
    for (const auto& tool : list)
    {
        const std::string name = tool["name"];
        const Json& props = tool["inputSchema"].value("properties", Json::object());
        if (props.contains("start_date") || props.contains("start_datetime"))
        {
            const std::string startKey = props.contains("start_date") ? "start_date" : "start_datetime";
            const std::string endKey = props.contains("end_date") ? "end_date" : "end_datetime";
            for (const auto& c : kCases)
            {
                Json args = {{startKey, c.start}};
                if (!c.end.empty())
                    args[endKey] = c.end;
                Json result = call(name, args);
                ASSERT_NE(result.value("isError", false), true)
                    << name << " " << c.label << ": " << textOf(result);
                const Json& sc = result["structuredContent"];
                EXPECT_EQ(sc["range"]["start"], c.expectStart) << name << " " << c.label;
                EXPECT_EQ(sc["range"]["end"], c.expectEnd) << name << " " << c.label;
                for (const auto& [key, value] : sc.items())
                {
                    if (!value.is_array() || key == "omitted")
                        continue;
                    for (const auto& item : value)
                    {
                        if (item.is_object() && item.contains("day") && item["day"].is_string())
                        {
                            const std::string day = item["day"];
                            EXPECT_TRUE(day >= c.expectStart && day <= c.expectEnd)
                                << name << " " << c.label << " returned day " << day;
                        }
                    }
                }
                EXPECT_EQ(Json::parse(textOf(result)), sc)
                    << name << ": the text copy mirrors structuredContent";
            }
        }
        else
        {
            Json result = call(name, Json::object());
            EXPECT_NE(result.value("isError", false), true) << name << ": " << textOf(result);
            EXPECT_TRUE(result.contains("structuredContent")) << name;
        }
    }
}

TEST_F(AllTools, ThirtyDayAnswersStayCompactByDefault)
{
    Json heart = call("get_heartrate", {{"start_datetime", "last 30 days"}});
    ASSERT_NE(heart.value("isError", false), true) << textOf(heart);
    EXPECT_LE(textOf(heart).size(), 40u * 1024u);
    EXPECT_GT(heart["structuredContent"]["summary"]["count"].get<long>(), 30 * 288);

    Json activity = call("get_daily_activity", {{"start_date", "last 30 days"}});
    ASSERT_NE(activity.value("isError", false), true) << textOf(activity);
    EXPECT_EQ(activity["structuredContent"]["count"], 30);
    EXPECT_LE(textOf(activity).size(), 30u * 1024u);
    EXPECT_FALSE(activity["structuredContent"]["omitted"].empty()) << "says what it left out";

    Json full = call("get_daily_activity", {{"start_date", "yesterday"}, {"include", {"met"}}});
    EXPECT_EQ(full["structuredContent"]["days"][0]["met"]["items"].size(), 1440u);
}

TEST_F(AllTools, ToolListAsTheModelReadsItFitsInEightKilobytes)
{
    // Every conversation pays for tools/list before its first question: what the model reads of it is each
    // tool's name, description and input schema (compact JSON). 16.3 KB before issue 14.
    const Json list = tools();
    std::size_t visible = 0;
    std::size_t wire = 0;
    for (const auto& tool : list)
    {
        visible += Json{{"name", tool["name"]},
                        {"description", tool.value("description", "")},
                        {"inputSchema", tool["inputSchema"]}}
                       .dump()
                       .size();
        wire += tool.dump().size();
    }
    RecordProperty("tools_list_model_visible_bytes", static_cast<int>(visible));
    std::cerr << "[size] tools/list: " << visible << " bytes model-visible, " << wire << " bytes in all\n";
    EXPECT_LE(visible, 8000u);

    // ... with the names and parameters clients and prompts already use, every parameter described.
    const std::map<std::string, std::set<std::string>> parameters = {
        {"get_cardiovascular_age", {"end_date", "fields", "start_date"}},
        {"get_daily_activity", {"end_date", "fields", "include", "start_date"}},
        {"get_daily_readiness", {"end_date", "fields", "start_date"}},
        {"get_daily_resilience", {"end_date", "fields", "start_date"}},
        {"get_daily_sleep", {"end_date", "fields", "start_date"}},
        {"get_daily_spo2", {"end_date", "fields", "start_date"}},
        {"get_daily_stress", {"end_date", "fields", "start_date"}},
        {"get_enhanced_tags", {"end_date", "fields", "start_date"}},
        {"get_heartrate", {"end_datetime", "resolution", "start_datetime"}},
        {"get_personal_info", {}},
        {"get_rest_mode_periods", {"end_date", "fields", "start_date"}},
        {"get_ring_battery_level", {"end_date", "include", "start_date"}},
        {"get_ring_configuration", {}},
        {"get_sessions", {"end_date", "fields", "include", "start_date"}},
        {"get_sleep_periods", {"end_date", "fields", "include", "start_date"}},
        {"get_sleep_time", {"end_date", "fields", "start_date"}},
        {"get_vo2_max", {"end_date", "fields", "start_date"}},
        {"get_workouts", {"end_date", "fields", "start_date"}}};
    std::map<std::string, std::set<std::string>> listed;
    for (const auto& tool : list)
    {
        const std::string name = tool["name"];
        EXPECT_FALSE(tool.value("description", "").empty()) << name;
        std::set<std::string>& names = listed[name];
        const Json properties = tool["inputSchema"].value("properties", Json::object());
        for (const auto& [key, property] : properties.items())
        {
            names.insert(key);
            EXPECT_FALSE(property.value("description", "").empty()) << name << " " << key;
        }
    }
    EXPECT_EQ(listed, parameters);

    // A 2026-07-28 client may keep the list for an hour rather than fetch it for every conversation.
    const Json modern = _server->request("tools/list",
                                         {{"_meta",
                                           {{"io.modelcontextprotocol/protocolVersion", "2026-07-28"},
                                            {"io.modelcontextprotocol/clientCapabilities", Json::object()}}}},
                                         ++_id)["result"];
    EXPECT_EQ(modern["tools"], list);
    EXPECT_EQ(modern["ttlMs"], 3600000);
    EXPECT_EQ(modern["cacheScope"], "public");

    // The date grammar and the shape of answers are said once, in the server's instructions.
    const std::string instructions = _initialize.value("instructions", "");
    for (const char* said : {"2024-05-01", "yesterday", "last week", "last 30 days", "previous month",
                             "inclusive", "start_datetime", "omitted", "fields", "seconds"})
        EXPECT_NE(instructions.find(said), std::string::npos) << said << " in: " << instructions;
}

// The bundled domain plugins, loaded from the stage folder into a fake host: registrations, arguments passed
// to the host unchanged, compact answers, empty reasons, errors, and outputs valid against their schemas.
#include "FakeHost.h"
#include "SchemaCheck.h"
#include "TestData.h"

#include <gtest/gtest.h>

#include <iostream>
#include <set>

namespace OuraMcp::DomainTest {
namespace {

constexpr uint32_t kReadFlags = OMCP_TOOL_READ_ONLY | OMCP_TOOL_IDEMPOTENT | OMCP_TOOL_OPEN_WORLD;

struct ToolCase
{
    const char* plugin;
    const char* tool;
    const char* collection;
    const char* scope;
    const char* itemsKey; ///< "" for tools without a list
    bool dated;           ///< takes start_date / end_date
};

const ToolCase kTools[] = {
    {"sleep", "get_daily_sleep", "daily_sleep", "daily", "days", true},
    {"sleep", "get_sleep_periods", "sleep", "daily", "periods", true},
    {"sleep", "get_sleep_time", "sleep_time", "daily", "days", true},
    {"sleep", "get_daily_spo2", "daily_spo2", "spo2", "days", true},
    {"readiness", "get_daily_readiness", "daily_readiness", "daily", "days", true},
    {"readiness", "get_daily_stress", "daily_stress", "daily", "days", true},
    {"readiness", "get_daily_resilience", "daily_resilience", "stress", "days", true},
    {"activity", "get_daily_activity", "daily_activity", "daily", "days", true},
    {"activity", "get_workouts", "workout", "workout", "workouts", true},
    {"activity", "get_sessions", "session", "session", "sessions", true},
    {"heartrate", "get_heartrate", "heartrate", "heartrate", "intervals", false},
    {"heartrate", "get_vo2_max", "vO2_max", "heart_health", "days", true},
    {"heartrate", "get_cardiovascular_age", "daily_cardiovascular_age", "heart_health", "days", true},
    {"user", "get_personal_info", "personal_info", "personal", "", false},
    {"user", "get_ring_configuration", "ring_configuration", "ring_configuration", "rings", false},
    {"user", "get_enhanced_tags", "enhanced_tag", "tag", "tags", true},
    {"user", "get_rest_mode_periods", "rest_mode_period", "daily", "periods", true},
    {"user", "get_ring_battery_level", "ring_battery_level", "ring_configuration", "days", true},
};

const std::string kStart = "2024-11-24";
const std::string kEnd = "2024-11-30";

/// Realistic documents of every collection for kStart..kEnd.
std::map<std::string, json> realistic()
{
    std::map<std::string, json> docs;
    docs["daily_sleep"] = perDay(kStart, kEnd, dailySleep);
    json periods = json::array();
    for (std::string d = kStart; d <= kEnd; d = addDays(d, 1))
    {
        periods.push_back(sleepPeriod(d));
        if (d == kEnd)
            periods.push_back(sleepPeriod(d, "late_nap"));
    }
    docs["sleep"] = periods;
    docs["sleep_time"] = perDay(kStart, kEnd, sleepTime);
    docs["daily_spo2"] = perDay(kStart, kEnd, dailySpo2);
    docs["daily_readiness"] = perDay(kStart, kEnd, dailyReadiness);
    docs["daily_stress"] = perDay(kStart, kEnd, dailyStress);
    docs["daily_resilience"] = perDay(kStart, kEnd, dailyResilience);
    docs["daily_activity"] = perDay(kStart, kEnd, dailyActivity);
    docs["workout"] = perDay(kStart, kEnd, workout);
    docs["session"] = perDay(kStart, kEnd, session);
    docs["heartrate"] = heartRateRows(kStart, 7, 300);
    docs["vO2_max"] = perDay(kStart, kEnd, vo2Max);
    docs["daily_cardiovascular_age"] = perDay(kStart, kEnd, cardiovascularAge);
    docs["personal_info"] = personalInfo();
    docs["ring_configuration"] = json::array({ringConfiguration()});
    docs["enhanced_tag"] = json::array({enhancedTag("2024-11-26", "tag_generic_alcohol"),
                                        enhancedTag("2024-11-29", "tag_generic_caffeine")});
    docs["rest_mode_period"] = json::array({restModePeriod("2024-11-27")});
    docs["ring_battery_level"] = batteryRows(kStart, 7);
    return docs;
}

class DomainPlugins : public ::testing::Test
{
protected:
    static FakePlugin& plugin(const std::string& id) { return loaded(id); }

    static CallResult call(const ToolCase& c, const json& args, const Responder& responder)
    {
        return plugin(c.plugin).callTool(c.tool, args, responder);
    }
};

TEST_F(DomainPlugins, EachPluginDeclaresExactlyTheScopesItsToolsNeed)
{
    const std::map<std::string, std::set<std::string>> expected = {
        {"sleep", {"daily", "spo2"}},
        {"readiness", {"daily", "stress"}},
        {"activity", {"daily", "workout", "session"}},
        {"heartrate", {"heartrate", "heart_health"}},
        {"user", {"personal", "email", "ring_configuration", "tag", "daily"}}};
    for (const auto& [id, scopes] : expected)
    {
        FakePlugin& p = plugin(id);
        ASSERT_EQ(p.initStatus, OMCP_OK) << id << ": " << p.initError;
        EXPECT_STREQ(p.descriptor->id, id.c_str());
        EXPECT_EQ(std::set<std::string>(p.scopes.begin(), p.scopes.end()), scopes) << id;
        for (const auto& t : p.tools)
            EXPECT_EQ(scopes.count(t.scope), 1u)
                << t.name << " needs " << t.scope << ", not declared by " << id;
    }
}

TEST_F(DomainPlugins, EveryToolIsRegisteredWithTitleDescriptionSchemasAnnotationsAndScope)
{
    std::map<std::string, std::set<std::string>> byPlugin;
    for (const auto& c : kTools)
        byPlugin[c.plugin].insert(c.tool);
    for (const auto& [id, names] : byPlugin)
    {
        std::set<std::string> registered;
        for (const auto& t : plugin(id).tools)
            registered.insert(t.name);
        EXPECT_EQ(registered, names) << id;
    }
    for (const auto& c : kTools)
    {
        const ToolReg* t = plugin(c.plugin).tool(c.tool);
        ASSERT_NE(t, nullptr) << c.tool;
        EXPECT_FALSE(t->title.empty()) << c.tool;
        // What distinguishes the tool, in one or two short sentences: the model reads every description
        // before its first question, and the server's instructions say what the tools share.
        EXPECT_GT(t->description.size(), 20u) << c.tool;
        EXPECT_LE(t->description.size(), 160u) << c.tool;
        EXPECT_EQ(t->flags, kReadFlags) << c.tool;
        EXPECT_EQ(t->scope, c.scope) << c.tool;
        EXPECT_EQ(t->inputSchema.value("type", ""), "object") << c.tool;
        EXPECT_EQ(t->inputSchema.value("additionalProperties", true), false) << c.tool;
        EXPECT_EQ(t->outputSchema.value("type", ""), "object") << c.tool;
        EXPECT_EQ(t->outputSchema.value("additionalProperties", true), false) << c.tool;
        const json inputProps = t->inputSchema.value("properties", json::object());
        for (const auto& [name, property] : inputProps.items())
            EXPECT_FALSE(property.value("description", "").empty())
                << c.tool << " " << name << " is not described";
        if (c.dated)
        {
            const auto& props = t->inputSchema.at("properties");
            EXPECT_TRUE(props.contains("start_date")) << c.tool;
            EXPECT_TRUE(props.contains("end_date")) << c.tool;
            // A short reference to the date forms, which the server's instructions list once.
            EXPECT_EQ(props["start_date"].value("description", ""), "First day: ISO date or phrase")
                << c.tool;
            // The common default is said once in the instructions; a different one is in the schema.
            const bool ownDefault = std::string(c.tool) == "get_ring_battery_level";
            EXPECT_EQ(props["start_date"].contains("default"), ownDefault) << c.tool;
        }
    }
    const auto& hr = plugin("heartrate").tool("get_heartrate")->inputSchema.at("properties");
    EXPECT_TRUE(hr.contains("start_datetime"));
    EXPECT_TRUE(hr.contains("end_datetime"));
    EXPECT_EQ(hr["resolution"]["enum"], json::array({"raw", "5min", "hour", "day"}));
}

TEST_F(DomainPlugins, ToolListStaysSmall)
{
    // Every session pays for tools/list. What the model reads (name, description, input schema) has its
    // budget in the integration test AllTools.ToolListAsTheModelReadsItFitsInEightKilobytes; this is the wire
    // budget of the plugins' part, output schemas included (30.4 KB before issue 14, 18 KB after).
    std::size_t total = 0;
    for (const char* id : {"sleep", "readiness", "activity", "heartrate", "user"})
        for (const auto& t : plugin(id).tools)
            total += t.name.size() + t.title.size() + t.description.size() + t.inputSchema.dump().size() +
                     t.outputSchema.dump().size();
    std::cerr << "[size] tools: " << total << " bytes of names, titles, descriptions and schemas\n";
    EXPECT_LE(total, 19u * 1000u);
}

TEST_F(DomainPlugins, DateTextGoesToTheHostUnchanged)
{
    for (const auto& c : kTools)
    {
        if (!c.dated)
            continue;
        const auto r = call(c, {{"start_date", "last 3 days"}, {"end_date", "2024-11-30"}}, Responder{});
        ASSERT_EQ(r.requests.size(), 1u) << c.tool;
        EXPECT_EQ(r.requests[0].collection, c.collection) << c.tool;
        EXPECT_EQ(r.requests[0].start.value_or("<null>"), "last 3 days") << c.tool;
        EXPECT_EQ(r.requests[0].end.value_or("<null>"), "2024-11-30") << c.tool;
        EXPECT_EQ(r.requests[0].flags, 0u) << c.tool;
        EXPECT_TRUE(r.requests[0].extra.empty()) << c.tool;

        const auto d = call(c, json::object(), Responder{});
        ASSERT_EQ(d.requests.size(), 1u) << c.tool;
        const std::string expectedDefault =
            std::string(c.tool) == "get_ring_battery_level" ? "today" : "last week";
        EXPECT_EQ(d.requests[0].start.value_or("<null>"), expectedDefault) << c.tool;
        EXPECT_EQ(d.requests[0].end.value_or("<null>"), "") << c.tool;
    }
}

TEST_F(DomainPlugins, HeartRateDatetimesAndRawFlagGoToTheHost)
{
    FakePlugin& p = plugin("heartrate");
    auto r = p.callTool("get_heartrate",
                        {{"start_datetime", "2024-11-29T08:00:00+01:00"},
                         {"end_datetime", "yesterday"},
                         {"resolution", "raw"}},
                        Responder{});
    ASSERT_EQ(r.requests.size(), 1u);
    EXPECT_EQ(r.requests[0].collection, "heartrate");
    EXPECT_EQ(*r.requests[0].start, "2024-11-29T08:00:00+01:00");
    EXPECT_EQ(*r.requests[0].end, "yesterday");
    EXPECT_EQ(r.requests[0].flags, static_cast<uint32_t>(OMCP_COLLECTION_RAW));

    r = p.callTool("get_heartrate", json::object(), Responder{});
    EXPECT_EQ(*r.requests[0].start, "today");
    EXPECT_EQ(r.requests[0].flags, 0u);
}

TEST_F(DomainPlugins, EveryOutputMatchesItsOutputSchemaWithDataAndWhenEmpty)
{
    const auto full = serve(realistic(), kStart, kEnd, "Demo data: generated, not a real person.");
    const auto empty = serve({}, kStart, kEnd);
    for (const auto& c : kTools)
    {
        const ToolReg* t = plugin(c.plugin).tool(c.tool);
        for (const auto* responder : {&full, &empty})
        {
            const auto r = call(c, json::object(), *responder);
            ASSERT_EQ(r.status, OMCP_OK) << c.tool;
            ASSERT_FALSE(r.isError) << c.tool << ": " << r.errorMessage;
            ASSERT_TRUE(r.structured.has_value()) << c.tool;
            const auto bad = schemaViolation(t->outputSchema, *r.structured);
            EXPECT_FALSE(bad.has_value()) << c.tool << ": " << bad.value_or("");
            if (c.dated || std::string(c.tool) == "get_heartrate")
            {
                EXPECT_EQ((*r.structured)["range"], (json{{"start", kStart}, {"end", kEnd}})) << c.tool;
            }
        }
        // Every option that changes the shape must still match the schema.
        std::vector<json> variants;
        const auto& props = t->inputSchema.value("properties", json::object());
        if (props.contains("include"))
            variants.push_back({{"include", props["include"]["items"]["enum"]}});
        if (props.contains("fields"))
        {
            const auto& itemProps = t->outputSchema["properties"][c.itemsKey]["items"]["properties"];
            variants.push_back({{"fields", json::array({itemProps.begin().key()})}});
        }
        if (props.contains("resolution"))
            for (const char* res : {"raw", "5min", "hour", "day"})
                variants.push_back({{"resolution", res}});
        for (const auto& args : variants)
        {
            const auto r = call(c, args, full);
            ASSERT_TRUE(r.structured.has_value()) << c.tool << " " << args.dump() << ": " << r.errorMessage;
            const auto bad = schemaViolation(t->outputSchema, *r.structured);
            EXPECT_FALSE(bad.has_value()) << c.tool << " " << args.dump() << ": " << bad.value_or("");
        }
    }
}

TEST_F(DomainPlugins, NoteIsPassedOnAndEmptyAnswersSayWhy)
{
    const auto full = serve(realistic(), kStart, kEnd, "Demo data: generated, not a real person.");
    const auto empty = serve({}, kStart, kEnd);
    for (const auto& c : kTools)
    {
        if (std::string(c.tool) == "get_personal_info")
            continue; // a profile is never empty
        const auto withData = call(c, json::object(), full);
        EXPECT_EQ(withData.structured->value("note", ""), "Demo data: generated, not a real person.")
            << c.tool;
        EXPECT_FALSE(withData.structured->contains("empty_reason")) << c.tool;
        EXPECT_GT(withData.structured->value("count", 0), 0) << c.tool;

        const auto none = call(c, json::object(), empty);
        EXPECT_EQ(none.structured->value("count", -1), 0) << c.tool;
        const std::string why = none.structured->value("empty_reason", "");
        EXPECT_FALSE(why.empty()) << c.tool;
        EXPECT_FALSE(none.structured->contains("note")) << c.tool;
        if (std::string(c.tool) != "get_ring_configuration")
        {
            EXPECT_NE(why.find("Oura app"), std::string::npos) << c.tool << ": " << why;
            EXPECT_NE(why.find("Membership"), std::string::npos) << c.tool << ": " << why;
        }
    }
}

TEST_F(DomainPlugins, FutureDaysAreNamedInTheEmptyReason)
{
    const auto r = plugin("sleep").callTool("get_daily_sleep", {{"start_date", "2024-12-05"}},
                                            serve({}, "2024-12-05", "2024-12-05"));
    EXPECT_NE(r.structured->value("empty_reason", "").find("after today (2024-11-30)"), std::string::npos);
}

TEST_F(DomainPlugins, HostErrorsBecomeIsErrorResultsWithTheHostsMessage)
{
    const std::string message =
        "Oura refused: this data needs the 'spo2' permission. Run `oura-mcp auth login` again.";
    const Responder forbidden = [&](const CollectionRequest&) {
        CannedResponse c;
        c.status = OMCP_E_FORBIDDEN;
        c.error = message;
        return c;
    };
    for (const auto& c : kTools)
    {
        const auto r = call(c, json::object(), forbidden);
        EXPECT_EQ(r.status, OMCP_OK) << c.tool;
        EXPECT_TRUE(r.isError) << c.tool;
        EXPECT_EQ(r.errorMessage, message) << c.tool;
        EXPECT_FALSE(r.structured.has_value()) << c.tool;
    }
}

TEST_F(DomainPlugins, MalformedUpstreamBodyIsAnErrorNotACrash)
{
    const Responder garbage = [](const CollectionRequest&) {
        CannedResponse c;
        c.body = "{not json";
        return c;
    };
    const auto r = plugin("sleep").callTool("get_daily_sleep", json::object(), garbage);
    EXPECT_TRUE(r.isError);
    EXPECT_NE(r.errorMessage.find("malformed"), std::string::npos);
}

TEST_F(DomainPlugins, DailyActivityLeavesOutMetAndClassesByDefaultAndSaysSo)
{
    const auto responder = serve(realistic(), kStart, kEnd);
    FakePlugin& p = plugin("activity");
    const auto compact = p.callTool("get_daily_activity", json::object(), responder);
    const json& out = *compact.structured;
    ASSERT_EQ(out["days"].size(), 7u);
    for (const auto& d : out["days"])
    {
        EXPECT_FALSE(d.contains("met"));
        EXPECT_FALSE(d.contains("class_5_min"));
        EXPECT_TRUE(d.contains("steps"));
        EXPECT_TRUE(d.contains("contributors"));
    }
    ASSERT_EQ(out["omitted"].size(), 4u);
    EXPECT_NE(out["omitted"][0].get<std::string>().find("include=[\"met\"]"), std::string::npos);
    EXPECT_NE(out["omitted"][1].get<std::string>().find("class_5_min"), std::string::npos);
    EXPECT_EQ(out["omitted"][2].get<std::string>().rfind("id ", 0), 0u);
    EXPECT_EQ(out["omitted"][3].get<std::string>().rfind("timestamp ", 0), 0u); // 4 a.m.: the day's start

    const auto withMet = p.callTool("get_daily_activity", {{"include", {"met"}}}, responder);
    EXPECT_EQ(withMet.structured->at("days")[0]["met"]["items"].size(), 1440u);
    EXPECT_FALSE(withMet.structured->at("days")[0].contains("class_5_min"));
    ASSERT_EQ(withMet.structured->at("omitted").size(), 3u); // class_5_min, id, timestamp

    const auto everything =
        p.callTool("get_daily_activity", {{"include", {"met", "class_5_min"}}}, responder);
    EXPECT_EQ(everything.structured->at("days")[0]["class_5_min"].get<std::string>().size(), 288u);
    EXPECT_EQ(everything.structured->at("omitted").size(), 2u); // id, timestamp
    json expected = realistic()["daily_activity"][0];
    expected.erase("id");
    expected.erase("timestamp");
    EXPECT_EQ(everything.structured->at("days")[0], expected); // nothing else changed
}

TEST_F(DomainPlugins, SleepPeriodsLeaveOutThirtySecondSeriesAndSamplesButKeepTheHypnogram)
{
    const auto responder = serve(realistic(), kStart, kEnd);
    FakePlugin& p = plugin("sleep");
    const auto compact = p.callTool("get_sleep_periods", json::object(), responder);
    const json& period = compact.structured->at("periods")[0];
    for (const char* heavy : {"movement_30_sec", "sleep_phase_30_sec", "heart_rate", "hrv"})
        EXPECT_FALSE(period.contains(heavy)) << heavy;
    EXPECT_EQ(period["sleep_phase_5_min"].get<std::string>().size(), 97u);
    EXPECT_EQ(period["lowest_heart_rate"], 60);
    EXPECT_EQ(compact.structured->at("omitted").size(), 5u); // the four series and id
    EXPECT_EQ(compact.structured->at("count"), 8);           // 7 nights and a nap

    const auto hr = p.callTool("get_sleep_periods", {{"include", {"heart_rate", "hrv"}}}, responder);
    EXPECT_EQ(hr.structured->at("periods")[0]["heart_rate"]["items"].size(), 96u);
    EXPECT_EQ(hr.structured->at("omitted").size(), 3u);
}

TEST_F(DomainPlugins, SessionsLeaveOutFiveSecondSeries)
{
    const auto r =
        plugin("activity").callTool("get_sessions", json::object(), serve(realistic(), kStart, kEnd));
    const json& s = r.structured->at("sessions")[0];
    EXPECT_FALSE(s.contains("heart_rate"));
    EXPECT_EQ(s["type"], "body_status");
    EXPECT_EQ(r.structured->at("omitted").size(), 4u); // the three series and id
}

TEST_F(DomainPlugins, DefaultAnswersLeaveOutTheIdAndATimestampThatRepeatsTheDayAndSaySo)
{
    const auto responder = serve(realistic(), kStart, kEnd);
    FakePlugin& p = plugin("sleep");
    const auto r = p.callTool("get_daily_sleep", json::object(), responder);
    const json& out = *r.structured;
    ASSERT_EQ(out["days"].size(), 7u);
    for (const auto& d : out["days"])
    {
        EXPECT_FALSE(d.contains("id"));
        EXPECT_FALSE(d.contains("timestamp")) << "midnight of day says nothing day does not";
        EXPECT_TRUE(d.contains("score"));
        EXPECT_TRUE(d.contains("contributors"));
    }
    ASSERT_EQ(out["omitted"].size(), 2u);
    EXPECT_EQ(out["omitted"][0], "id (Oura's document id) left out; name it in fields to get it");
    EXPECT_EQ(out["omitted"][1].get<std::string>().rfind("timestamp (", 0), 0u);

    // fields brings them back, exactly as Oura sent them.
    const auto asked = p.callTool("get_daily_sleep", {{"fields", {"id", "timestamp"}}}, responder);
    EXPECT_EQ(asked.structured->at("days")[0]["id"], realistic()["daily_sleep"][0]["id"]);
    EXPECT_EQ(asked.structured->at("days")[0]["timestamp"], realistic()["daily_sleep"][0]["timestamp"]);
    EXPECT_FALSE(asked.structured->contains("omitted"));

    // A timestamp that is not the start of the day carries information and stays.
    json docs = realistic()["daily_sleep"];
    docs[0]["timestamp"] = docs[0]["day"].get<std::string>() + "T07:31:00+01:00";
    const auto kept =
        p.callTool("get_daily_sleep", json::object(), serve({{"daily_sleep", docs}}, kStart, kEnd));
    EXPECT_EQ(kept.structured->at("days")[0]["timestamp"], docs[0]["timestamp"]);
    EXPECT_FALSE(kept.structured->at("days")[1].contains("timestamp"));
}

TEST_F(DomainPlugins, FieldsSelectsTopLevelFieldsAndKeepsTheDay)
{
    const auto r = plugin("sleep").callTool("get_daily_sleep", {{"fields", {"score"}}},
                                            serve(realistic(), kStart, kEnd));
    for (const auto& d : r.structured->at("days"))
        EXPECT_EQ(d, (json{{"day", d["day"]}, {"score", 77}}));
    EXPECT_FALSE(r.structured->contains("omitted"));

    const auto met =
        plugin("activity")
            .callTool("get_daily_activity", {{"fields", {"steps", "met"}}}, serve(realistic(), kStart, kEnd));
    EXPECT_EQ(met.structured->at("days")[0].size(), 3u); // day, steps, met: fields asks for it explicitly
    EXPECT_EQ(met.structured->at("days")[0]["met"]["items"].size(), 1440u);
}

TEST_F(DomainPlugins, UnknownFieldOrIncludeIsAnErrorNamingTheKnownOnes)
{
    auto r = plugin("sleep").callTool("get_daily_sleep", {{"fields", {"scroe"}}}, Responder{});
    EXPECT_TRUE(r.isError);
    EXPECT_NE(r.errorMessage.find("'scroe'"), std::string::npos);
    EXPECT_NE(r.errorMessage.find("score"), std::string::npos);
    EXPECT_TRUE(r.requests.empty()); // refused before asking Oura

    r = plugin("activity").callTool("get_daily_activity", {{"include", {"steps"}}}, Responder{});
    EXPECT_TRUE(r.isError);
    EXPECT_NE(r.errorMessage.find("met, class_5_min"), std::string::npos);
}

TEST_F(DomainPlugins, ThirtyDaysOfDailyActivityFitInThirtyKilobytesByDefault)
{
    const std::string start = "2024-11-01", end = "2024-11-30";
    const json docs = perDay(start, end, dailyActivity);
    const auto responder = serve({{"daily_activity", docs}}, start, end);
    const auto r =
        plugin("activity").callTool("get_daily_activity", {{"start_date", "last 30 days"}}, responder);
    const std::size_t compact = r.structuredText.size();
    const std::size_t raw = body(docs).size();
    RecordProperty("daily_activity_30d_default_bytes", static_cast<int>(compact));
    RecordProperty("daily_activity_30d_upstream_bytes", static_cast<int>(raw));
    std::cerr << "[size] daily_activity 30 days: default " << compact << " bytes, upstream " << raw
              << " bytes\n";
    EXPECT_EQ(r.structured->at("count"), 30);
    EXPECT_LE(compact, 30u * 1024u);
    EXPECT_GT(raw, 200u * 1024u); // the test data really is heavy
}

TEST_F(DomainPlugins, RingConfigurationAndPersonalInfoNeedNoDates)
{
    const auto responder = serve(realistic(), "", "");
    FakePlugin& p = plugin("user");
    const auto info = p.callTool("get_personal_info", json::object(), responder);
    EXPECT_EQ(info.structured->at("personal_info"), personalInfo());
    ASSERT_EQ(info.requests.size(), 1u);
    EXPECT_EQ(info.requests[0].collection, "personal_info");

    const auto ring = p.callTool("get_ring_configuration", json::object(), responder);
    EXPECT_EQ(ring.structured->at("rings")[0]["hardware_type"], "gen3");
    EXPECT_EQ(ring.structured->at("count"), 1);
}

TEST_F(DomainPlugins, RingBatterySummarisesPerDayWithTheLatestReading)
{
    const json rows = batteryRows("2024-11-29", 2);
    const auto responder = serve({{"ring_battery_level", rows}}, "2024-11-29", "2024-11-30");
    FakePlugin& p = plugin("user");
    const auto r =
        p.callTool("get_ring_battery_level", {{"start_date", "yesterday"}, {"end_date", "today"}}, responder);
    const json& out = *r.structured;
    ASSERT_EQ(out["days"].size(), 2u);
    EXPECT_EQ(out["days"][0]["day"], "2024-11-29");
    EXPECT_EQ(out["days"][0]["count"], 96);
    EXPECT_EQ(out["readings_total"], rows.size());
    EXPECT_EQ(out["latest"]["level"], rows.back()["level"]);
    EXPECT_EQ(out["latest"]["timestamp"], rows.back()["timestamp"]);
    EXPECT_FALSE(out.contains("readings"));
    EXPECT_EQ(out["omitted"].size(), 1u);
    int min = 101, max = -1;
    for (std::size_t i = 0; i < 96; ++i)
    {
        min = std::min(min, rows[i]["level"].get<int>());
        max = std::max(max, rows[i]["level"].get<int>());
    }
    EXPECT_EQ(out["days"][0]["min"], min);
    EXPECT_EQ(out["days"][0]["max"], max);
    EXPECT_EQ(out["days"][0]["first"], rows[0]["level"]);

    const auto all = p.callTool("get_ring_battery_level", {{"include", {"readings"}}}, responder);
    EXPECT_EQ(all.structured->at("readings").size(), rows.size());
    EXPECT_FALSE(all.structured->contains("omitted"));
}

} // namespace
} // namespace OuraMcp::DomainTest

// Summary sections, the recent/personal resources, and the prompts with their argument checks.
#include "FakeHost.h"
#include "TestData.h"

#include <gtest/gtest.h>

namespace OuraMcp::DomainTest {
namespace {

const char* const kPlugins[] = {"sleep", "readiness", "activity", "heartrate", "user"};

std::map<std::string, json> weekOf(const std::string& day)
{
    std::map<std::string, json> d;
    d["daily_sleep"] = json::array({dailySleep(day)});
    d["sleep"] = json::array({sleepPeriod(day, "late_nap"), sleepPeriod(day)});
    d["sleep"][0]["total_sleep_duration"] = 1800;
    d["daily_spo2"] = json::array({dailySpo2(day)});
    d["daily_readiness"] = json::array({dailyReadiness(day)});
    d["daily_stress"] = json::array({dailyStress(day)});
    d["daily_resilience"] = json::array({dailyResilience(day)});
    d["daily_activity"] = json::array({dailyActivity(day)});
    d["workout"] = json::array({workout(day)});
    d["session"] = json::array({session(day)});
    d["heartrate"] = heartRateRows(day, 1, 300);
    d["vO2_max"] = json::array({vo2Max(day)});
    d["daily_cardiovascular_age"] = json::array({cardiovascularAge(day)});
    d["enhanced_tag"] = json::array({enhancedTag(day, "tag_generic_alcohol")});
    d["rest_mode_period"] = json::array({restModePeriod(day)});
    d["ring_battery_level"] = batteryRows(day, 1);
    d["personal_info"] = personalInfo();
    d["ring_configuration"] = json::array({ringConfiguration()});
    return d;
}

TEST(SummarySections, EveryPluginContributesTodayYesterdayAndTheDateTemplate)
{
    for (const char* id : kPlugins)
    {
        FakePlugin& p = loaded(id);
        for (const char* uri : {"oura://summary/today", "oura://summary/yesterday"})
        {
            const ResourceReg* r = p.resource(uri);
            ASSERT_NE(r, nullptr) << id << " " << uri;
            EXPECT_EQ(r->flags, static_cast<uint32_t>(OMCP_RESOURCE_SECTION)) << id;
            EXPECT_EQ(r->mimeType, "application/json");
        }
        const ResourceReg* t = p.resource("oura://summary/{date}", true);
        ASSERT_NE(t, nullptr) << id;
        EXPECT_EQ(t->flags, static_cast<uint32_t>(OMCP_RESOURCE_SECTION));
    }
    EXPECT_NE(loaded("sleep").resource("oura://recent/sleep"), nullptr);
    EXPECT_NE(loaded("activity").resource("oura://recent/activity"), nullptr);
    EXPECT_NE(loaded("user").resource("oura://personal/info"), nullptr);
    EXPECT_EQ(loaded("user").resource("oura://personal/info")->flags, 0u);
}

TEST(SummarySections, DayTextGoesToTheHostAsStartAndEnd)
{
    for (const char* id : kPlugins)
    {
        FakePlugin& p = loaded(id);
        const auto today = p.readResource("oura://summary/today", false, json::object(), Responder{});
        ASSERT_FALSE(today.requests.empty()) << id;
        for (const auto& req : today.requests)
        {
            EXPECT_EQ(req.start.value_or(""), "today") << id << " " << req.collection;
            EXPECT_EQ(req.end.value_or(""), "today") << id << " " << req.collection;
        }
        const auto yesterday = p.readResource("oura://summary/yesterday", false, json::object(), Responder{});
        EXPECT_EQ(yesterday.requests[0].start.value_or(""), "yesterday") << id;
        const auto dated =
            p.readResource("oura://summary/{date}", true, {{"date", "last%207%20days"}}, Responder{});
        EXPECT_EQ(dated.requests[0].start.value_or(""), "last 7 days") << id;
        EXPECT_EQ(dated.requests[0].end.value_or(""), "last 7 days") << id;
        EXPECT_TRUE(dated.structured.has_value()) << id;
        EXPECT_TRUE(dated.structured->contains("empty_reason")) << id;
    }
}

TEST(SummarySections, SleepSectionHasScoreMainNightAndSpo2)
{
    const std::string day = "2024-11-30";
    const auto r = loaded("sleep").readResource("oura://summary/today", false, json::object(),
                                                serve(weekOf(day), day, day));
    const json& out = *r.structured;
    EXPECT_EQ(out["range"], (json{{"start", day}, {"end", day}}));
    ASSERT_EQ(out["days"].size(), 1u);
    const json& d = out["days"][0];
    EXPECT_EQ(d["day"], day);
    EXPECT_EQ(d["score"], 77);
    EXPECT_EQ(d["total_sleep_duration"], 23220); // the long_sleep period, not the nap
    EXPECT_EQ(d["other_periods"], 1);
    EXPECT_EQ(d["spo2_average"], 98.072);
    EXPECT_FALSE(d.contains("heart_rate"));
    EXPECT_FALSE(out.contains("unavailable"));
    EXPECT_LT(r.structuredText.size(), 1024u);
}

TEST(SummarySections, OtherSectionsCarryTheirKeyNumbers)
{
    const std::string day = "2024-11-30";
    const auto responder = serve(weekOf(day), day, day);
    const auto readiness =
        loaded("readiness").readResource("oura://summary/today", false, json::object(), responder);
    EXPECT_EQ(readiness.structured->at("days")[0]["score"], 86);
    EXPECT_EQ(readiness.structured->at("days")[0]["stress_summary"], "normal");
    EXPECT_EQ(readiness.structured->at("days")[0]["resilience_level"], "adequate");

    const auto activity =
        loaded("activity").readResource("oura://summary/today", false, json::object(), responder);
    const json& a = activity.structured->at("days")[0];
    EXPECT_TRUE(a.contains("steps"));
    EXPECT_FALSE(a.contains("met"));
    EXPECT_EQ(a["workouts"][0]["minutes"], 42);
    EXPECT_EQ(a["sessions"][0]["minutes"], 12);

    const auto heart =
        loaded("heartrate").readResource("oura://summary/today", false, json::object(), responder);
    const json& h = heart.structured->at("days")[0];
    EXPECT_EQ(h["heart_rate"]["count"], 288);
    EXPECT_EQ(h["vo2_max"], 44);
    EXPECT_EQ(h["vascular_age"], 38);

    const auto user = loaded("user").readResource("oura://summary/today", false, json::object(), responder);
    const json& u = user.structured->at("days")[0];
    EXPECT_EQ(u["tags"][0]["tag"], "tag_generic_alcohol");
    EXPECT_EQ(u["rest_mode"]["end_day"], "2024-12-02");
    EXPECT_TRUE(u.contains("battery_latest"));
}

TEST(SummarySections, AMissingOptionalPartIsNamedAndTheRestStays)
{
    const std::string day = "2024-11-30";
    const auto base = serve(weekOf(day), day, day);
    const Responder noSpo2 = [&](const CollectionRequest& req) {
        if (req.collection != "daily_spo2")
            return base(req);
        CannedResponse c;
        c.status = OMCP_E_FORBIDDEN;
        c.error = "This needs the spo2 permission.";
        return c;
    };
    const auto r = loaded("sleep").readResource("oura://summary/today", false, json::object(), noSpo2);
    EXPECT_FALSE(r.isError);
    EXPECT_EQ(r.structured->at("days")[0]["score"], 77);
    EXPECT_EQ(r.structured->at("unavailable"), json::array({"daily_spo2: This needs the spo2 permission."}));
}

TEST(SummarySections, AFailingMainPartFailsTheSection)
{
    const Responder down = [](const CollectionRequest&) {
        CannedResponse c;
        c.status = OMCP_E_UPSTREAM;
        c.error = "Oura did not answer.";
        return c;
    };
    const auto r = loaded("readiness").readResource("oura://summary/today", false, json::object(), down);
    EXPECT_TRUE(r.isError);
    EXPECT_EQ(r.errorMessage, "Oura did not answer.");
}

TEST(SummarySections, AHostWithoutSectionsStillGetsTheTools)
{
    FakeOptions withoutSections;
    withoutSections.refuseSections = true;
    FakePlugin& p = reload("sleep", withoutSections);
    EXPECT_EQ(p.initStatus, OMCP_OK);
    EXPECT_EQ(p.tools.size(), 4u);
    EXPECT_EQ(p.resource("oura://summary/today"), nullptr);
    EXPECT_NE(p.resource("oura://recent/sleep"), nullptr);
    ASSERT_FALSE(p.logs.empty());
    EXPECT_NE(p.logs[0].find("summary section not available"), std::string::npos);
    reload("sleep"); // back to a normal host for the other tests
}

TEST(RecentResources, RecentSleepAndActivityCoverTheLastSevenDays)
{
    const std::string day = "2024-11-30";
    const auto s = loaded("sleep").readResource("oura://recent/sleep", false, json::object(),
                                                serve(weekOf(day), "2024-11-24", day));
    EXPECT_EQ(s.requests[0].start.value_or(""), "last 7 days");
    EXPECT_EQ(s.requests[0].end.value_or("<null>"), "");
    EXPECT_EQ(s.structured->at("range")["start"], "2024-11-24");
    const auto a = loaded("activity")
                       .readResource("oura://recent/activity", false, json::object(),
                                     serve(weekOf(day), "2024-11-24", day));
    EXPECT_EQ(a.requests[0].collection, "daily_activity");
    EXPECT_EQ(a.requests[0].start.value_or(""), "last 7 days");
}

TEST(RecentResources, PersonalInfoCarriesTheRing)
{
    const auto r = loaded("user").readResource("oura://personal/info", false, json::object(),
                                               serve(weekOf("2024-11-30"), "", ""));
    EXPECT_EQ(r.structured->at("personal_info")["age"], 42);
    EXPECT_EQ(r.structured->at("ring_configuration")["hardware_type"], "gen3");
}

// ---- prompts
// ------------------------------------------------------------------------------------------------

TEST(Prompts, AreRegisteredWithArgumentsAndCompletions)
{
    const PromptReg* sleep = loaded("sleep").prompt("sleep_analysis");
    ASSERT_NE(sleep, nullptr);
    ASSERT_EQ(sleep->arguments.size(), 2u);
    EXPECT_EQ(sleep->arguments[0].name, "period");
    EXPECT_FALSE(sleep->arguments[0].required);
    EXPECT_NE(std::find(sleep->arguments[0].completions.begin(), sleep->arguments[0].completions.end(),
                        "last 30 days"),
              sleep->arguments[0].completions.end());
    const PromptReg* weekly = loaded("readiness").prompt("weekly_review");
    ASSERT_NE(weekly, nullptr);
    EXPECT_EQ(weekly->arguments[0].name, "week");
    const PromptReg* tag = loaded("user").prompt("tag_impact");
    ASSERT_NE(tag, nullptr);
    EXPECT_TRUE(tag->arguments[0].required);
}

TEST(Prompts, WeeklyReviewNamesTheToolsTheDaysAndThePreviousWeek)
{
    const auto r = loaded("readiness").getPrompt("weekly_review", json::object());
    ASSERT_EQ(r.messages.size(), 1u);
    EXPECT_EQ(r.messages[0].first, "user");
    const std::string& text = r.messages[0].second;
    EXPECT_NE(text.find("2024-11-24 to 2024-11-30"), std::string::npos) << text;
    EXPECT_NE(text.find("2024-11-17 to 2024-11-23"), std::string::npos) << text;
    for (const char* tool : {"get_daily_readiness", "get_daily_sleep", "get_sleep_periods",
                             "get_daily_activity", "get_daily_stress"})
        EXPECT_NE(text.find(tool), std::string::npos) << tool;
    EXPECT_TRUE(r.requests.empty()); // a prompt only says what to do
}

TEST(Prompts, WeeklyReviewTakesThePeriodBeforeFromTheHost)
{
    // The plugin never computes dates: whatever the host resolves as the period before is what it names.
    FakeOptions options;
    options.periodBefore = std::make_pair(std::string("2000-01-01"), std::string("2000-01-07"));
    const auto r = reload("readiness", options).getPrompt("weekly_review", json::object());
    reload("readiness");
    ASSERT_EQ(r.messages.size(), 1u);
    EXPECT_NE(r.messages[0].second.find("period before (2000-01-01 to 2000-01-07)"), std::string::npos)
        << r.messages[0].second;
}

TEST(Prompts, SleepAnalysisUsesThePeriodAndFocus)
{
    const auto r =
        loaded("sleep").getPrompt("sleep_analysis", {{"period", "last 30 days"}, {"focus", "deep sleep"}});
    ASSERT_EQ(r.messages.size(), 1u);
    EXPECT_NE(r.messages[0].second.find("2024-11-01 to 2024-11-30"), std::string::npos);
    EXPECT_NE(r.messages[0].second.find("start_date=\"last 30 days\""), std::string::npos);
    EXPECT_NE(r.messages[0].second.find("deep sleep"), std::string::npos);
}

TEST(Prompts, InvalidArgumentsAreRefusedWithAReasonAndNoMessage)
{
    auto r = loaded("sleep").getPrompt("sleep_analysis", {{"period", "next blue moon"}});
    EXPECT_TRUE(r.messages.empty());
    EXPECT_NE(r.errorMessage.find("period"), std::string::npos) << r.errorMessage;
    EXPECT_NE(r.errorMessage.find("ISO"), std::string::npos) << r.errorMessage;

    r = loaded("readiness").getPrompt("weekly_review", {{"week", "last\nweek"}});
    EXPECT_TRUE(r.messages.empty());
    EXPECT_NE(r.errorMessage.find("one line"), std::string::npos);

    r = loaded("user").getPrompt("tag_impact", {{"tag", "   "}});
    EXPECT_TRUE(r.messages.empty());
    EXPECT_NE(r.errorMessage.find("tag"), std::string::npos);

    r = loaded("user").getPrompt("tag_impact", {{"tag", std::string(65, 'x')}});
    EXPECT_TRUE(r.messages.empty());
    EXPECT_NE(r.errorMessage.find("longer than 64"), std::string::npos);

    r = loaded("user").getPrompt("tag_impact", {{"tag", "alcohol"}});
    ASSERT_EQ(r.messages.size(), 1u);
    EXPECT_NE(r.messages[0].second.find("get_enhanced_tags"), std::string::npos);
    EXPECT_NE(r.messages[0].second.find("2024-10-02 to 2024-11-30"), std::string::npos)
        << r.messages[0].second;
}

} // namespace
} // namespace OuraMcp::DomainTest

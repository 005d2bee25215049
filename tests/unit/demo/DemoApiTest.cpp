#include "demo/DemoApi.h"
#include "demo/DemoTransport.h"
#include "demo/DemoZone.h"

#include <gtest/gtest.h>

#include <set>

using OuraMcp::Json;
using OuraMcp::Demo::Dataset;
using OuraMcp::Demo::DemoApi;
using OuraMcp::Demo::DemoApiOptions;
using OuraMcp::Demo::DemoZone;
using OuraMcp::Oura::HttpRequest;
using OuraMcp::Oura::HttpResponse;
using OuraMcp::Oura::QueryParams;

namespace {

class DemoApiTest : public ::testing::Test
{
protected:
    std::shared_ptr<const Dataset> data = std::make_shared<const Dataset>("2026-11-20");
    DemoApi api{data};

    HttpResponse get(const DemoApi& target, const std::string& path, const QueryParams& query = {})
    {
        HttpRequest request;
        request.path = path;
        request.query = query;
        return target.handle(request);
    }
    HttpResponse get(const std::string& path, const QueryParams& query = {}) { return get(api, path, query); }

    static Json body(const HttpResponse& response) { return Json::parse(response.body); }

    static std::vector<std::string> days(const HttpResponse& response)
    {
        std::vector<std::string> out;
        const Json json = body(response); // keep the document alive for the loop
        for (const auto& doc : json["data"])
            out.push_back(doc["day"]);
        return out;
    }
};

} // namespace

TEST_F(DemoApiTest, DailyActivityDropsTheEndDayButDailySleepKeepsIt)
{
    const QueryParams range{{"start_date", "2026-11-10"}, {"end_date", "2026-11-12"}};
    const auto activity = get("/v2/usercollection/daily_activity", range);
    ASSERT_EQ(activity.status, 200);
    EXPECT_EQ(days(activity), (std::vector<std::string>{"2026-11-10", "2026-11-11"}));
    for (const char* collection : {"daily_sleep", "daily_readiness", "daily_spo2", "daily_stress"})
        EXPECT_EQ(days(get(std::string("/v2/usercollection/") + collection, range)),
                  (std::vector<std::string>{"2026-11-10", "2026-11-11", "2026-11-12"}))
            << collection;
    // With an end date-time at the end of the day, activity includes it.
    EXPECT_EQ(days(get("/v2/usercollection/daily_activity",
                       {{"start_date", "2026-11-10"}, {"end_date", "2026-11-12T23:59:59"}}))
                  .size(),
              3u);
}

TEST_F(DemoApiTest, WorkoutsOnTheEndDayAreDropped)
{
    std::string workoutDay;
    for (std::int64_t d = *DemoZone::parseDay("2026-11-01"); workoutDay.empty(); ++d)
        if (!data->documentsForDay("workout", d).empty())
            workoutDay = DemoZone::formatDay(d);
    EXPECT_TRUE(body(get("/v2/usercollection/workout",
                         {{"start_date", workoutDay}, {"end_date", workoutDay}}))["data"]
                    .empty());
    const auto next = DemoZone::formatDay(*DemoZone::parseDay(workoutDay) + 1);
    EXPECT_FALSE(
        body(get("/v2/usercollection/workout", {{"start_date", workoutDay}, {"end_date", next}}))["data"]
            .empty());
}

TEST_F(DemoApiTest, SleepIsKeyedOnBedtimeStart)
{
    auto longSleepDays = [&](const QueryParams& query) {
        std::set<std::string> out;
        const Json json = body(get("/v2/usercollection/sleep", query));
        for (const auto& doc : json["data"])
            if (doc["type"] == "long_sleep")
                out.insert(doc["day"].get<std::string>());
        return out;
    };
    EXPECT_TRUE(longSleepDays({{"start_date", "2026-11-12"}, {"end_date", "2026-11-12"}}).empty());
    EXPECT_EQ(longSleepDays({{"start_date", "2026-11-11"}, {"end_date", "2026-11-12"}}),
              (std::set<std::string>{"2026-11-12"}));
    EXPECT_EQ(longSleepDays({{"start_date", "2026-11-11"}, {"end_date", "2026-11-13"}}),
              (std::set<std::string>{"2026-11-12", "2026-11-13"}));
}

TEST_F(DemoApiTest, HeartRateIgnoresStartDateAndDefaultsToTheLastDay)
{
    const auto withDate = body(get("/v2/usercollection/heartrate", {{"start_date", "2026-11-18"}}));
    EXPECT_TRUE(withDate["data"].empty());

    const auto byDefault = body(get("/v2/usercollection/heartrate"));
    ASSERT_FALSE(byDefault["data"].empty());
    const std::int64_t now = data->nowUtc() * 1000;
    for (const auto& row : byDefault["data"])
    {
        EXPECT_LE(row["timestamp_unix"].get<std::int64_t>(), now);
        EXPECT_GE(row["timestamp_unix"].get<std::int64_t>(), now - 86400 * 1000);
    }

    const auto window =
        body(get("/v2/usercollection/heartrate", {{"start_datetime", "2026-11-18T08:00:00+01:00"},
                                                  {"end_datetime", "2026-11-18T09:00:00+01:00"}}));
    ASSERT_FALSE(window["data"].empty());
    EXPECT_GE(window["data"].front()["timestamp"].get<std::string>(), "2026-11-18T07:00:00+00:00");
    EXPECT_LE(window["data"].back()["timestamp"].get<std::string>(), "2026-11-18T08:00:00+00:00");

    const auto latest = body(get("/v2/usercollection/heartrate", {{"latest", "true"}}));
    ASSERT_EQ(latest["data"].size(), 1u);
    EXPECT_EQ(latest["data"][0], byDefault["data"].back());
}

TEST_F(DemoApiTest, TimeSeriesPagesWithNextTokenAlone)
{
    DemoApiOptions options;
    options.timeSeriesPageSize = 100;
    const DemoApi paged(data, options);
    const QueryParams range{{"start_datetime", "2026-11-16T00:00:00+01:00"},
                            {"end_datetime", "2026-11-18T00:00:00+01:00"}};
    const auto whole = body(get("/v2/usercollection/heartrate", range))["data"];
    ASSERT_GT(whole.size(), 300u);

    Json collected = Json::array();
    auto page = body(get(paged, "/v2/usercollection/heartrate", range));
    int pages = 1;
    while (true)
    {
        EXPECT_LE(page["data"].size(), 100u);
        for (const auto& row : page["data"])
            collected.push_back(row);
        if (page["next_token"].is_null())
            break;
        page = body(get(paged, "/v2/usercollection/heartrate",
                        {{"next_token", page["next_token"].get<std::string>()}}));
        ++pages;
        ASSERT_LT(pages, 100);
    }
    EXPECT_EQ(collected, whole);
    EXPECT_EQ(pages, static_cast<int>((whole.size() + 99) / 100));
}

TEST_F(DemoApiTest, DocumentPagesIgnoreDatesOnceATokenIsGiven)
{
    DemoApiOptions options;
    options.documentPageSize = 3;
    const DemoApi paged(data, options);
    const QueryParams range{{"start_date", "2026-11-01"}, {"end_date", "2026-11-10"}};
    auto page = body(get(paged, "/v2/usercollection/daily_sleep", range));
    std::vector<std::string> seen;
    int pages = 0;
    while (true)
    {
        ++pages;
        ASSERT_TRUE(page.contains("next_token"));
        for (const auto& doc : page["data"])
            seen.push_back(doc["day"]);
        if (page["next_token"].is_null())
            break;
        // Dates sent along with the token must not change the answer.
        page = body(get(paged, "/v2/usercollection/daily_sleep",
                        {{"start_date", "2020-01-01"},
                         {"end_date", "2020-01-02"},
                         {"next_token", page["next_token"].get<std::string>()}}));
        ASSERT_LT(pages, 20);
    }
    EXPECT_EQ(pages, 4);
    ASSERT_EQ(seen.size(), 10u);
    EXPECT_EQ(seen.front(), "2026-11-01");
    EXPECT_EQ(seen.back(), "2026-11-10");

    // Default options: everything in one page, next_token present and null.
    const auto single = body(get("/v2/usercollection/daily_sleep", range));
    EXPECT_EQ(single["data"].size(), 10u);
    EXPECT_TRUE(single["next_token"].is_null());

    // A token for another collection is refused.
    const auto first = body(get(paged, "/v2/usercollection/daily_sleep", range));
    EXPECT_EQ(get(paged, "/v2/usercollection/daily_readiness",
                  {{"next_token", first["next_token"].get<std::string>()}})
                  .status,
              400);
}

TEST_F(DemoApiTest, BadDatesGive422WithTheValidationBody)
{
    const auto response = get("/v2/usercollection/daily_sleep", {{"start_date", "2026-13-45"}});
    ASSERT_EQ(response.status, 422);
    const auto detail = body(response)["detail"];
    ASSERT_TRUE(detail.is_array());
    ASSERT_EQ(detail.size(), 1u);
    EXPECT_EQ(detail[0]["loc"], Json::array({"query", "start_date"}));
    EXPECT_TRUE(detail[0]["msg"].is_string());
    EXPECT_TRUE(detail[0]["type"].is_string());
    EXPECT_EQ(get("/v2/usercollection/heartrate", {{"start_datetime", "soon"}}).status, 422);
    EXPECT_EQ(get("/v2/usercollection/heartrate", {{"latest", "maybe"}}).status, 422);
    // Absurd but well-formed dates are fine (NOTES §7).
    EXPECT_EQ(
        get("/v2/usercollection/daily_sleep", {{"start_date", "0024-11-11"}, {"end_date", "0024-11-12"}})
            .status,
        200);
}

TEST_F(DemoApiTest, SingleDocumentsAndUnknownRoutes)
{
    const auto list = body(get("/v2/usercollection/daily_readiness",
                               {{"start_date", "2026-11-01"}, {"end_date", "2026-11-01"}}));
    ASSERT_EQ(list["data"].size(), 1u);
    const std::string id = list["data"][0]["id"];
    const auto one = get("/v2/usercollection/daily_readiness/" + id);
    ASSERT_EQ(one.status, 200);
    EXPECT_EQ(body(one), list["data"][0]);

    const auto missing = get("/v2/usercollection/daily_readiness/not-existing");
    EXPECT_EQ(missing.status, 404);
    EXPECT_EQ(body(missing), Json({{"detail", "Document not found."}}));

    const auto unknown = get("/v2/usercollection/blood_pressure");
    EXPECT_EQ(unknown.status, 404);
    EXPECT_EQ(body(unknown), Json({{"detail", "Not Found"}}));
    EXPECT_EQ(get("/v2/usercollection/heartrate/abc").status, 404);
    EXPECT_EQ(get("/v1/sleep").status, 404);
}

TEST_F(DemoApiTest, PersonalInfoIsBareAndAbsentFromTheSandbox)
{
    const auto info = get("/v2/usercollection/personal_info");
    ASSERT_EQ(info.status, 200);
    const auto json = body(info);
    EXPECT_TRUE(json.contains("id"));
    EXPECT_FALSE(json.contains("data"));
    EXPECT_EQ(get("/v2/sandbox/usercollection/personal_info").status, 404);
    const auto sandbox = get("/v2/sandbox/usercollection/daily_sleep",
                             {{"start_date", "2026-11-01"}, {"end_date", "2026-11-02"}});
    ASSERT_EQ(sandbox.status, 200);
    EXPECT_EQ(body(sandbox)["data"].size(), 2u);
}

TEST_F(DemoApiTest, FieldsKeepIdAndDayPlusTheListedOnes)
{
    const auto json =
        body(get("/v2/usercollection/daily_sleep",
                 {{"start_date", "2026-11-01"}, {"end_date", "2026-11-03"}, {"fields", "score,timestamp"}}));
    ASSERT_EQ(json["data"].size(), 3u);
    for (const auto& doc : json["data"])
    {
        std::set<std::string> keys;
        for (auto it = doc.begin(); it != doc.end(); ++it)
            keys.insert(it.key());
        EXPECT_EQ(keys, (std::set<std::string>{"id", "day", "score", "timestamp"}));
    }
    // Routes without field selection ignore the parameter.
    const auto resilience =
        body(get("/v2/usercollection/daily_resilience",
                 {{"start_date", "2026-11-01"}, {"end_date", "2026-11-01"}, {"fields", "level"}}));
    EXPECT_TRUE(resilience["data"][0].contains("contributors"));
}

TEST_F(DemoApiTest, LowercaseVo2MaxAliasAndQueryInPath)
{
    const auto a =
        get("/v2/usercollection/vO2_max", {{"start_date", "2026-09-01"}, {"end_date", "2026-11-01"}});
    const auto b = get("/v2/usercollection/vo2_max?start_date=2026-09-01&end_date=2026-11-01");
    ASSERT_EQ(a.status, 200);
    EXPECT_EQ(a.body, b.body);
    EXPECT_FALSE(body(a)["data"].empty());
}

TEST(DemoTransport, AnswersInProcess)
{
    OuraMcp::Demo::DemoTransport transport(std::make_shared<const Dataset>("2026-11-20"));
    EXPECT_EQ(transport.describe(), "demo dataset (synthetic, in-process)");
    HttpRequest request;
    request.path = "/v2/usercollection/daily_sleep";
    request.query = {{"start_date", "2026-11-19"}, {"end_date", "2026-11-20"}};
    const auto response = transport.send(request);
    EXPECT_EQ(response.status, 200);
    EXPECT_EQ(Json::parse(response.body)["data"].size(), 2u);
}

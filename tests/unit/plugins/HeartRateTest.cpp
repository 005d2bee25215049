// get_heartrate: per-interval summaries, default resolution, raw samples, datetime windows, sizes.
#include "FakeHost.h"
#include "SchemaCheck.h"
#include "TestData.h"

#include <gtest/gtest.h>

#include <iostream>

namespace OuraMcp::DomainTest {
namespace {

json row(const std::string& ts, int bpm, const std::string& source)
{
    return json{{"bpm", bpm}, {"source", source}, {"timestamp", ts}};
}

const json kRows = json::array(
    {row("2024-11-30T10:00:00+00:00", 60, "rest"), row("2024-11-30T10:02:00.000+00:00", 70, "awake"),
     row("2024-11-30T10:04:59+00:00", 80, "awake"), row("2024-11-30T10:05:00+00:00", 100, "workout"),
     row("2024-11-30T11:30:00Z", 50, "rest")});

CallResult heartRate(const json& args, const json& rows, const std::string& start, const std::string& end)
{
    return loaded("heartrate").callTool("get_heartrate", args, serve({{"heartrate", rows}}, start, end));
}

TEST(HeartRate, FiveMinuteIntervalsHoldMinMeanMaxCountAndSources)
{
    const auto r = heartRate(json::object(), kRows, "2024-11-30", "2024-11-30");
    const json& out = *r.structured;
    EXPECT_EQ(out["resolution"], "5min"); // one day
    ASSERT_EQ(out["count"], 3);
    EXPECT_EQ(out["intervals"][0], (json{{"start", "2024-11-30T10:00:00+00:00"},
                                         {"min", 60},
                                         {"mean", 70},
                                         {"max", 80},
                                         {"count", 3},
                                         {"sources", {"rest", "awake"}}}));
    EXPECT_EQ(out["intervals"][1]["start"], "2024-11-30T10:05:00+00:00");
    EXPECT_EQ(out["intervals"][1]["count"], 1);
    EXPECT_EQ(out["intervals"][1]["sources"], json::array({"workout"}));
    EXPECT_EQ(out["intervals"][2]["start"], "2024-11-30T11:30:00+00:00");
    EXPECT_EQ(out["summary"]["min"], 50);
    EXPECT_EQ(out["summary"]["max"], 100);
    EXPECT_EQ(out["summary"]["mean"], 72);
    EXPECT_EQ(out["summary"]["count"], 5);
    EXPECT_EQ(out["summary"]["by_source"]["rest"],
              (json{{"min", 50}, {"mean", 55}, {"max", 60}, {"count", 2}}));
    EXPECT_NE(out["omitted"][0].get<std::string>().find("5 individual readings"), std::string::npos);
    EXPECT_FALSE(schemaViolation(loaded("heartrate").tool("get_heartrate")->outputSchema, out).has_value());
}

TEST(HeartRate, HourIntervalsAndMeansRoundToOneDecimal)
{
    const auto r = heartRate({{"resolution", "hour"}}, kRows, "2024-11-30", "2024-11-30");
    const json& out = *r.structured;
    ASSERT_EQ(out["count"], 2);
    EXPECT_EQ(out["intervals"][0]["count"], 4);
    EXPECT_EQ(out["intervals"][0]["mean"], 77.5);
    EXPECT_EQ(out["intervals"][0]["sources"], json::array({"rest", "awake", "workout"}));
    EXPECT_EQ(out["intervals"][1]["start"], "2024-11-30T11:00:00+00:00");

    const json thirds = json::array({row("2024-11-30T10:00:00+00:00", 60, "rest"),
                                     row("2024-11-30T10:01:00+00:00", 60, "rest"),
                                     row("2024-11-30T10:02:00+00:00", 61, "rest")});
    EXPECT_EQ(heartRate({{"resolution", "day"}}, thirds, "2024-11-30", "2024-11-30")
                  .structured->at("intervals")[0]["mean"],
              60.3);
}

TEST(HeartRate, DefaultResolutionFollowsTheLengthOfTheServedRange)
{
    EXPECT_EQ(heartRate(json::object(), kRows, "2024-11-30", "2024-11-30").structured->at("resolution"),
              "5min");
    EXPECT_EQ(heartRate(json::object(), kRows, "2024-11-28", "2024-11-30").structured->at("resolution"),
              "hour");
    EXPECT_EQ(heartRate(json::object(), kRows, "2024-11-24", "2024-11-30").structured->at("resolution"),
              "hour");
    EXPECT_EQ(heartRate(json::object(), kRows, "2024-11-23", "2024-11-30").structured->at("resolution"),
              "day");
    // An explicit window shorter than a day picks 5-minute intervals even if the host served two days.
    EXPECT_EQ(
        heartRate({{"start_datetime", "2024-11-29T22:00:00+00:00"}, {"end_datetime", "2024-11-30T12:00:00Z"}},
                  kRows, "2024-11-29", "2024-11-30")
            .structured->at("resolution"),
        "5min");
}

TEST(HeartRate, RawReturnsEverySampleUnchanged)
{
    const auto r = heartRate({{"resolution", "raw"}}, kRows, "2024-11-30", "2024-11-30");
    EXPECT_EQ(r.structured->at("samples"), kRows);
    EXPECT_EQ(r.structured->at("count"), 5);
    EXPECT_FALSE(r.structured->contains("intervals"));
    EXPECT_FALSE(r.structured->contains("omitted"));
}

TEST(HeartRate, DatetimesWithAnOffsetNarrowTheSamples)
{
    // 11:05+01:00 is 10:05Z; 12:00+01:00 is 11:00Z: only the workout sample is inside.
    const auto r = heartRate({{"start_datetime", "2024-11-30T11:05:00+01:00"},
                              {"end_datetime", "2024-11-30T12:00:00+01:00"},
                              {"resolution", "raw"}},
                             kRows, "2024-11-30", "2024-11-30");
    ASSERT_EQ(r.structured->at("count"), 1);
    EXPECT_EQ(r.structured->at("samples")[0]["bpm"], 100);
    EXPECT_EQ(r.structured->at("window"),
              (json{{"start", "2024-11-30T11:05:00+01:00"}, {"end", "2024-11-30T12:00:00+01:00"}}));
    // A phrase or a bare date is the host's whole day: no narrowing.
    const auto day =
        heartRate({{"start_datetime", "today"}, {"resolution", "raw"}}, kRows, "2024-11-30", "2024-11-30");
    EXPECT_EQ(day.structured->at("count"), 5);
    EXPECT_FALSE(day.structured->contains("window"));
}

TEST(HeartRate, EmptyDaysSayWhy)
{
    const auto r = heartRate(json::object(), json::array(), "2024-11-30", "2024-11-30");
    EXPECT_EQ(r.structured->at("count"), 0);
    EXPECT_EQ(r.structured->at("summary"), (json{{"count", 0}, {"by_source", json::object()}}));
    EXPECT_NE(r.structured->at("empty_reason").get<std::string>().find("worn"), std::string::npos);
    EXPECT_FALSE(r.structured->contains("omitted"));
}

TEST(HeartRate, ThirtyDaysFitInFortyKilobytesByDefault)
{
    const json rows = heartRateRows("2024-11-01", 30, 60); // 43,200 samples, one a minute
    const auto r = heartRate({{"start_datetime", "last 30 days"}}, rows, "2024-11-01", "2024-11-30");
    const std::size_t size = r.structuredText.size();
    const std::size_t upstream = body(rows).size();
    EXPECT_EQ(r.structured->at("resolution"), "day");
    EXPECT_EQ(r.structured->at("count"), 30);
    EXPECT_EQ(r.structured->at("summary")["count"], 43200);
    EXPECT_LE(size, 40u * 1024u);
    const auto hourly = heartRate({{"resolution", "hour"}}, rows, "2024-11-01", "2024-11-30");
    std::cerr << "[size] heartrate 30 days (43,200 samples): default " << size << " bytes, hour "
              << hourly.structuredText.size() << " bytes, upstream " << upstream << " bytes\n";
    RecordProperty("heartrate_30d_default_bytes", static_cast<int>(size));
    RecordProperty("heartrate_30d_hour_bytes", static_cast<int>(hourly.structuredText.size()));
    EXPECT_EQ(hourly.structured->at("count"), 720);
    // Per-day buckets agree with a direct computation over the samples of the first day.
    double sum = 0;
    int min = 1000, max = 0;
    for (std::size_t i = 0; i < 1440; ++i)
    {
        const int bpm = rows[i]["bpm"].get<int>();
        sum += bpm;
        min = std::min(min, bpm);
        max = std::max(max, bpm);
    }
    const json& first = r.structured->at("intervals")[0];
    EXPECT_EQ(first["start"], "2024-11-01T00:00:00+00:00");
    EXPECT_EQ(first["count"], 1440);
    EXPECT_EQ(first["min"], min);
    EXPECT_EQ(first["max"], max);
    EXPECT_DOUBLE_EQ(first["mean"].get<double>(), std::round(sum / 1440 * 10) / 10);
}

TEST(HeartRate, ADayAtTheDefaultStaysSmall)
{
    const json rows = heartRateRows("2024-11-30", 1, 60);
    const auto r = heartRate(json::object(), rows, "2024-11-30", "2024-11-30");
    EXPECT_EQ(r.structured->at("count"), 288);
    std::cerr << "[size] heartrate 1 day (1,440 samples) at 5min: " << r.structuredText.size() << " bytes\n";
    EXPECT_LE(r.structuredText.size(), 40u * 1024u);
}

} // namespace
} // namespace OuraMcp::DomainTest

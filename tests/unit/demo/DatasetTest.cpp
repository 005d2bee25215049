#include "demo/Dataset.h"
#include "demo/DemoZone.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>

using OuraMcp::Json;
using OuraMcp::Demo::Dataset;
using OuraMcp::Demo::DemoZone;

namespace {

std::int64_t day(const char* text)
{
    return *DemoZone::parseDay(text);
}

std::string dump(const std::vector<OuraMcp::Demo::DemoDocument>& documents)
{
    Json all = Json::array();
    for (const auto& d : documents)
        all.push_back(d.json);
    return all.dump();
}

} // namespace

TEST(DemoDataset, SameDayGivesSameDataWhateverToday)
{
    const Dataset early("2026-11-20");
    const Dataset late("2027-06-01");
    for (const char* probe : {"2026-03-29", "2026-07-14", "2026-11-20"})
    {
        for (const auto& collection : Dataset::documentCollections())
        {
            if (collection == "ring_configuration")
                continue;
            SCOPED_TRACE(collection + " " + probe);
            EXPECT_EQ(dump(early.documentsForDay(collection, day(probe))),
                      dump(late.documentsForDay(collection, day(probe))));
        }
    }
    const std::int64_t from = DemoZone::localToUtc(day("2026-07-14"), 0);
    EXPECT_EQ(Json(early.heartRate(from, from + 86400)).dump(),
              Json(late.heartRate(from, from + 86400)).dump());
    EXPECT_EQ(Json(early.ringBatteryLevel(from, from + 86400)).dump(),
              Json(late.ringBatteryLevel(from, from + 86400)).dump());
}

TEST(DemoDataset, DifferentSeedsGiveDifferentPeople)
{
    const Dataset a("2026-11-20", 1);
    const Dataset b("2026-11-20", 2);
    EXPECT_NE(dump(a.documentsForDay("daily_sleep", day("2026-11-01"))),
              dump(b.documentsForDay("daily_sleep", day("2026-11-01"))));
}

TEST(DemoDataset, CoversTwoYearsEndingToday)
{
    const Dataset data("2026-11-20");
    EXPECT_EQ(data.firstDayNumber(), day("2026-11-20") - 729);
    EXPECT_EQ(data.documentsForDay("daily_sleep", data.firstDayNumber()).size(), 1u);
    EXPECT_TRUE(data.documentsForDay("daily_sleep", data.firstDayNumber() - 1).empty());
    EXPECT_TRUE(data.documentsForDay("daily_sleep", day("2026-11-21")).empty());
    EXPECT_THROW(Dataset("2026-11-31"), std::invalid_argument);
}

TEST(DemoDataset, DailyActivityCarriesTheFullMetSeries)
{
    const Dataset data("2026-11-20");
    const auto docs = data.documentsForDay("daily_activity", day("2026-11-10"));
    ASSERT_EQ(docs.size(), 1u);
    const Json& a = docs[0].json;
    EXPECT_EQ(a["met"]["interval"], 60.0);
    EXPECT_EQ(a["met"]["items"].size(), 1440u);
    EXPECT_EQ(a["met"]["timestamp"], "2026-11-10T04:00:00.000+01:00");
    EXPECT_EQ(a["timestamp"], "2026-11-10T04:00:00+01:00");
    ASSERT_TRUE(a["class_5_min"].is_string());
    EXPECT_EQ(a["class_5_min"].get<std::string>().size(), 288u);
    const int total = a["high_activity_time"].get<int>() + a["medium_activity_time"].get<int>() +
                      a["low_activity_time"].get<int>() + a["sedentary_time"].get<int>() +
                      a["resting_time"].get<int>() + a["non_wear_time"].get<int>();
    EXPECT_EQ(total, 86400);
    EXPECT_GT(a["steps"].get<int>(), 500);
    EXPECT_GE(a["score"].get<int>(), 1);
    EXPECT_LE(a["score"].get<int>(), 100);
    for (const char* key : {"meet_daily_targets", "move_every_hour", "recovery_time", "stay_active",
                            "training_frequency", "training_volume"})
        EXPECT_TRUE(a["contributors"][key].is_number_integer()) << key;
}

TEST(DemoDataset, LongSleepIsInternallyConsistent)
{
    const Dataset data("2026-11-20");
    for (std::int64_t d = day("2026-10-01"); d <= day("2026-11-20"); ++d)
    {
        const auto docs = data.documentsForDay("sleep", d);
        ASSERT_GE(docs.size(), 1u);
        const Json& s = docs[0].json;
        SCOPED_TRACE(s["day"].get<std::string>());
        EXPECT_EQ(s["type"], "long_sleep");
        EXPECT_EQ(s["period"], 0);
        const int tib = s["time_in_bed"];
        EXPECT_GT(tib, 5 * 3600);
        EXPECT_LT(tib, 12 * 3600);
        EXPECT_EQ(s["sleep_phase_30_sec"].get<std::string>().size(),
                  static_cast<std::size_t>((tib + 29) / 30));
        EXPECT_EQ(s["sleep_phase_5_min"].get<std::string>().size(),
                  static_cast<std::size_t>((tib + 299) / 300));
        EXPECT_EQ(s["movement_30_sec"].get<std::string>().size(), static_cast<std::size_t>((tib + 29) / 30));
        EXPECT_EQ(s["heart_rate"]["interval"], 300.0);
        EXPECT_EQ(s["heart_rate"]["items"].size(), static_cast<std::size_t>(tib / 300));
        EXPECT_EQ(s["hrv"]["items"].size(), static_cast<std::size_t>(tib / 300));
        EXPECT_EQ(s["total_sleep_duration"].get<int>(), s["deep_sleep_duration"].get<int>() +
                                                            s["light_sleep_duration"].get<int>() +
                                                            s["rem_sleep_duration"].get<int>());
        EXPECT_EQ(s["awake_time"].get<int>() + s["total_sleep_duration"].get<int>(), tib);
        EXPECT_GE(s["lowest_heart_rate"].get<int>(), 38);
        EXPECT_LE(s["lowest_heart_rate"].get<int>(), 70);
        EXPECT_TRUE(s["readiness"]["contributors"].is_object());
        // The night is in bed on the evening before its day.
        EXPECT_EQ(s["bedtime_start"].get<std::string>().substr(0, 10), DemoZone::formatDay(d - 1));
    }
}

TEST(DemoDataset, HeartRateIsDenseUtcAndStrictlyOrdered)
{
    const Dataset data("2026-11-20");
    const std::int64_t start = DemoZone::localToUtc(day("2026-11-18"), 0);
    const auto rows = data.heartRate(start, start + 86400 - 1);
    EXPECT_GE(rows.size(), 288u);
    std::set<std::string> sources;
    std::int64_t previous = 0;
    for (const auto& row : rows)
    {
        const std::string ts = row["timestamp"];
        EXPECT_EQ(ts.substr(ts.size() - 6), "+00:00");
        const std::int64_t unixMs = row["timestamp_unix"];
        EXPECT_EQ(DemoZone::parseDateTime(ts).value() * 1000, unixMs);
        EXPECT_GT(unixMs, previous);
        previous = unixMs;
        EXPECT_GE(row["bpm"].get<int>(), 35);
        EXPECT_LE(row["bpm"].get<int>(), 200);
        sources.insert(row["source"].get<std::string>());
    }
    EXPECT_TRUE(sources.count("sleep"));
    EXPECT_TRUE(sources.count("awake"));
}

TEST(DemoDataset, TimeSeriesStopAtNow)
{
    const std::int64_t now = DemoZone::localToUtc(day("2026-11-20"), 9 * 3600);
    const Dataset data("2026-11-20", Dataset::defaultSeed, now);
    const auto rows = data.heartRate(now - 3 * 3600, now + 86400);
    ASSERT_FALSE(rows.empty());
    EXPECT_LE(rows.back()["timestamp_unix"].get<std::int64_t>(), now * 1000);
    const auto latest = data.latest("heartrate", now + 86400);
    ASSERT_TRUE(latest);
    EXPECT_EQ(*latest, rows.back());
}

TEST(DemoDataset, DocumentsAreFoundByTheirId)
{
    const Dataset data("2026-11-20");
    for (const char* collection : {"daily_sleep", "sleep", "daily_activity", "daily_readiness"})
    {
        const auto docs = data.documentsForDay(collection, day("2026-09-09"));
        ASSERT_FALSE(docs.empty());
        const std::string id = docs[0].json["id"];
        EXPECT_EQ(id.size(), 36u);
        EXPECT_EQ(data.document(collection, id), docs[0].json) << collection;
    }
    EXPECT_FALSE(data.document("daily_sleep", "3e8de08b-9fa1-4fb0-8edc-0ccf097f6693"));
    EXPECT_FALSE(data.document("daily_sleep", "not-existing"));
}

TEST(DemoDataset, RareCollectionsAppearOverTwoYears)
{
    const Dataset data("2026-11-20");
    const std::int64_t from = data.firstDayNumber() * 86400;
    const std::int64_t to = data.todayNumber() * 86400 + 86399;
    const auto workouts = data.documents("workout", from, to);
    EXPECT_GT(workouts.size(), 200u); // a few per week
    EXPECT_FALSE(data.documents("session", from, to).empty());
    EXPECT_FALSE(data.documents("enhanced_tag", from, to).empty());
    EXPECT_FALSE(data.documents("rest_mode_period", from, to).empty());
    const auto vo2 = data.documents("vO2_max", from, to);
    EXPECT_GT(vo2.size(), 60u);
    EXPECT_LT(vo2.size(), 110u);
    EXPECT_EQ(data.documents("ring_configuration", 0, 0).size(), 2u);
}

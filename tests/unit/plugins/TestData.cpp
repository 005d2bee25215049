#include "TestData.h"

#include "TimeSeries.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <functional>

namespace OuraMcp::DomainTest {

std::string addDays(const std::string& day, long n)
{
    return omcp::CivilTime::dayText(*omcp::CivilTime::dayNumber(day) + n);
}

std::string uuidFor(const std::string& seed)
{
    unsigned long h = 1469598103934665603ul;
    for (unsigned char c : seed)
        h = (h ^ c) * 1099511628211ul;
    char buf[40];
    std::snprintf(buf, sizeof buf, "%08lx-%04lx-4%03lx-8%03lx-%012lx", h & 0xffffffff, (h >> 32) & 0xffff,
                  (h >> 48) & 0xfff, (h >> 20) & 0xfff, (h * 31) & 0xffffffffffff);
    return buf;
}

namespace {

/// A deterministic pseudo-random sequence, so sizes are stable across runs.
struct Lcg
{
    unsigned long state;
    explicit Lcg(const std::string& seed) : state(std::hash<std::string>{}(seed) | 1) {}
    unsigned next(unsigned mod)
    {
        state = state * 6364136223846793005ul + 1442695040888963407ul;
        return static_cast<unsigned>((state >> 33) % mod);
    }
};

json sample(double interval, const std::string& timestamp, int count, double base, unsigned spread, Lcg& rng)
{
    json items = json::array();
    for (int i = 0; i < count; ++i)
        items.push_back(std::round((base + rng.next(spread) / 1000.0) * 1000.0) / 1000.0);
    return json{{"interval", interval}, {"items", std::move(items)}, {"timestamp", timestamp}};
}

std::string digits(int count, const char* alphabet, Lcg& rng)
{
    std::string s;
    const unsigned n = static_cast<unsigned>(std::strlen(alphabet));
    for (int i = 0; i < count; ++i)
        s += alphabet[rng.next(n)];
    return s;
}

} // namespace

json dailyActivity(const std::string& day)
{
    Lcg rng("activity" + day);
    return json{{"id", uuidFor("activity" + day)},
                {"class_5_min", digits(288, "012345", rng)},
                {"score", 70 + static_cast<int>(rng.next(30))},
                {"active_calories", 400 + static_cast<int>(rng.next(800))},
                {"average_met_minutes", 1.875},
                {"contributors",
                 {{"meet_daily_targets", 100},
                  {"move_every_hour", 95},
                  {"recovery_time", 100},
                  {"stay_active", 88},
                  {"training_frequency", 100},
                  {"training_volume", 96}}},
                {"equivalent_walking_distance", 17850},
                {"high_activity_met_minutes", 243},
                {"high_activity_time", 2460},
                {"inactivity_alerts", 0},
                {"low_activity_met_minutes", 295},
                {"low_activity_time", 18060},
                {"medium_activity_met_minutes", 433},
                {"medium_activity_time", 4860},
                {"met", sample(60.0, day + "T04:00:00.000+01:00", 1440, 0.9, 4000, rng)},
                {"meters_to_target", -3500},
                {"non_wear_time", 60},
                {"resting_time", 22860},
                {"sedentary_met_minutes", 10},
                {"sedentary_time", 38100},
                {"steps", 8000 + static_cast<int>(rng.next(9000))},
                {"target_calories", 950},
                {"target_meters", 17000},
                {"total_calories", 3502},
                {"day", day},
                {"timestamp", day + "T04:00:00+01:00"}};
}

json dailySleep(const std::string& day)
{
    return json{{"id", uuidFor("dsleep" + day)},
                {"contributors",
                 {{"deep_sleep", 95},
                  {"efficiency", 80},
                  {"latency", 88},
                  {"rem_sleep", 60},
                  {"restfulness", 55},
                  {"timing", 70},
                  {"total_sleep", 85}}},
                {"day", day},
                {"score", 77},
                {"timestamp", day + "T00:00:00+00:00"}};
}

json sleepPeriod(const std::string& day, const std::string& type)
{
    Lcg rng("sleep" + day + type);
    const std::string prev = addDays(day, -1);
    return json{{"id", uuidFor("sleep" + day + type)},
                {"average_breath", 14.5},
                {"average_heart_rate", 71.25},
                {"average_hrv", 38},
                {"awake_time", 5713},
                {"bedtime_end", day + "T09:04:12+02:00"},
                {"bedtime_start", prev + "T01:01:59+02:00"},
                {"day", day},
                {"deep_sleep_duration", 3060},
                {"efficiency", 80},
                {"heart_rate", sample(300.0, prev + "T01:01:59.000+02:00", 96, 55, 20000, rng)},
                {"hrv", sample(300.0, prev + "T01:01:59.000+02:00", 96, 25, 30000, rng)},
                {"latency", 930},
                {"light_sleep_duration", 17160},
                {"low_battery_alert", false},
                {"lowest_heart_rate", 60},
                {"movement_30_sec", digits(965, "1234", rng)},
                {"period", 0},
                {"readiness",
                 {{"contributors", {{"activity_balance", 80}, {"hrv_balance", 75}}},
                  {"score", 71},
                  {"temperature_deviation", -0.05},
                  {"temperature_trend_deviation", 0.1}}},
                {"readiness_score_delta", 0},
                {"rem_sleep_duration", 3000},
                {"restless_periods", 283},
                {"sleep_phase_5_min", digits(97, "1234", rng)},
                {"sleep_phase_30_sec", digits(965, "1234", rng)},
                {"sleep_score_delta", 0},
                {"time_in_bed", 28933},
                {"total_sleep_duration", 23220},
                {"type", type},
                {"sleep_algorithm_version", "v2"},
                {"ring_id", nullptr}};
}

json dailyReadiness(const std::string& day)
{
    return json{{"id", uuidFor("ready" + day)},
                {"contributors",
                 {{"activity_balance", 80},
                  {"body_temperature", 100},
                  {"hrv_balance", 75},
                  {"previous_day_activity", 90},
                  {"previous_night", 70},
                  {"recovery_index", 100},
                  {"resting_heart_rate", 95},
                  {"sleep_balance", 85},
                  {"sleep_regularity", nullptr}}},
                {"day", day},
                {"score", 86},
                {"temperature_deviation", 0.1},
                {"temperature_trend_deviation", 0.13},
                {"timestamp", day + "T00:00:00+00:00"}};
}

json dailyStress(const std::string& day)
{
    return json{{"id", uuidFor("stress" + day)},
                {"day", day},
                {"stress_high", 1800},
                {"recovery_high", 7200},
                {"day_summary", "normal"}};
}

json dailyResilience(const std::string& day)
{
    return json{{"id", uuidFor("res" + day)},
                {"day", day},
                {"contributors", {{"sleep_recovery", 46.2}, {"daytime_recovery", 49.3}, {"stress", 34.5}}},
                {"level", "adequate"}};
}

json dailySpo2(const std::string& day)
{
    return json{{"id", uuidFor("spo2" + day)},
                {"breathing_disturbance_index", 15},
                {"day", day},
                {"spo2_percentage", {{"average", 98.072}}}};
}

json sleepTime(const std::string& day)
{
    return json{{"id", uuidFor("st" + day)},
                {"day", day},
                {"optimal_bedtime", {{"day_tz", 3600}, {"end_offset", 1800}, {"start_offset", -1800}}},
                {"recommendation", "follow_optimal_bedtime"},
                {"status", "optimal_found"}};
}

json workout(const std::string& day)
{
    return json{{"id", uuidFor("wo" + day)}, {"activity", "walking"},
                {"calories", 21.967},        {"day", day},
                {"distance", nullptr},       {"end_datetime", day + "T18:12:00+01:00"},
                {"intensity", "moderate"},   {"label", nullptr},
                {"source", "confirmed"},     {"start_datetime", day + "T17:30:00+01:00"}};
}

json session(const std::string& day)
{
    Lcg rng("session" + day);
    json hr = sample(5.0, day + "T12:00:00.000+01:00", 144, 60, 10000, rng);
    hr["items"][0] = nullptr;
    return json{{"id", uuidFor("se" + day)},
                {"day", day},
                {"start_datetime", day + "T12:00:00+01:00"},
                {"end_datetime", day + "T12:12:00+01:00"},
                {"type", "body_status"},
                {"heart_rate", hr},
                {"heart_rate_variability", sample(5.0, day + "T12:00:00.000+01:00", 144, 30, 20000, rng)},
                {"mood", nullptr},
                {"motion_count", sample(5.0, day + "T12:00:00.000+01:00", 144, 0, 3000, rng)}};
}

json vo2Max(const std::string& day)
{
    return json{
        {"id", uuidFor("vo2" + day)}, {"day", day}, {"timestamp", day + "T00:00:00+00:00"}, {"vo2_max", 44}};
}

json cardiovascularAge(const std::string& day)
{
    return json{{"day", day}, {"vascular_age", 38}}; // genuine answers carried no id
}

json enhancedTag(const std::string& day, const std::string& code)
{
    return json{{"id", uuidFor("tag" + day + code)},
                {"tag_type_code", code},
                {"start_time", day + "T21:00:00+01:00"},
                {"end_time", nullptr},
                {"start_day", day},
                {"end_day", nullptr},
                {"comment", "two glasses"},
                {"custom_name", nullptr}};
}

json restModePeriod(const std::string& day)
{
    return json{{"id", uuidFor("rest" + day)},
                {"start_day", day},
                {"end_day", addDays(day, 2)},
                {"start_time", day + "T08:00:00+01:00"},
                {"end_time", nullptr},
                {"episodes", json::array({{{"tags", {"sick"}}, {"timestamp", day + "T08:00:00+01:00"}}})}};
}

json ringConfiguration()
{
    return json{{"id", uuidFor("ring")},
                {"color", "stealth_black"},
                {"design", "heritage"},
                {"firmware_version", "2.9.32"},
                {"hardware_type", "gen3"},
                {"set_up_at", "2022-01-05T10:00:00+00:00"},
                {"size", 11}};
}

json personalInfo()
{
    return json{{"id", uuidFor("me")},      {"age", 42},
                {"weight", 90.2},           {"height", 1.8},
                {"biological_sex", "male"}, {"email", "someone@example.com"}};
}

json heartRateRows(const std::string& firstDay, int days, int spacingSeconds)
{
    json rows = json::array();
    Lcg rng("hr" + firstDay);
    const int64_t start = *omcp::CivilTime::dayNumber(firstDay) * 86400;
    for (int64_t t = start; t < start + int64_t(days) * 86400; t += spacingSeconds)
    {
        const int hour = static_cast<int>((t % 86400) / 3600);
        const bool asleep = hour < 6;
        const bool training = hour == 18;
        const char* source = asleep ? "sleep" : training ? "workout" : "awake";
        const int bpm = asleep     ? 50 + static_cast<int>(rng.next(12))
                        : training ? 120 + static_cast<int>(rng.next(40))
                                   : 65 + static_cast<int>(rng.next(30));
        std::string ts = Domain::formatInstant(t, 0);
        rows.push_back(
            json{{"bpm", bpm}, {"source", source}, {"timestamp", ts}, {"timestamp_unix", t * 1000}});
    }
    return rows;
}

json batteryRows(const std::string& firstDay, int days)
{
    json rows = json::array();
    const int64_t start = *omcp::CivilTime::dayNumber(firstDay) * 86400;
    int level = 100;
    for (int64_t t = start; t < start + int64_t(days) * 86400; t += 900)
    {
        const bool charging = level <= 20 || (level < 100 && ((t / 900) % 96) > 90);
        level = charging ? std::min(100, level + 10) : std::max(0, level - 1);
        rows.push_back(json{{"timestamp", Domain::formatInstant(t, 0)},
                            {"timestamp_unix", t * 1000},
                            {"level", level},
                            {"charging", charging},
                            {"in_charger", charging}});
    }
    return rows;
}

std::string body(const json& docs)
{
    return json{{"data", docs}}.dump();
}

Responder serve(std::map<std::string, json> docsByCollection, const std::string& startDay,
                const std::string& endDay, const std::string& note)
{
    return [docs = std::move(docsByCollection), startDay, endDay, note](const CollectionRequest& r) {
        CannedResponse c;
        auto it = docs.find(r.collection);
        const json data = it == docs.end() ? json::array() : it->second;
        c.body = data.is_object() ? data.dump() : body(data); // personal_info is a bare object
        c.startDay = startDay;
        c.endDay = endDay;
        c.note = note;
        return c;
    };
}

json perDay(const std::string& start, const std::string& end, json (*make)(const std::string&))
{
    json docs = json::array();
    for (std::string d = start; d <= end; d = addDays(d, 1))
        docs.push_back(make(d));
    return docs;
}

} // namespace OuraMcp::DomainTest

// The sleep plugin: daily sleep scores, sleep periods (nights and naps), bedtime guidance and blood oxygen.
#include "DomainTools.hpp"

namespace {

using namespace OuraMcp::Domain;

const char* const kSleepSyncReason =
    "Sleep data for a night appears only after the Oura app has processed it "
    "(usually once the app is opened in the morning).";

ListTool dailySleep()
{
    ListTool t;
    t.name = "get_daily_sleep";
    t.title = "Daily sleep scores";
    t.description = "Sleep score (1-100) per day and its contributors. Durations, bedtimes, heart rate, HRV: "
                    "get_sleep_periods.";
    t.collection = "daily_sleep";
    t.scope = "daily";
    t.itemsKey = "days";
    t.itemSchema = objectSchema({{"id", "string?"},
                                 {"day", "string"},
                                 {"score", "number?"},
                                 {"contributors", "object"},
                                 {"timestamp", "string"}});
    t.keyFields = {"day"};
    t.emptyReason = kSleepSyncReason;
    return t;
}

ListTool sleepPeriods()
{
    ListTool t;
    t.name = "get_sleep_periods";
    t.title = "Sleep periods (nights and naps)";
    t.description =
        "Each night and nap (long_sleep is the main night): bedtimes, stage durations, efficiency, latency, "
        "heart rate, HRV, breathing, 5-minute hypnogram.";
    t.collection = "sleep";
    t.scope = "daily";
    t.itemsKey = "periods";
    t.itemSchema = objectSchema({{"id", "string?"},
                                 {"day", "string"},
                                 {"type", "string?"},
                                 {"period", "number?"},
                                 {"bedtime_start", "string"},
                                 {"bedtime_end", "string"},
                                 {"time_in_bed", "number?"},
                                 {"total_sleep_duration", "number?"},
                                 {"deep_sleep_duration", "number?"},
                                 {"light_sleep_duration", "number?"},
                                 {"rem_sleep_duration", "number?"},
                                 {"awake_time", "number?"},
                                 {"latency", "number?"},
                                 {"efficiency", "number?"},
                                 {"restless_periods", "number?"},
                                 {"average_heart_rate", "number?"},
                                 {"lowest_heart_rate", "number?"},
                                 {"average_hrv", "number?"},
                                 {"average_breath", "number?"},
                                 {"readiness", "object?"},
                                 {"readiness_score_delta", "number?"},
                                 {"sleep_score_delta", "number?"},
                                 {"sleep_phase_5_min", "string?"},
                                 {"app_sleep_phase_5_min", "string?"},
                                 {"low_battery_alert", "boolean?"},
                                 {"sleep_algorithm_version", "string?"},
                                 {"sleep_analysis_reason", "string?"},
                                 {"ring_id", "string?"},
                                 {"heart_rate", "object?"},
                                 {"hrv", "object?"},
                                 {"movement_30_sec", "string?"},
                                 {"sleep_phase_30_sec", "string?"}});
    t.keyFields = {"day", "type"};
    t.heavy = {{"sleep_phase_30_sec", "sleep phase every 30 seconds, about 1,000 characters a night"},
               {"movement_30_sec", "movement every 30 seconds, about 1,000 characters a night"},
               {"heart_rate", "heart rate every 5 minutes of the period, about 100 values a night"},
               {"hrv", "HRV every 5 minutes of the period, about 100 values a night"}};
    t.emptyReason = kSleepSyncReason;
    return t;
}

ListTool sleepTime()
{
    ListTool t;
    t.name = "get_sleep_time";
    t.title = "Bedtime guidance";
    t.description = "Oura's recommended bedtime window per day.";
    t.collection = "sleep_time";
    t.scope = "daily";
    t.itemsKey = "days";
    t.itemSchema = objectSchema({{"id", "string?"},
                                 {"day", "string"},
                                 {"optimal_bedtime", "object?"},
                                 {"recommendation", "string?"},
                                 {"status", "string?"}});
    t.keyFields = {"day"};
    t.emptyReason = "Bedtime guidance needs several recent nights of sleep data.";
    return t;
}

ListTool dailySpo2()
{
    ListTool t;
    t.name = "get_daily_spo2";
    t.title = "Blood oxygen (SpO2) during sleep";
    t.description = "Average blood oxygen (%) during sleep and breathing disturbance index per day.";
    t.collection = "daily_spo2";
    t.scope = "spo2";
    t.itemsKey = "days";
    t.itemSchema = objectSchema({{"id", "string?"},
                                 {"day", "string"},
                                 {"spo2_percentage", "object?"},
                                 {"breathing_disturbance_index", "number?"}});
    t.keyFields = {"day"};
    t.emptyReason =
        "SpO2 is measured only by Gen3 and newer rings with the SpO2 feature turned on in the Oura "
        "app, and only for nights with enough valid readings.";
    return t;
}

/// The main period of a day: the long_sleep one, else the longest.
const json* mainPeriod(const std::vector<const json*>& periods)
{
    const json* best = nullptr;
    for (const json* p : periods)
    {
        if (p->value("type", "") == "long_sleep")
            return p;
        const auto total = [](const json* q) {
            auto it = q->find("total_sleep_duration");
            return it != q->end() && it->is_number() ? it->get<double>() : 0.0;
        };
        if (!best || total(p) > total(best))
            best = p;
    }
    return best;
}

/// Key sleep numbers per day over start..end.
json sleepSummary(omcp::Call& call, const std::string& start, const std::string& end)
{
    const auto scores = call.collection("daily_sleep", start, end);
    json days = json::array();
    json unavailable = json::array();
    for (const auto& d : omcp::documents(omcp::parseBody(scores)))
    {
        json& e = dayEntry(days, d.value("day", ""));
        copyKeys(e, d, {"score"});
    }
    if (auto periods = optionalPart(call, "sleep", start, end, unavailable))
    {
        const json docs = omcp::documents(omcp::parseBody(*periods));
        std::map<std::string, std::vector<const json*>> byDay;
        for (const auto& p : docs)
            if (p.is_object() && p.value("type", "") != "deleted")
                byDay[p.value("day", "")].push_back(&p);
        for (const auto& [day, list] : byDay)
        {
            json& e = dayEntry(days, day);
            if (const json* m = mainPeriod(list))
                copyKeys(e, *m,
                         {"bedtime_start", "bedtime_end", "total_sleep_duration", "time_in_bed",
                          "deep_sleep_duration", "light_sleep_duration", "rem_sleep_duration", "awake_time",
                          "efficiency", "latency", "average_heart_rate", "lowest_heart_rate", "average_hrv",
                          "average_breath"});
            if (list.size() > 1)
                e["other_periods"] = list.size() - 1;
        }
    }
    if (auto spo2 = optionalPart(call, "daily_spo2", start, end, unavailable))
    {
        for (const auto& d : omcp::documents(omcp::parseBody(*spo2)))
        {
            const auto pct = d.find("spo2_percentage");
            const bool hasAverage = pct != d.end() && pct->is_object() && pct->contains("average");
            const auto bdi = d.find("breathing_disturbance_index");
            if (!hasAverage && (bdi == d.end() || bdi->is_null()))
                continue;
            json& e = dayEntry(days, d.value("day", ""));
            if (hasAverage)
                e["spo2_average"] = (*pct)["average"];
            if (bdi != d.end() && !bdi->is_null())
                e["breathing_disturbance_index"] = *bdi;
        }
    }
    sortDays(days);
    return sectionFrame(call, scores, std::move(days), std::move(unavailable), kSleepSyncReason);
}

void sleepAnalysis(omcp::Call& call, const std::string& argsJson)
{
    const json args = omcp::parseArgs(argsJson);
    const std::string period = promptText(args, "period", "last 30 days");
    const std::string focus = promptText(args, "focus", "");
    const std::string days = promptPeriod(call, "period", period);
    std::string text =
        "Analyse my sleep for " + period + " (" + days +
        ") with the Oura tools.\n"
        "1. get_daily_sleep with start_date=\"" +
        period +
        "\": the nightly sleep score and its contributors.\n"
        "2. get_sleep_periods with the same start_date: bedtimes, total/deep/REM/light sleep and awake time "
        "(seconds), efficiency, latency, lowest heart rate and average HRV. A night counts for the day it "
        "ends; "
        "type long_sleep is the main night, other types are naps or rests.\n"
        "3. If available, get_daily_readiness for the same days (how sleep carried into readiness) and "
        "get_sleep_time (Oura's bedtime guidance).\n"
        "Look at: the average and the trend of total sleep and of the score; how regular bedtime and wake "
        "time "
        "are; the share of deep and REM sleep; the best and worst nights and what differed; lowest heart "
        "rate and "
        "HRV over time. If a tool answers with empty_reason, say so instead of guessing. Convert seconds to "
        "hours "
        "and minutes. End with two or three concrete, specific suggestions.";
    if (!focus.empty())
        text += "\nPay particular attention to: " + focus + ".";
    call.message("user", text);
}

void setUp(omcp::Registrar& r)
{
    addListTool(r, dailySleep());
    addListTool(r, sleepPeriods());
    addListTool(r, sleepTime());
    addListTool(r, dailySpo2());

    addSummarySections(r, "sleep (score, main night, SpO2)", sleepSummary);
    r.resource(
        {"oura://recent/sleep", "recent_sleep", "Recent sleep",
         "The last 7 days of sleep: score, bedtimes, durations (seconds), efficiency, lowest heart rate, "
         "HRV and SpO2 per day.",
         "application/json", [](omcp::Call& call, const std::string&, const std::string&) {
             omcp::jsonResult(call, sleepSummary(call, "last 7 days", ""));
         }});
    r.prompt({"sleep_analysis",
              "Sleep analysis",
              "Analyse sleep over a period: scores, timing, stages, heart rate and HRV, with suggestions.",
              {{"period",
                "The days to analyse, e.g. last 30 days (default), last week, this month.",
                false,
                {"last week", "last 14 days", "last 30 days", "last month", "this month", "previous month"}},
               {"focus",
                "Optional aspect to stress, e.g. bedtime consistency, deep sleep, HRV.",
                false,
                {"bedtime consistency", "deep and REM sleep", "heart rate and HRV", "naps"}}},
              sleepAnalysis});
}

} // namespace

OMCP_PLUGIN("sleep", "1.0.0", "Oura sleep: daily scores, sleep periods, bedtime guidance, SpO2",
            OMCP_SCOPES("daily", "spo2"), setUp)

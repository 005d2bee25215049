// The readiness plugin: daily readiness, daytime stress and resilience, and the weekly review prompt.
#include "DomainTools.hpp"

namespace {

using namespace OuraMcp::Domain;

const char* const kReadinessReason =
    "Readiness is computed once the night's sleep has been processed by the Oura "
    "app (usually after opening it in the morning).";

ListTool dailyReadiness()
{
    ListTool t;
    t.name = "get_daily_readiness";
    t.title = "Daily readiness";
    t.description = "Readiness score (1-100) per day, contributors, body temperature deviation (C): "
                    "recovery, whether to train hard.";
    t.collection = "daily_readiness";
    t.scope = "daily";
    t.itemsKey = "days";
    t.itemSchema = objectSchema({{"id", "string?"},
                                 {"day", "string"},
                                 {"score", "number?"},
                                 {"contributors", "object"},
                                 {"temperature_deviation", "number?"},
                                 {"temperature_trend_deviation", "number?"},
                                 {"timestamp", "string"}});
    t.keyFields = {"day"};
    t.emptyReason = kReadinessReason;
    return t;
}

ListTool dailyStress()
{
    ListTool t;
    t.name = "get_daily_stress";
    t.title = "Daytime stress";
    t.description = "Daytime stress per day: time in high stress and in high recovery, day_summary.";
    t.collection = "daily_stress";
    t.scope = "daily";
    t.itemsKey = "days";
    t.itemSchema = objectSchema({{"id", "string?"},
                                 {"day", "string"},
                                 {"day_summary", "string?"},
                                 {"stress_high", "number?"},
                                 {"recovery_high", "number?"}});
    t.keyFields = {"day"};
    t.emptyReason = "Daytime stress is measured by Gen3 and newer rings while worn during the day; days with "
                    "too little daytime wear have none.";
    return t;
}

ListTool dailyResilience()
{
    ListTool t;
    t.name = "get_daily_resilience";
    t.title = "Resilience";
    t.description =
        "Resilience level per day (limited to exceptional) and its contributors: long-term stress "
        "balance.";
    t.collection = "daily_resilience";
    t.scope = "stress";
    t.itemsKey = "days";
    t.itemSchema = objectSchema(
        {{"id", "string?"}, {"day", "string"}, {"level", "string?"}, {"contributors", "object?"}});
    t.keyFields = {"day"};
    t.emptyReason = "Resilience needs a couple of weeks of data before Oura reports a level.";
    return t;
}

/// Key readiness numbers per day over start..end.
json readinessSummary(omcp::Call& call, const std::string& start, const std::string& end)
{
    const auto readiness = call.collection("daily_readiness", start, end);
    json days = json::array();
    json unavailable = json::array();
    for (const auto& d : omcp::documents(omcp::parseBody(readiness)))
        copyKeys(dayEntry(days, d.value("day", "")), d,
                 {"score", "temperature_deviation", "temperature_trend_deviation"});
    if (auto stress = optionalPart(call, "daily_stress", start, end, unavailable))
        for (const auto& d : omcp::documents(omcp::parseBody(*stress)))
        {
            json& e = dayEntry(days, d.value("day", ""));
            if (d.contains("day_summary"))
                e["stress_summary"] = d["day_summary"];
            copyKeys(e, d, {"stress_high", "recovery_high"});
        }
    if (auto resilience = optionalPart(call, "daily_resilience", start, end, unavailable))
        for (const auto& d : omcp::documents(omcp::parseBody(*resilience)))
            if (d.contains("level"))
                dayEntry(days, d.value("day", ""))["resilience_level"] = d["level"];
    sortDays(days);
    return sectionFrame(call, readiness, std::move(days), std::move(unavailable), kReadinessReason);
}

void weeklyReview(omcp::Call& call, const std::string& argsJson)
{
    const json args = omcp::parseArgs(argsJson);
    const std::string week = promptText(args, "week", "last week");
    omcp::DateRange range;
    try
    {
        range = call.resolveDates(week, "");
    }
    catch (const omcp::Error& e)
    {
        throw omcp::Error(std::string("week: ") + e.what());
    }
    // The host resolves the equally long period before: plugins never compute dates.
    const std::string before =
        range.beforeStart.empty() ? std::string() : range.beforeStart + " to " + range.beforeEnd;
    std::string text =
        "Give me a weekly review of my Oura data for " + week + " (" + range.start + " to " + range.end +
        ").\n"
        "Call, each with start_date=\"" +
        range.start + "\" and end_date=\"" + range.end +
        "\":\n"
        "- get_daily_readiness (score, contributors, temperature deviation),\n"
        "- get_daily_sleep and get_sleep_periods (sleep score, total/deep/REM sleep in seconds, bedtimes, "
        "lowest "
        "heart rate, HRV),\n"
        "- get_daily_activity (score, steps, active calories, activity time) and get_workouts,\n"
        "- get_daily_stress (stress_high/recovery_high seconds, day_summary).\n";
    if (!before.empty())
        text += "For comparison, call get_daily_readiness and get_daily_sleep for the period before (" +
                before + ").\n";
    text +=
        "Skip tools that are not available. Report: averages and the best and worst day for readiness, sleep "
        "and activity; how this week compares with the one before; links you see (late bedtimes, hard "
        "workouts or stressful days followed by low readiness); anything unusual such as a temperature "
        "deviation above 0.5 degrees. If an answer has empty_reason, mention it instead of guessing. End "
        "with "
        "three short priorities for the coming week.";
    call.message("user", text);
}

void setUp(omcp::Registrar& r)
{
    addListTool(r, dailyReadiness());
    addListTool(r, dailyStress());
    addListTool(r, dailyResilience());
    addSummarySections(r, "readiness (score, temperature, stress, resilience)", readinessSummary);
    r.prompt({"weekly_review",
              "Weekly review",
              "A review of a week of readiness, sleep, activity and stress, compared with the week before.",
              {{"week",
                "The week to review: last week (default, the 7 days ending today), this week, previous week.",
                false,
                {"last week", "this week", "previous week"}}},
              weeklyReview});
}

} // namespace

OMCP_PLUGIN("readiness", "1.0.0", "Oura readiness, daytime stress and resilience",
            OMCP_SCOPES("daily", "stress"), setUp)

// The activity plugin: daily activity, workouts and sessions (meditation, breathing, naps...).
#include "DomainTools.hpp"
#include "TimeSeries.hpp"

namespace {

using namespace OuraMcp::Domain;

const char* const kActivityReason =
    "An activity day runs from 4 a.m. to 4 a.m. and fills in as the ring syncs "
    "through the day.";

ListTool dailyActivity()
{
    ListTool t;
    t.name = "get_daily_activity";
    t.title = "Daily activity";
    t.description =
        "Activity per day: score, steps, calories, distance (m), time by activity level, MET minutes.";
    t.collection = "daily_activity";
    t.scope = "daily";
    t.itemsKey = "days";
    t.itemSchema = objectSchema({{"id", "string?"},
                                 {"day", "string"},
                                 {"score", "number?"},
                                 {"contributors", "object"},
                                 {"steps", "number"},
                                 {"active_calories", "number"},
                                 {"total_calories", "number"},
                                 {"target_calories", "number"},
                                 {"equivalent_walking_distance", "number"},
                                 {"target_meters", "number"},
                                 {"meters_to_target", "number"},
                                 {"average_met_minutes", "number"},
                                 {"high_activity_time", "number"},
                                 {"medium_activity_time", "number"},
                                 {"low_activity_time", "number"},
                                 {"sedentary_time", "number"},
                                 {"resting_time", "number"},
                                 {"non_wear_time", "number"},
                                 {"high_activity_met_minutes", "number"},
                                 {"medium_activity_met_minutes", "number"},
                                 {"low_activity_met_minutes", "number"},
                                 {"sedentary_met_minutes", "number"},
                                 {"inactivity_alerts", "number"},
                                 {"timestamp", "string"},
                                 {"met", "object"},
                                 {"class_5_min", "string?"}});
    t.keyFields = {"day"};
    t.heavy = {{"met", "per-minute MET values, 1,440 a day"},
               {"class_5_min", "activity class per 5 minutes, 288 characters a day"}};
    t.emptyReason = kActivityReason;
    t.dayStartTime = "04:00:00"; // an activity day starts at 4 a.m.
    return t;
}

ListTool workouts()
{
    ListTool t;
    t.name = "get_workouts";
    t.title = "Workouts";
    t.description = "Workouts: activity, intensity, calories, distance (m), start and end.";
    t.collection = "workout";
    t.scope = "workout";
    t.itemsKey = "workouts";
    t.itemSchema = objectSchema({{"id", "string?"},
                                 {"day", "string"},
                                 {"activity", "string"},
                                 {"intensity", "string?"},
                                 {"calories", "number?"},
                                 {"distance", "number?"},
                                 {"start_datetime", "string"},
                                 {"end_datetime", "string"},
                                 {"label", "string?"},
                                 {"source", "string?"}});
    t.keyFields = {"day", "activity"};
    t.emptyReason =
        "Workouts appear when Oura detected one and it was confirmed, or one was added in the Oura app; "
        "workouts imported from other apps may be missing.";
    return t;
}

ListTool sessions()
{
    ListTool t;
    t.name = "get_sessions";
    t.title = "Sessions (meditation, breathing, naps)";
    t.description = "Meditation, breathing, nap and rest sessions recorded in the Oura app, with mood.";
    t.collection = "session";
    t.scope = "session";
    t.itemsKey = "sessions";
    t.itemSchema = objectSchema({{"id", "string?"},
                                 {"day", "string"},
                                 {"type", "string"},
                                 {"mood", "string?"},
                                 {"start_datetime", "string"},
                                 {"end_datetime", "string"},
                                 {"heart_rate", "object?"},
                                 {"heart_rate_variability", "object?"},
                                 {"motion_count", "object?"}});
    t.keyFields = {"day", "type"};
    t.heavy = {{"heart_rate", "heart rate every 5 seconds of the session"},
               {"heart_rate_variability", "HRV every 5 seconds of the session"},
               {"motion_count", "motion every 5 seconds of the session"}};
    t.emptyReason =
        "Sessions exist only for sessions started in the Oura app (meditation, breathing, rest, body "
        "status).";
    return t;
}

/// Whole minutes between two timestamps of a document, if both parse.
std::optional<int64_t> minutesOf(const json& doc)
{
    const auto a = parseInstant(doc.value("start_datetime", ""));
    const auto b = parseInstant(doc.value("end_datetime", ""));
    if (!a || !b)
        return std::nullopt;
    return (b->unixSeconds - a->unixSeconds) / 60;
}

/// Key activity numbers per day over start..end.
json activitySummary(omcp::Call& call, const std::string& start, const std::string& end)
{
    const auto activity = call.collection("daily_activity", start, end);
    json days = json::array();
    json unavailable = json::array();
    for (const auto& d : omcp::documents(omcp::parseBody(activity)))
        copyKeys(dayEntry(days, d.value("day", "")), d,
                 {"score", "steps", "active_calories", "total_calories", "equivalent_walking_distance",
                  "high_activity_time", "medium_activity_time", "low_activity_time", "sedentary_time",
                  "non_wear_time"});
    if (auto w = optionalPart(call, "workout", start, end, unavailable))
        for (const auto& d : omcp::documents(omcp::parseBody(*w)))
        {
            json item = json::object();
            copyKeys(item, d, {"activity", "intensity", "start_datetime", "calories"});
            if (auto m = minutesOf(d))
                item["minutes"] = *m;
            json& e = dayEntry(days, d.value("day", ""));
            if (!e.contains("workouts"))
                e["workouts"] = json::array();
            e["workouts"].push_back(std::move(item));
        }
    if (auto s = optionalPart(call, "session", start, end, unavailable))
        for (const auto& d : omcp::documents(omcp::parseBody(*s)))
        {
            json item = json::object();
            copyKeys(item, d, {"type", "start_datetime"});
            if (auto m = minutesOf(d))
                item["minutes"] = *m;
            json& e = dayEntry(days, d.value("day", ""));
            if (!e.contains("sessions"))
                e["sessions"] = json::array();
            e["sessions"].push_back(std::move(item));
        }
    sortDays(days);
    return sectionFrame(call, activity, std::move(days), std::move(unavailable), kActivityReason);
}

void setUp(omcp::Registrar& r)
{
    addListTool(r, dailyActivity());
    addListTool(r, workouts());
    addListTool(r, sessions());
    addSummarySections(r, "activity (score, steps, calories, workouts, sessions)", activitySummary);
    r.resource({"oura://recent/activity", "recent_activity", "Recent activity",
                "The last 7 days of activity: score, steps, calories, activity and sedentary time (seconds), "
                "workouts and sessions per day.",
                "application/json", [](omcp::Call& call, const std::string&, const std::string&) {
                    omcp::jsonResult(call, activitySummary(call, "last 7 days", ""));
                }});
}

} // namespace

OMCP_PLUGIN("activity", "1.0.0", "Oura activity: daily activity, workouts, sessions",
            OMCP_SCOPES("daily", "workout", "session"), setUp)

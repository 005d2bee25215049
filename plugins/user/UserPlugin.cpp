// The user plugin: personal info, ring configuration and battery, tags and rest mode.
#include "DomainTools.hpp"
#include "TimeSeries.hpp"

#include <limits>

namespace {

using namespace OuraMcp::Domain;

const char* const kNoArgs = R"({"type":"object","additionalProperties":false})";

json personalSchema()
{
    return objectSchema({{"id", "string?"},
                         {"age", "number?"},
                         {"weight", "number?"},
                         {"height", "number?"},
                         {"biological_sex", "string?"},
                         {"email", "string?"}});
}

json ringSchema()
{
    return objectSchema({{"id", "string?"},
                         {"color", "string?"},
                         {"design", "string?"},
                         {"firmware_version", "string?"},
                         {"hardware_type", "string?"},
                         {"set_up_at", "string?"},
                         {"size", "number?"}});
}

json personalInfo(omcp::Call& call)
{
    const auto response = call.collection("personal_info", "", "");
    json body = omcp::parseBody(response);
    if (!body.is_object())
        throw omcp::Error("the Oura API returned a malformed personal_info answer", OMCP_E_UPSTREAM);
    json out = json{{"personal_info", std::move(body)}};
    if (!response.note.empty())
        out["note"] = response.note;
    return out;
}

json ringConfiguration(omcp::Call& call)
{
    const auto response = call.collection("ring_configuration", "", "");
    json rings = omcp::documents(omcp::parseBody(response));
    json out = json::object();
    out["count"] = rings.size();
    out["rings"] = std::move(rings);
    if (!response.note.empty())
        out["note"] = response.note;
    if (out["count"] == 0)
        out["empty_reason"] =
            "Oura lists no ring for this account: the ring may not have been set up in the Oura "
            "app yet, or the ring_configuration permission was not granted.";
    return out;
}

ListTool enhancedTags()
{
    ListTool t;
    t.name = "get_enhanced_tags";
    t.title = "Tags";
    t.description =
        "Tags added in the Oura app (alcohol, caffeine, late meal, custom...) with times and comment.";
    t.collection = "enhanced_tag";
    t.scope = "tag";
    t.itemsKey = "tags";
    t.itemSchema = objectSchema({{"id", "string?"},
                                 {"tag_type_code", "string?"},
                                 {"custom_name", "string?"},
                                 {"start_time", "string"},
                                 {"end_time", "string?"},
                                 {"start_day", "string"},
                                 {"end_day", "string?"},
                                 {"comment", "string?"}});
    t.keyFields = {"start_day", "tag_type_code"};
    t.emptyReason = "Tags exist only for days the user added tags in the Oura app.";
    return t;
}

ListTool restModePeriods()
{
    ListTool t;
    t.name = "get_rest_mode_periods";
    t.title = "Rest mode periods";
    t.description = "Periods with Rest Mode on (illness, recovery).";
    t.collection = "rest_mode_period";
    t.scope = "daily";
    t.itemsKey = "periods";
    t.itemSchema = objectSchema({{"id", "string?"},
                                 {"start_day", "string"},
                                 {"end_day", "string?"},
                                 {"start_time", "string?"},
                                 {"end_time", "string?"},
                                 {"episodes", "array"}});
    t.keyFields = {"start_day"};
    t.emptyReason = "Rest mode periods exist only when Rest Mode was turned on in the Oura app.";
    return t;
}

// ---- ring battery ---------------------------------------------------------------------------------------

json batteryInputSchema()
{
    json props = dateProperties("today");
    props["include"] = json{{"type", "array"},
                            {"description", "readings: every reading too"},
                            {"items", {{"enum", {"readings"}}}}};
    return json{{"type", "object"}, {"properties", std::move(props)}, {"additionalProperties", false}};
}

json batteryOutputSchema()
{
    const json reading = objectSchema(
        {{"timestamp", "string"}, {"level", "number"}, {"charging", "boolean?"}, {"in_charger", "boolean?"}});
    json latest = reading;
    json day = objectSchema({{"day", "string"},
                             {"min", "number"},
                             {"max", "number"},
                             {"first", "number"},
                             {"last", "number"},
                             {"count", "integer"},
                             {"charged", "boolean"}});
    day["required"] = json::array({"day", "min", "max", "first", "last", "count", "charged"});
    day["additionalProperties"] = false;
    json props = json::object();
    props["latest"] = latest;
    props["days"] = json{{"type", "array"}, {"items", day}};
    props["readings"] = json{{"type", "array"}, {"items", reading}};
    props["readings_total"] = json{{"type", "integer"}, {"minimum", 0}};
    return answerSchema(std::move(props), {"days", "readings_total"});
}

struct BatteryDay
{
    double min = 101, max = -1, first = -1, last = -1;
    std::size_t count = 0;
    bool charged = false;
};

json ringBattery(omcp::Call& call, const std::string& argsJson)
{
    const json args = omcp::parseArgs(argsJson);
    bool withReadings = false;
    for (const auto& name : omcp::stringListArg(args, "include"))
    {
        if (name != "readings")
            throw omcp::Error("include: '" + name + "' is not known; use readings");
        withReadings = true;
    }
    const auto response = call.collection("ring_battery_level", omcp::stringArg(args, "start_date", "today"),
                                          omcp::stringArg(args, "end_date"));
    const json rows = omcp::documents(omcp::parseBody(response));
    const bool oneDay = !response.startDay.empty() && response.startDay == response.endDay;
    std::map<std::string, BatteryDay> perDay;
    json latest;
    int64_t latestAt = std::numeric_limits<int64_t>::min();
    for (const auto& row : rows)
    {
        if (!row.is_object() || !row.contains("level") || !row["level"].is_number())
            continue;
        const auto at = parseInstant(row.value("timestamp", ""));
        if (!at)
            continue;
        const double level = row["level"].get<double>();
        const std::string day =
            oneDay ? response.startDay : formatInstant(at->unixSeconds, at->offsetSeconds).substr(0, 10);
        BatteryDay& d = perDay[day];
        d.min = std::min(d.min, level);
        d.max = std::max(d.max, level);
        if (d.count == 0)
            d.first = level;
        d.last = level;
        ++d.count;
        if (row.value("charging", false) == true || row.value("in_charger", false) == true)
            d.charged = true;
        if (at->unixSeconds >= latestAt)
        {
            latestAt = at->unixSeconds;
            latest = row;
        }
    }
    json days = json::array();
    for (const auto& [day, d] : perDay)
        days.push_back(json{{"day", day},
                            {"min", d.min},
                            {"max", d.max},
                            {"first", d.first},
                            {"last", d.last},
                            {"count", d.count},
                            {"charged", d.charged}});
    json out = json::object();
    out["range"] = omcp::rangeOf(response);
    out["count"] = days.size();
    out["days"] = std::move(days);
    out["readings_total"] = rows.size();
    if (!latest.is_null())
    {
        json l = json::object();
        copyKeys(l, latest, {"timestamp", "level", "charging", "in_charger"});
        out["latest"] = std::move(l);
    }
    if (withReadings)
    {
        json readings = json::array();
        for (const auto& row : rows)
        {
            json r = json::object();
            copyKeys(r, row, {"timestamp", "level", "charging", "in_charger"});
            readings.push_back(std::move(r));
        }
        out["readings"] = std::move(readings);
    }
    else if (!rows.empty())
        out["omitted"] =
            json::array({"readings (" + std::to_string(rows.size()) +
                         " individual battery readings) left out; pass include=[\"readings\"] to get "
                         "them"});
    finishAnswer(
        call, out, response, rows.size(),
        "Battery readings reach Oura when the ring syncs with the Oura app; the ring may not have synced "
        "for these days.");
    return out;
}

// ---- summary, resource, prompt --------------------------------------------------------------------------

/// Tags, rest mode and battery per day over start..end.
json userSummary(omcp::Call& call, const std::string& start, const std::string& end)
{
    const auto tags = call.collection("enhanced_tag", start, end);
    json days = json::array();
    json unavailable = json::array();
    for (const auto& d : omcp::documents(omcp::parseBody(tags)))
    {
        json item = json::object();
        const std::string code = d.value("tag_type_code", std::string());
        item["tag"] = !code.empty() ? code : d.value("custom_name", std::string("(text only)"));
        copyKeys(item, d, {"start_time", "comment"});
        json& e = dayEntry(days, d.value("start_day", ""));
        if (!e.contains("tags"))
            e["tags"] = json::array();
        e["tags"].push_back(std::move(item));
    }
    if (auto rest = optionalPart(call, "rest_mode_period", start, end, unavailable))
        for (const auto& d : omcp::documents(omcp::parseBody(*rest)))
        {
            json& e = dayEntry(days, d.value("start_day", ""));
            json period = json::object();
            copyKeys(period, d, {"start_day", "end_day"});
            e["rest_mode"] = std::move(period);
        }
    if (auto battery = optionalPart(call, "ring_battery_level", start, end, unavailable))
    {
        const json rows = omcp::documents(omcp::parseBody(*battery));
        if (!rows.empty() && rows.back().is_object())
        {
            json& e = dayEntry(days, battery->endDay);
            json last = json::object();
            copyKeys(last, rows.back(), {"timestamp", "level", "charging"});
            e["battery_latest"] = std::move(last);
        }
    }
    sortDays(days);
    return sectionFrame(call, tags, std::move(days), std::move(unavailable),
                        "Tags and rest mode appear only when the user added them in the Oura app.");
}

json personalResource(omcp::Call& call)
{
    json out = personalInfo(call);
    json unavailable = json::array();
    out["ring_configuration"] = nullptr;
    if (auto rings = optionalPart(call, "ring_configuration", "", "", unavailable))
    {
        const json list = omcp::documents(omcp::parseBody(*rings));
        if (!list.empty())
            out["ring_configuration"] = list.back();
    }
    if (!unavailable.empty())
        out["unavailable"] = std::move(unavailable);
    return out;
}

void tagImpact(omcp::Call& call, const std::string& argsJson)
{
    const json args = omcp::parseArgs(argsJson);
    const std::string tag = promptText(args, "tag", "", 64);
    if (tag.empty())
        throw omcp::Error("tag: name the tag to study, e.g. alcohol or late meal");
    const std::string period = promptText(args, "period", "last 60 days");
    const std::string days = promptPeriod(call, "period", period);
    call.message("user", "Does \"" + tag + "\" affect my sleep and recovery? Study " + period + " (" + days +
                             ") with the Oura tools.\n"
                             "1. get_enhanced_tags with start_date=\"" +
                             period + "\": find the days tagged " + tag +
                             " (match "
                             "tag_type_code such as tag_generic_" +
                             tag +
                             ", custom_name or comment, case-insensitively).\n"
                             "2. get_daily_sleep, get_daily_readiness and get_sleep_periods for the same "
                             "dates: the night after a tagged "
                             "day is filed under the next day.\n"
                             "Compare the nights after tagged days with the other nights: sleep score, "
                             "readiness score, total and deep "
                             "sleep, lowest heart rate, average HRV, and temperature deviation. Give the "
                             "number of nights in each group, "
                             "the averages, and how confident the difference is given those numbers; say "
                             "plainly if there are too few "
                             "tagged days to conclude anything. Skip tools that are not available and "
                             "mention any empty_reason.");
}

void setUp(omcp::Registrar& r)
{
    json personalOut =
        json{{"type", "object"},
             {"properties", {{"personal_info", personalSchema()}, {"note", {{"type", "string"}}}}},
             {"required", {"personal_info"}},
             {"additionalProperties", false}};
    r.tool({"get_personal_info", "Personal info",
            "The user's age, weight (kg), height (m), biological sex and email.", kNoArgs, personalOut.dump(),
            "personal", kReadFlags,
            [](omcp::Call& call, const std::string&) { omcp::jsonResult(call, personalInfo(call)); }});

    json ringOut = json{{"type", "object"},
                        {"properties",
                         {{"count", {{"type", "integer"}, {"minimum", 0}}},
                          {"rings", {{"type", "array"}, {"items", ringSchema()}}},
                          {"note", {{"type", "string"}}},
                          {"empty_reason", {{"type", "string"}}}}},
                        {"required", {"count", "rings"}},
                        {"additionalProperties", false}};
    r.tool({"get_ring_configuration", "Ring configuration",
            "The user's ring(s): generation, design, color, size, firmware, set-up date.", kNoArgs,
            ringOut.dump(), "ring_configuration", kReadFlags,
            [](omcp::Call& call, const std::string&) { omcp::jsonResult(call, ringConfiguration(call)); }});

    addListTool(r, enhancedTags());
    addListTool(r, restModePeriods());

    r.tool(
        {"get_ring_battery_level", "Ring battery level",
         "Ring battery (%): latest reading; per day min, max, first, last, charged. Explains gaps in data.",
         batteryInputSchema().dump(), batteryOutputSchema().dump(), "ring_configuration", kReadFlags,
         [](omcp::Call& call, const std::string& args) { omcp::jsonResult(call, ringBattery(call, args)); }});

    addSummarySections(r, "user (tags, rest mode, ring battery)", userSummary);
    r.resource({"oura://personal/info", "personal_info", "Personal info and ring",
                "The user's profile (age, weight, height, biological sex, email) and the current ring "
                "configuration.",
                "application/json", [](omcp::Call& call, const std::string&, const std::string&) {
                    omcp::jsonResult(call, personalResource(call));
                }});
    r.prompt({"tag_impact",
              "Tag impact",
              "Whether a tagged habit (alcohol, caffeine, late meal, ...) goes with different sleep and "
              "readiness.",
              {{"tag",
                "The tag to study, e.g. alcohol, caffeine, late meal, or a custom tag name.",
                true,
                {"alcohol", "caffeine", "late meal", "sauna", "stress", "sickness"}},
               {"period",
                "The days to study, e.g. last 60 days (default), last 90 days.",
                false,
                {"last 30 days", "last 60 days", "last 90 days", "last 6 months"}}},
              tagImpact});
}

} // namespace

OMCP_PLUGIN("user", "1.0.0", "Oura profile, ring configuration and battery, tags and rest mode",
            OMCP_SCOPES("personal", "email", "ring_configuration", "tag", "daily"), setUp)

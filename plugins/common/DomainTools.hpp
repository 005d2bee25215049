// plugins/common/DomainTools.hpp -- shaping shared by the bundled domain plugins (sleep, readiness, activity,
// heartrate, user): date-range list tools with compact defaults, output schemas, empty-result reasons,
// summary sections and prompt argument checks. Header-only; compiled into each plugin.
//
// Dates are never interpreted here: the user's start/end text goes to the host unchanged, and the host's
// answer says which days it served.
#ifndef OURA_MCP_PLUGINS_DOMAIN_TOOLS_HPP
#define OURA_MCP_PLUGINS_DOMAIN_TOOLS_HPP

#include <oura_mcp/plugin_json.hpp>

#include <algorithm>
#include <cctype>
#include <functional>
#include <initializer_list>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace OuraMcp::Domain {

using nlohmann::json;

/// Every data tool reads only, gives the same answer for the same days, and talks to Oura.
constexpr uint32_t kReadFlags = OMCP_TOOL_READ_ONLY | OMCP_TOOL_IDEMPOTENT | OMCP_TOOL_OPEN_WORLD;

/// The start_date every list tool defaults to. The server's instructions say it once, with the date grammar,
/// so a tool's schema repeats neither.
constexpr const char* kDefaultStart = "last week";

/// The input schema properties start_date / end_date (both inclusive days, passed to the host as written).
/// Each description is a short reference to the date forms the server's instructions list; the default is
/// given only where it differs from kDefaultStart.
inline json dateProperties(const std::string& defaultStart)
{
    json start = {{"type", "string"}, {"description", "First day: ISO date or phrase"}};
    if (defaultStart != kDefaultStart)
        start["default"] = defaultStart;
    return json{{"start_date", std::move(start)},
                {"end_date", {{"type", "string"}, {"description", "Last day, inclusive"}}}};
}

/// A JSON schema from a compact type spec: "string", "number", "integer", "boolean", "object", "array";
/// a trailing '?' allows null.
inline json typeSchema(const std::string& spec)
{
    const bool nullable = !spec.empty() && spec.back() == '?';
    const std::string base = nullable ? spec.substr(0, spec.size() - 1) : spec;
    if (nullable)
        return json{{"type", json::array({base, "null"})}};
    return json{{"type", base}};
}

/// An object schema whose properties are given as {name, type spec}; other properties are allowed, since
/// Oura adds fields over time and they are passed through.
inline json objectSchema(std::initializer_list<std::pair<const char*, const char*>> properties)
{
    json props = json::object();
    for (const auto& [name, spec] : properties)
        props[name] = typeSchema(spec);
    return json{{"type", "object"}, {"properties", std::move(props)}};
}

/// The "range" of every dated answer: the inclusive days the host served.
inline json rangeSchema()
{
    return json{{"type", "object"},
                {"properties", {{"start", {{"type", "string"}}}, {"end", {{"type", "string"}}}}},
                {"required", {"start", "end"}},
                {"additionalProperties", false}};
}

/// Adds the properties every dated answer may carry (range, count, omitted, note, empty_reason).
inline json answerSchema(json properties, std::vector<std::string> required)
{
    properties["range"] = rangeSchema();
    properties["count"] = json{{"type", "integer"}, {"minimum", 0}};
    properties["omitted"] = json{{"type", "array"}, {"items", {{"type", "string"}}}};
    properties["note"] = json{{"type", "string"}};
    properties["empty_reason"] = json{{"type", "string"}};
    required.insert(required.begin(), {"range", "count"});
    return json{{"type", "object"},
                {"properties", std::move(properties)},
                {"required", std::move(required)},
                {"additionalProperties", false}};
}

/// Why an answer may be empty: the collection's own reason first, then what holds for all Oura data.
inline std::string emptyReason(omcp::Call& call, const omcp::Response& response, const std::string& specific)
{
    std::string text = specific.empty() ? std::string() : specific + " ";
    std::string today;
    try
    {
        today = call.today();
    }
    catch (const omcp::Error&)
    {
        // Without today's date the "future" hint is simply skipped.
    }
    if (!today.empty() && !response.startDay.empty() && response.startDay > today)
        text += "These days are after today (" + today + "), so there is no data yet. ";
    text +=
        "Oura has data only after the ring has synced through the Oura app (open the app on the phone to "
        "sync), only for days the ring was worn, and, for Gen3 and Ring 4, only while the Oura Membership is "
        "active.";
    return text;
}

/// Puts note / empty_reason into an answer.
inline void finishAnswer(omcp::Call& call, json& out, const omcp::Response& response, std::size_t count,
                         const std::string& specific)
{
    if (!response.note.empty())
        out["note"] = response.note;
    if (count == 0)
        out["empty_reason"] = emptyReason(call, response, specific);
}

/// A field of the documents that is left out unless asked for, because it is large.
struct HeavyField
{
    std::string name; ///< the document key, e.g. "met"
    std::string what; ///< what it is and how big, e.g. "per-minute MET series, 1,440 values per day"
};

/// A tool that lists the documents of one dated collection.
struct ListTool
{
    std::string name;
    std::string title;
    std::string description;
    std::string collection;             ///< the collection asked of the host
    std::string scope;                  ///< OAuth scope
    std::string itemsKey;               ///< "days", "periods", "workouts", ...
    json itemSchema;                    ///< objectSchema(...) of one document
    std::vector<std::string> keyFields; ///< always kept when `fields` selects (e.g. "day")
    std::vector<HeavyField> heavy;      ///< left out by default; brought back by include
    std::string emptyReason;            ///< collection-specific reason for an empty answer
    std::string defaultStart = kDefaultStart;
    std::string dayStartTime = "00:00:00"; ///< the time of a timestamp that only repeats day (daily
                                           ///< documents are stamped with the start of their day)
};

/// The names a `fields` selection may use: the item schema's properties.
inline std::vector<std::string> knownFields(const ListTool& t)
{
    std::vector<std::string> names;
    for (const auto& [k, v] : t.itemSchema.at("properties").items())
        names.push_back(k);
    return names;
}

inline std::string joined(const std::vector<std::string>& items, const char* sep = ", ")
{
    std::string out;
    for (const auto& i : items)
        out += (out.empty() ? "" : sep) + i;
    return out;
}

/// The text for one left-out heavy field.
inline std::string omittedText(const HeavyField& h, const std::string& how)
{
    return h.name + " (" + h.what + ") left out; " + how;
}

/// Fields of every document that a model cannot use, left out unless `fields` names them: Oura's document id,
/// and a timestamp that only repeats the day.
inline const HeavyField kDocumentId{"id", "Oura's document id"};
inline const HeavyField kDayTimestamp{"timestamp", "the start of day, repeating day"};

/// Whether doc's timestamp says no more than its day: the day at t.dayStartTime, in any UTC offset.
inline bool timestampRepeatsDay(const json& doc, const ListTool& t)
{
    const auto ts = doc.find("timestamp");
    const auto day = doc.find("day");
    if (ts == doc.end() || !ts->is_string() || day == doc.end() || !day->is_string())
        return false;
    const std::string prefix = day->get<std::string>() + "T" + t.dayStartTime;
    return ts->get_ref<const std::string&>().compare(0, prefix.size(), prefix) == 0;
}

/// A document with the heavy fields not in include dropped (noting those that held data) and the document id
/// and a timestamp that repeats the day (noted too), or only keyFields + fields when fields is non-empty.
/// Takes the document: what is kept is moved, not copied.
inline json shapeDocument(json doc, const ListTool& t, const std::set<std::string>& include,
                          const std::vector<std::string>& fields, std::set<std::string>& omitted)
{
    if (!doc.is_object())
        return doc;
    if (!fields.empty())
    {
        json out = json::object();
        for (const auto& k : t.keyFields)
            if (auto it = doc.find(k); it != doc.end())
                out[k] = std::move(*it);
        for (const auto& k : fields)
            if (auto it = doc.find(k); it != doc.end() && !out.contains(k))
                out[k] = std::move(*it);
        return out;
    }
    json out = std::move(doc);
    for (const auto& h : t.heavy)
    {
        if (include.count(h.name) != 0)
            continue;
        auto it = out.find(h.name);
        if (it == out.end())
            continue;
        if (!it->is_null())
            omitted.insert(h.name);
        out.erase(it);
    }
    if (timestampRepeatsDay(out, t))
    {
        out.erase(kDayTimestamp.name);
        omitted.insert(kDayTimestamp.name);
    }
    if (out.erase(kDocumentId.name) != 0)
        omitted.insert(kDocumentId.name);
    return out;
}

/// Reads include / fields and checks their names, with a message that lists the accepted ones.
inline void readSelection(const json& args, const ListTool& t, std::set<std::string>& include,
                          std::vector<std::string>& fields)
{
    for (const auto& name : omcp::stringListArg(args, "include"))
    {
        const bool known =
            std::any_of(t.heavy.begin(), t.heavy.end(), [&](const HeavyField& h) { return h.name == name; });
        if (!known)
        {
            std::vector<std::string> names;
            for (const auto& h : t.heavy)
                names.push_back(h.name);
            throw omcp::Error("include: '" + name + "' is not a heavy field of " + t.name + "; use " +
                              joined(names));
        }
        include.insert(name);
    }
    fields = omcp::stringListArg(args, "fields");
    const auto names = knownFields(t);
    for (const auto& f : fields)
        if (std::find(names.begin(), names.end(), f) == names.end())
            throw omcp::Error("fields: '" + f + "' is not a field of " + t.name +
                              "; known fields: " + joined(names));
}

/// The input schema of a list tool. Every byte here is read by the model before its first question, so the
/// descriptions are short: the enum names the heavy fields, and the answer's `omitted` says what each is.
inline json listInputSchema(const ListTool& t)
{
    json props = dateProperties(t.defaultStart);
    if (!t.heavy.empty())
    {
        json names = json::array();
        for (const auto& h : t.heavy)
            names.push_back(h.name);
        props["include"] = json{{"type", "array"},
                                {"description", "Large series to add"},
                                {"items", {{"enum", std::move(names)}}}};
    }
    props["fields"] =
        json{{"type", "array"}, {"description", "Only these item fields"}, {"items", {{"type", "string"}}}};
    return json{{"type", "object"}, {"properties", std::move(props)}, {"additionalProperties", false}};
}

/// The output schema of a list tool: the answer's frame, with items checked for their key fields only. The
/// other fields are Oura's documents passed through (Oura adds fields over time); itemSchema still lists them
/// for `fields`.
inline json listOutputSchema(const ListTool& t)
{
    json itemProps = json::object();
    for (const auto& k : t.keyFields)
        itemProps[k] = t.itemSchema.at("properties").at(k);
    json props = json::object();
    props[t.itemsKey] =
        json{{"type", "array"}, {"items", {{"type", "object"}, {"properties", std::move(itemProps)}}}};
    return answerSchema(std::move(props), {t.itemsKey});
}

/// Runs a list tool: fetch, shape, answer.
inline json runListTool(omcp::Call& call, const ListTool& t, const std::string& argsJson)
{
    const json args = omcp::parseArgs(argsJson);
    std::set<std::string> include;
    std::vector<std::string> fields;
    readSelection(args, t, include, fields);
    const auto response = call.collection(t.collection, omcp::stringArg(args, "start_date", t.defaultStart),
                                          omcp::stringArg(args, "end_date"));
    json docs = omcp::documents(omcp::parseBody(response));
    json items = json::array();
    std::set<std::string> omitted;
    for (auto& doc : docs)
        items.push_back(shapeDocument(std::move(doc), t, include, fields, omitted));
    json out = json::object();
    out["range"] = omcp::rangeOf(response);
    out["count"] = items.size();
    out[t.itemsKey] = std::move(items);
    if (!omitted.empty())
    {
        json list = json::array();
        for (const auto& h : t.heavy)
            if (omitted.count(h.name) != 0)
                list.push_back(omittedText(h, "pass include=[\"" + h.name + "\"] to get it"));
        for (const auto& h : {kDocumentId, kDayTimestamp})
            if (omitted.count(h.name) != 0)
                list.push_back(omittedText(h, "name it in fields to get it"));
        out["omitted"] = std::move(list);
    }
    finishAnswer(call, out, response, out["count"].get<std::size_t>(), t.emptyReason);
    return out;
}

/// Registers a list tool.
inline void addListTool(omcp::Registrar& r, ListTool t)
{
    const auto spec = std::make_shared<const ListTool>(std::move(t));
    r.tool({spec->name, spec->title, spec->description, listInputSchema(*spec).dump(),
            listOutputSchema(*spec).dump(), spec->scope, kReadFlags,
            [spec](omcp::Call& call, const std::string& args) {
                omcp::jsonResult(call, runListTool(call, *spec, args));
            }});
}

// ---- summaries
// ---------------------------------------------------------------------------------------------

/// Builds a domain's summary section for the days start..end (user text, passed to the host as written).
using SummaryFn = std::function<json(omcp::Call&, const std::string& start, const std::string& end)>;

/// Decodes %XX escapes (a template variable may arrive still encoded, e.g. "last%207%20days").
inline std::string percentDecoded(const std::string& in)
{
    std::string out;
    for (std::size_t i = 0; i < in.size(); ++i)
    {
        if (in[i] == '%' && i + 2 < in.size() && std::isxdigit(static_cast<unsigned char>(in[i + 1])) &&
            std::isxdigit(static_cast<unsigned char>(in[i + 2])))
        {
            out += static_cast<char>(std::stoi(in.substr(i + 1, 2), nullptr, 16));
            i += 2;
        }
        else
            out += in[i];
    }
    return out;
}

/// Registers, with OMCP_RESOURCE_SECTION, this plugin's part of oura://summary/today,
/// oura://summary/yesterday and the template oura://summary/{date}. A host that refuses sections gets a
/// warning and the plugin's tools still load.
inline void addSummarySections(omcp::Registrar& r, const std::string& domain, SummaryFn fn)
{
    const auto shared = std::make_shared<SummaryFn>(std::move(fn));
    auto fixed = [shared](const char* day) {
        return [shared, day](omcp::Call& call, const std::string&, const std::string&) {
            omcp::jsonResult(call, (*shared)(call, day, day));
        };
    };
    const auto add = [&](omcp::Resource res, bool isTemplate) {
        try
        {
            if (isTemplate)
                r.resourceTemplate(std::move(res));
            else
                r.resource(std::move(res));
        }
        catch (const omcp::Error& e)
        {
            omcp::Host::log(OMCP_LOG_WARNING, std::string("summary section not available: ") + e.what());
        }
    };
    add({"oura://summary/today", "summary_today", "Today's Oura summary",
         "Today's key numbers from each installed Oura plugin; this section: " + domain + ".",
         "application/json", fixed("today"), OMCP_RESOURCE_SECTION},
        false);
    add({"oura://summary/yesterday", "summary_yesterday", "Yesterday's Oura summary",
         "Yesterday's key numbers from each installed Oura plugin; this section: " + domain + ".",
         "application/json", fixed("yesterday"), OMCP_RESOURCE_SECTION},
        false);
    add({"oura://summary/{date}", "summary_for_date", "Oura summary for a day",
         "Key numbers for a day (an ISO date such as 2024-05-01, or a phrase such as yesterday) from each "
         "installed "
         "Oura plugin; this section: " +
             domain + ".",
         "application/json",
         [shared](omcp::Call& call, const std::string&, const std::string& variables) {
             const json vars = omcp::parseArgs(variables);
             const std::string date = percentDecoded(omcp::stringArg(vars, "date"));
             if (date.empty())
                 throw omcp::Error("oura://summary/{date} needs a date, e.g. oura://summary/2024-05-01");
             omcp::jsonResult(call, (*shared)(call, date, date));
         },
         OMCP_RESOURCE_SECTION},
        true);
}

/// Fetches an optional part of a summary: on failure records "<what>: <message>" in unavailable and returns
/// nothing, so that, e.g., a missing spo2 scope does not hide the sleep score.
inline std::optional<omcp::Response> optionalPart(omcp::Call& call, const std::string& collection,
                                                  const std::string& start, const std::string& end,
                                                  json& unavailable, uint32_t flags = 0)
{
    try
    {
        return call.collection(collection, start, end, {}, flags);
    }
    catch (const omcp::Error& e)
    {
        if (e.status() == OMCP_E_CANCELLED)
            throw;
        unavailable.push_back(collection + ": " + e.what());
        return std::nullopt;
    }
}

/// The section frame: {"range", "days": [...], "unavailable"?, "note"?, "empty_reason"?}.
inline json sectionFrame(omcp::Call& call, const omcp::Response& main, json days, json unavailable,
                         const std::string& specific)
{
    json out = json::object();
    out["range"] = omcp::rangeOf(main);
    const std::size_t n = days.size();
    out["days"] = std::move(days);
    if (!unavailable.empty())
        out["unavailable"] = std::move(unavailable);
    finishAnswer(call, out, main, n, specific);
    return out;
}

/// Copies the listed keys of doc that exist into out.
inline void copyKeys(json& out, const json& doc, std::initializer_list<const char*> keys)
{
    if (!doc.is_object())
        return;
    for (const char* k : keys)
        if (auto it = doc.find(k); it != doc.end())
            out[k] = *it;
}

/// The day entry for `day` in a list of {"day": ...} objects, created at the end if absent.
inline json& dayEntry(json& days, const std::string& day)
{
    for (auto& d : days)
        if (d.value("day", "") == day)
            return d;
    days.push_back(json{{"day", day}});
    return days.back();
}

/// Sorts {"day": ...} entries by day.
inline void sortDays(json& days)
{
    std::sort(days.begin(), days.end(),
              [](const json& a, const json& b) { return a.value("day", "") < b.value("day", ""); });
}

// ---- prompts
// -----------------------------------------------------------------------------------------------

/// A prompt argument as text: trimmed, fallback when absent or blank, refused when too long or holding
/// control characters (it is pasted into a message).
inline std::string promptText(const json& args, const char* key, const std::string& fallback,
                              std::size_t maxLen = 80)
{
    std::string v = omcp::stringArg(args, key);
    const auto b = v.find_first_not_of(" \t");
    const auto e = v.find_last_not_of(" \t");
    v = b == std::string::npos ? std::string() : v.substr(b, e - b + 1);
    if (v.empty())
        return fallback;
    if (v.size() > maxLen)
        throw omcp::Error(std::string(key) + " is longer than " + std::to_string(maxLen) + " characters");
    for (unsigned char c : v)
        if (c < 0x20 || c == 0x7F)
            throw omcp::Error(std::string(key) + " must be one line of text");
    return v;
}

/// Checks that a period is a date range the host can read; returns "YYYY-MM-DD to YYYY-MM-DD".
inline std::string promptPeriod(omcp::Call& call, const std::string& key, const std::string& text)
{
    try
    {
        const auto range = call.resolveDates(text, "");
        return range.start == range.end ? range.start : range.start + " to " + range.end;
    }
    catch (const omcp::Error& e)
    {
        throw omcp::Error(key + ": " + e.what());
    }
}

} // namespace OuraMcp::Domain

#endif // OURA_MCP_PLUGINS_DOMAIN_TOOLS_HPP

// The heart-rate plugin: the heart-rate time series (summarised per interval by default), VO2 max and
// cardiovascular age.
#include "DomainTools.hpp"
#include "TimeSeries.hpp"

#include <limits>
#include <unordered_map>

namespace {

using namespace OuraMcp::Domain;

const char* const kHeartRateReason =
    "Heart rate is recorded while the ring is worn and reaches Oura when the ring "
    "syncs (the Oura app syncs it in the background, more reliably when opened).";

/// A number as JSON: an integer when it is whole (60 rather than 60.0), to keep answers short.
json number(double v)
{
    if (v == std::floor(v) && std::fabs(v) < 1e15)
        return static_cast<int64_t>(v);
    return v;
}

/// min / mean / max / count of a set of bpm values.
struct Stats
{
    double min = std::numeric_limits<double>::max();
    double max = std::numeric_limits<double>::lowest();
    double sum = 0;
    std::size_t count = 0;

    void add(double v)
    {
        min = std::min(min, v);
        max = std::max(max, v);
        sum += v;
        ++count;
    }

    json toJson() const
    {
        if (count == 0)
            return json{{"count", 0}};
        return json{{"min", number(min)},
                    {"mean", number(round1(sum / static_cast<double>(count)))},
                    {"max", number(max)},
                    {"count", count}};
    }
};

/// One interval of the summary.
struct Bucket
{
    std::string start;
    Stats stats;
    std::vector<std::string> sources;
};

/// A heart-rate row: its instant and bpm, if both are usable.
struct Sample
{
    Instant at;
    double bpm = 0;
    std::string source;
};

std::optional<Sample> readSample(const json& row)
{
    if (!row.is_object())
        return std::nullopt;
    auto ts = row.find("timestamp");
    auto bpm = row.find("bpm");
    if (ts == row.end() || !ts->is_string() || bpm == row.end() || !bpm->is_number())
        return std::nullopt;
    auto at = parseInstant(ts->get<std::string>());
    if (!at)
        return std::nullopt;
    return Sample{*at, bpm->get<double>(), row.value("source", "")};
}

int64_t resolutionSeconds(const std::string& resolution)
{
    if (resolution == "5min")
        return 300;
    if (resolution == "hour")
        return 3600;
    return 86400;
}

const char* const kResolutions[] = {"raw", "5min", "hour", "day"};

json heartRateInputSchema()
{
    return json::parse(R"json({"type":"object","properties":{
  "start_datetime":{"type":"string","default":"today","description":"Start: ISO datetime with offset, or date or phrase"},
  "end_datetime":{"type":"string","description":"End, inclusive, same forms"},
  "resolution":{"enum":["raw","5min","hour","day"],"description":"raw: every sample (large). Default: 5min for a day, hour to 7 days, else day"}
},"additionalProperties":false})json");
}

json heartRateOutputSchema()
{
    const json stats =
        json::parse(R"({"type":"object","properties":{"min":{"type":"number"},"mean":{"type":"number"},
      "max":{"type":"number"},"count":{"type":"integer","minimum":0}},"required":["count"],"additionalProperties":false})");
    json summary = stats;
    summary["properties"]["by_source"] = json{{"type", "object"}, {"additionalProperties", stats}};
    json interval = stats;
    interval["properties"]["start"] = json{{"type", "string"}};
    interval["properties"]["sources"] = json{{"type", "array"}, {"items", {{"type", "string"}}}};
    interval["required"] = json::array({"start", "min", "mean", "max", "count", "sources"});
    json props = json::object();
    props["resolution"] = json{{"type", "string"}, {"enum", kResolutions}};
    props["window"] = json{{"type", "object"},
                           {"properties", {{"start", {{"type", "string"}}}, {"end", {{"type", "string"}}}}},
                           {"additionalProperties", false}};
    props["summary"] = summary;
    props["intervals"] = json{{"type", "array"}, {"items", interval}};
    props["samples"] =
        json{{"type", "array"},
             {"items", json::parse(R"({"type":"object","properties":{"timestamp":{"type":"string"},
                               "bpm":{"type":"number"},"source":{"type":"string"}}})")}};
    return answerSchema(std::move(props), {"resolution", "summary"});
}

/// The get_heartrate handler.
json heartRate(omcp::Call& call, const std::string& argsJson)
{
    const json args = omcp::parseArgs(argsJson);
    const std::string start = omcp::stringArg(args, "start_datetime", "today");
    const std::string end = omcp::stringArg(args, "end_datetime");
    std::string resolution = omcp::stringArg(args, "resolution");
    const auto response =
        call.collection("heartrate", start, end, {}, resolution == "raw" ? OMCP_COLLECTION_RAW : 0u);

    // The host serves whole days; a datetime with an offset narrows the samples to that instant.
    const auto from = parseInstant(start);
    const auto to = parseInstant(end);
    if (resolution.empty())
    {
        int64_t spanSeconds = 86400;
        if (const auto days = omcp::CivilTime::dayCount(response.startDay, response.endDay))
            spanSeconds = *days * 86400;
        if (from && to)
            spanSeconds = std::min(spanSeconds, to->unixSeconds - from->unixSeconds);
        resolution = spanSeconds <= 86400 ? "5min" : spanSeconds <= 7 * 86400 ? "hour" : "day";
    }

    Stats all;
    std::map<std::string, Stats> bySource;
    json samples = json::array();
    std::vector<Bucket> buckets;
    std::unordered_map<int64_t, std::size_t> bucketIndex;
    const bool raw = resolution == "raw";
    const int64_t width = resolutionSeconds(resolution);
    // One sample at a time: 30 days are ~8,600 samples, and only their aggregates are kept.
    omcp::forEachDocument(response, [&](json&& row) {
        const auto s = readSample(row);
        if (s &&
            ((from && s->at.unixSeconds < from->unixSeconds) || (to && s->at.unixSeconds > to->unixSeconds)))
            return;
        if (raw)
            samples.push_back(std::move(row));
        if (!s)
            return;
        all.add(s->bpm);
        bySource[s->source].add(s->bpm);
        if (raw)
            return;
        const int64_t key = bucketStart(s->at, width);
        auto [it, inserted] = bucketIndex.emplace(key, buckets.size());
        if (inserted)
            buckets.push_back(Bucket{formatInstant(key, s->at.offsetSeconds), {}, {}});
        Bucket& b = buckets[it->second];
        b.stats.add(s->bpm);
        if (std::find(b.sources.begin(), b.sources.end(), s->source) == b.sources.end())
            b.sources.push_back(s->source);
    });

    json out = json::object();
    out["range"] = omcp::rangeOf(response);
    out["resolution"] = resolution;
    if (from || to)
    {
        json window = json::object();
        if (from)
            window["start"] = start;
        if (to)
            window["end"] = end;
        out["window"] = std::move(window);
    }
    json summary = all.toJson();
    json sources = json::object();
    for (const auto& [name, stats] : bySource)
        sources[name.empty() ? "unknown" : name] = stats.toJson();
    summary["by_source"] = std::move(sources);
    out["summary"] = std::move(summary);
    if (raw)
    {
        out["count"] = samples.size();
        out["samples"] = std::move(samples);
    }
    else
    {
        json intervals = json::array();
        for (auto& b : buckets)
        {
            json i = b.stats.toJson();
            json ordered = json{{"start", b.start}};
            ordered.update(i);
            ordered["sources"] = b.sources;
            intervals.push_back(std::move(ordered));
        }
        out["count"] = intervals.size();
        out["intervals"] = std::move(intervals);
        if (all.count > 0)
            out["omitted"] =
                json::array({"samples (" + std::to_string(all.count) +
                             " individual readings) left out; pass resolution=\"raw\" to get every "
                             "sample, or a finer resolution"});
    }
    finishAnswer(call, out, response, all.count, kHeartRateReason);
    return out;
}

ListTool vo2Max()
{
    ListTool t;
    t.name = "get_vo2_max";
    t.title = "VO2 max (cardio capacity)";
    t.description = "VO2 max (ml/kg/min) on the days Oura estimated it: cardio fitness.";
    t.collection = "vO2_max";
    t.scope = "heart_health";
    t.itemsKey = "days";
    t.itemSchema = objectSchema(
        {{"id", "string?"}, {"day", "string"}, {"timestamp", "string?"}, {"vo2_max", "number?"}});
    t.keyFields = {"day"};
    t.emptyReason =
        "VO2 max needs a Gen3 or newer ring and walks outdoors with the phone; estimates appear only "
        "every few days, and the heart_health permission must be granted.";
    return t;
}

ListTool cardiovascularAge()
{
    ListTool t;
    t.name = "get_cardiovascular_age";
    t.title = "Cardiovascular age";
    t.description = "Vascular age (years) and pulse wave velocity (m/s) per day.";
    t.collection = "daily_cardiovascular_age";
    t.scope = "heart_health";
    t.itemsKey = "days";
    t.itemSchema = objectSchema({{"id", "string?"},
                                 {"day", "string"},
                                 {"vascular_age", "number?"},
                                 {"pulse_wave_velocity", "number?"}});
    t.keyFields = {"day"};
    t.emptyReason =
        "Cardiovascular age needs a Gen3 or newer ring and about two weeks of data before the first "
        "estimate, and the heart_health permission must be granted.";
    return t;
}

/// Key heart numbers per day over start..end.
json heartSummary(omcp::Call& call, const std::string& start, const std::string& end)
{
    const auto hr = call.collection("heartrate", start, end);
    json days = json::array();
    json unavailable = json::array();
    // One day: every sample of the host's local-day window. Several: split by the samples' own calendar date.
    const bool oneDay = !hr.startDay.empty() && hr.startDay == hr.endDay;
    std::map<std::string, Stats> perDay;
    for (const auto& row : omcp::documents(omcp::parseBody(hr)))
        if (const auto s = readSample(row))
        {
            const std::string day =
                oneDay ? hr.startDay : formatInstant(s->at.unixSeconds, s->at.offsetSeconds).substr(0, 10);
            perDay[day].add(s->bpm);
        }
    for (const auto& [day, stats] : perDay)
        dayEntry(days, day)["heart_rate"] = stats.toJson();
    if (auto v = optionalPart(call, "vO2_max", start, end, unavailable))
        for (const auto& d : omcp::documents(omcp::parseBody(*v)))
            copyKeys(dayEntry(days, d.value("day", "")), d, {"vo2_max"});
    if (auto c = optionalPart(call, "daily_cardiovascular_age", start, end, unavailable))
        for (const auto& d : omcp::documents(omcp::parseBody(*c)))
            copyKeys(dayEntry(days, d.value("day", "")), d, {"vascular_age"});
    sortDays(days);
    return sectionFrame(call, hr, std::move(days), std::move(unavailable), kHeartRateReason);
}

void setUp(omcp::Registrar& r)
{
    r.tool(
        {"get_heartrate", "Heart rate",
         "Heart rate (bpm) by source (awake, rest, sleep, workout...): min, mean, max per interval. For "
         "resting heart rate at night prefer get_sleep_periods.",
         heartRateInputSchema().dump(), heartRateOutputSchema().dump(), "heartrate", kReadFlags,
         [](omcp::Call& call, const std::string& args) { omcp::jsonResult(call, heartRate(call, args)); }});
    addListTool(r, vo2Max());
    addListTool(r, cardiovascularAge());
    addSummarySections(r, "heart (heart rate, VO2 max, cardiovascular age)", heartSummary);
}

} // namespace

OMCP_PLUGIN("heartrate", "1.0.0", "Oura heart rate, VO2 max and cardiovascular age",
            OMCP_SCOPES("heartrate", "heart_health"), setUp)

#include "oura/CollectionService.h"

#include "oura/CancellableWait.h"
#include "util/Json.h"

#include <Poco/String.h>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <mutex>
#include <stdexcept>
#include <thread>

#ifdef __GLIBC__
#include <malloc.h>
#endif

namespace OuraMcp::Oura {

namespace {

const std::string kDefaultPrefix = "/v2/usercollection";

ApiResponse failure(ApiError error, std::string message)
{
    ApiResponse r;
    r.error = error;
    r.message = std::move(message);
    return r;
}

bool isReservedParameter(const std::string& name)
{
    static const char* const reserved[] = {"start_date", "end_date", "start_datetime", "end_datetime",
                                           "next_token"};
    for (const char* r : reserved)
    {
        if (Poco::icompare(name, r) == 0)
            return true;
    }
    return false;
}

/// The tool's own scope wins; otherwise the collection's, so a 403 can name what is missing.
CallControl withScope(const CallControl& control, const std::string& scope)
{
    CallControl copy = control;
    if (copy.requiredScope.empty())
        copy.requiredScope = scope;
    return copy;
}

ApiResponse malformed(const std::string& path)
{
    return failure(ApiError::Upstream, "Oura sent a malformed answer for " + path + " (no data array).");
}

} // namespace

CollectionService::CollectionService(std::shared_ptr<ApiClient> client,
                                     std::shared_ptr<const DayCalendar> calendar,
                                     CollectionServiceOptions options)
    : _client(std::move(client)), _calendar(std::move(calendar)), _options(std::move(options))
{
    if (!_client || !_calendar)
        throw std::invalid_argument("CollectionService needs an API client and a calendar");
    while (!_options.collectionPrefix.empty() && _options.collectionPrefix.back() == '/')
        _options.collectionPrefix.pop_back();
    if (_options.collectionPrefix.empty())
        _options.collectionPrefix = kDefaultPrefix;
    _options.parallelWindows = std::max<std::size_t>(1, _options.parallelWindows);
}

std::string CollectionService::describe() const
{
    std::string text =
        "Oura API via " + _client->describe() + ", collections under " + _options.collectionPrefix;
    if (!_options.note.empty())
        text += " - " + _options.note;
    return text;
}

std::chrono::milliseconds CollectionService::ttlFor(const Dates::CivilDate& lastQueriedDay) const
{
    if (_calendar->today().daysFrom(lastQueriedDay) > _options.settledAfterDays)
        return _options.settledTtl;
    return _options.recentTtl;
}

std::string CollectionService::collectionPath(const CollectionRule& rule) const
{
    return _options.collectionPrefix + "/" + rule.path;
}

ApiResponse CollectionService::finish(ApiResponse response) const
{
    response.note = _options.note;
    return response;
}

ApiResponse CollectionService::getCollection(const CollectionQuery& query, const CallControl& control)
{
    const CollectionRule* rule = CollectionRules::find(query.collection);
    if (!rule)
        return finish(failure(ApiError::InvalidArgument,
                              "Unknown Oura collection '" + query.collection +
                                  "'. Known collections: " + CollectionRules::names() + "."));
    if (!rule->inSandbox && _options.collectionPrefix != kDefaultPrefix)
        return finish(failure(ApiError::Unsupported, "Oura's sandbox has no " + rule->name +
                                                         " data; it exists only for a signed-in user."));
    for (const auto& [name, value] : query.extra)
    {
        if (isReservedParameter(name))
            return finish(
                failure(ApiError::InvalidArgument,
                        "The query parameter '" + name +
                            "' is set by the host from the requested days; pass the days as start/end."));
    }
    const CallControl scoped = withScope(control, rule->scope);

    if (rule->dateParams == DateParams::None)
        return finish(noDates(*rule, query.extra, scoped));

    DayCalendar::Days days = _calendar->resolve(query.start, query.end);
    if (!days.ok())
        return finish(failure(ApiError::InvalidArgument, days.error));
    if (days.range.end < days.range.start)
        return finish(failure(ApiError::Internal, "The date resolver returned an unusable range."));

    ApiResponse out = rule->dateParams == DateParams::Dates ? byDates(*rule, days, query.extra, scoped)
                                                            : byDatetimes(*rule, days, query.extra, scoped);
    if (out.ok())
        out.days = days.range;
    return finish(std::move(out));
}

ApiResponse CollectionService::noDates(const CollectionRule& rule, const QueryParams& extra,
                                       const CallControl& control)
{
    const std::string path = collectionPath(rule);
    if (rule.envelope == Envelope::BareObject)
        return _client->get(path, extra, control, _options.profileTtl);
    ApiResponse response = _client->getAllPages(path, extra, control, _options.profileTtl);
    if (!response.ok())
        return response;
    Json body = Json::parse(response.body, nullptr, false);
    if (!body.is_object() || !body.contains("data") || !body["data"].is_array())
        return malformed(path);
    Json out = Json::object();
    out["data"] = std::move(body["data"]);
    response.body = out.dump();
    return response;
}

ApiResponse CollectionService::byDates(const CollectionRule& rule, const DayCalendar::Days& days,
                                       const QueryParams& extra, const CallControl& control)
{
    const std::string path = collectionPath(rule);
    const Dates::CivilDate queryEnd = days.range.end.addDays(rule.widenAfter);
    QueryParams query = {{"start_date", days.range.start.addDays(-rule.widenBefore).toIso()},
                         {"end_date", queryEnd.toIso()}};
    query.insert(query.end(), extra.begin(), extra.end());
    // Documents are trimmed by their ISO day text, which orders like the dates it names.
    const std::string firstDay = days.range.start.toIso();
    const std::string lastDay = days.range.end.toIso();

    ApiResponse response = _client->getAllPages(path, query, control, ttlFor(queryEnd));
    if (!response.ok())
        return response;
    Json body = Json::parse(response.body, nullptr, false);
    if (!body.is_object() || !body.contains("data") || !body["data"].is_array())
        return malformed(path);

    Json kept = Json::array();
    for (auto& doc : body["data"])
    {
        if (!rule.trimField.empty() && doc.is_object())
        {
            const auto it = doc.find(rule.trimField);
            if (it != doc.end() && it->is_string())
            {
                const std::string day = it->get<std::string>().substr(0, 10);
                if (day < firstDay || day > lastDay)
                    continue; // only there because the query was widened
            }
        }
        kept.push_back(std::move(doc));
    }
    Json out = Json::object();
    out["data"] = std::move(kept);
    response.body = out.dump();
    return response;
}

bool CollectionService::localRows(std::string& body, const DayCalendar::Days& days,
                                  std::vector<std::pair<std::string, std::string>>& rows) const
{
    Json parsed = Json::parse(body, nullptr, false);
    std::string().swap(body);
    const std::string firstDay = days.range.start.toIso();
    const std::string lastDay = days.range.end.toIso();
    if (!parsed.is_object() || !parsed.contains("data") || !parsed["data"].is_array())
        return false;
    rows.reserve(parsed["data"].size());
    for (auto& row : parsed["data"])
    {
        std::string ts;
        if (row.is_object() && row.contains("timestamp") && row["timestamp"].is_string())
            ts = row["timestamp"].get<std::string>();
        if (!ts.empty())
        {
            // Oura sends time series in UTC; plugins get the user's wall clock (same instant). The windows'
            // end bound is inclusive at the API, so a sample at the next day's midnight is trimmed here, as
            // documents are trimmed by their day.
            const std::string local = _calendar->localIso(ts);
            if (!local.empty())
            {
                const std::string day = local.substr(0, 10);
                if (day < firstDay || day > lastDay)
                {
                    rows.emplace_back(std::move(ts), std::string());
                    continue;
                }
                row["timestamp"] = local;
            }
        }
        rows.emplace_back(std::move(ts), row.dump());
    }
    return true;
}

ApiResponse CollectionService::byDatetimes(const CollectionRule& rule, const DayCalendar::Days& days,
                                           const QueryParams& extra, const CallControl& control)
{
    const std::string path = collectionPath(rule);
    const int64_t count = days.range.dayCount();
    if (count > _options.maxTimeSeriesDays)
        return failure(ApiError::InvalidArgument,
                       rule.name + " is fetched one day at a time and " + std::to_string(count) +
                           " days are more than the " + std::to_string(_options.maxTimeSeriesDays) +
                           " this server fetches at once; ask for a shorter range.");

    // One window per local day: Oura reportedly fails heart-rate ranges over 30 days, one-day windows
    // paginate little, settled days cache for long, and the windows can be fetched side by side.
    struct Window
    {
        Dates::CivilDate day;
        QueryParams query;
        ApiResponse result;
        bool malformed = false;
        /// The window's rows as (timestamp as sent, row serialised in the user's zone; "" if trimmed).
        std::vector<std::pair<std::string, std::string>> rows;
    };
    std::vector<Window> windows;
    for (int64_t i = 0; i < count; ++i)
    {
        const Dates::CivilDate day = days.range.start.addDays(i);
        const std::string from = _calendar->localMidnightIso(day);
        const std::string to = _calendar->localMidnightIso(day.addDays(1));
        if (from.empty() || to.empty())
            return failure(ApiError::Internal,
                           "Could not compute the local midnight of " + day.toIso() + ".");
        Window w;
        w.day = day;
        w.query = {{"start_datetime", from}, {"end_datetime", to}};
        w.query.insert(w.query.end(), extra.begin(), extra.end());
        windows.push_back(std::move(w));
    }

    // Workers never call the caller's hooks (they belong to the handler's thread): this thread polls
    // cancellation into a flag and reports progress as windows complete.
    std::atomic<bool> stop{false};
    CallControl workerControl;
    workerControl.requiredScope = control.requiredScope;
    workerControl.cancelled = [&stop] { return stop.load(); };

    std::mutex mutex;
    std::condition_variable doneCv;
    std::size_t done = 0;
    std::atomic<std::size_t> next{0};
    auto worker = [&] {
        while (true)
        {
            const std::size_t i = next.fetch_add(1);
            if (i >= windows.size())
                return;
            if (stop.load())
            {
                windows[i].result = failure(ApiError::Cancelled, "The request was cancelled.");
            }
            else
            {
                windows[i].result =
                    _client->getAllPages(path, windows[i].query, workerControl, ttlFor(windows[i].day));
                if (!windows[i].result.ok())
                    stop.store(true); // no point fetching the rest
                else
                    windows[i].malformed = !localRows(windows[i].result.body, days, windows[i].rows);
            }
            {
                std::lock_guard<std::mutex> lock(mutex);
                ++done;
            }
            doneCv.notify_all();
        }
    };

    // A single window is fetched on this thread; several go to up to parallelWindows workers while this
    // thread watches for cancellation and reports progress.
    const std::size_t threads =
        windows.size() > 1 ? std::min<std::size_t>(_options.parallelWindows, windows.size()) : 0;
    std::vector<std::thread> pool;
    try
    {
        for (std::size_t t = 0; t < threads; ++t)
            pool.emplace_back(worker);
    }
    catch (const std::system_error&)
    {
        // Fewer threads than hoped: the ones running (or this one, below) still fetch every window.
    }
    bool cancelled = false;
    if (pool.empty())
    {
        worker();
    }
    else
    {
        std::size_t reported = 0;
        std::unique_lock<std::mutex> lock(mutex);
        while (done < windows.size())
        {
            doneCv.wait_for(lock, CancellableWait::slice);
            if (!cancelled && CancellableWait::isCancelled(control))
            {
                cancelled = true;
                stop.store(true);
            }
            if (done > reported && control.progress)
            {
                reported = done;
                lock.unlock();
                control.progress(static_cast<double>(reported), static_cast<double>(windows.size()),
                                 "Fetched " + std::to_string(reported) + " of " +
                                     std::to_string(windows.size()) + " days of " + rule.name);
                lock.lock();
            }
        }
    }
    for (auto& t : pool)
        t.join();
    if (cancelled)
        return failure(ApiError::Cancelled, "The request was cancelled.");

    // Each window's rows were parsed and rewritten by the worker that fetched it, while other windows were
    // still on the wire; only the concatenation is left for this thread.
    std::string text = "{\"data\":[";
    bool anyRow = false;
    std::string lastTimestamp;
    for (auto& w : windows)
    {
        if (!w.result.ok())
            return w.result;
        if (w.malformed)
            return malformed(path);
        bool leading = true;
        for (auto& [ts, row] : w.rows)
        {
            // Windows share their boundary instant; a sample exactly there may come back twice.
            if (leading && !ts.empty() && ts == lastTimestamp)
                continue;
            leading = false;
            if (!ts.empty())
                lastTimestamp = ts;
            if (row.empty())
                continue; // outside the user's days
            if (anyRow)
                text += ',';
            text += row;
            anyRow = true;
        }
        decltype(w.rows)().swap(w.rows);
    }
#ifdef __GLIBC__
    // The windows' transient rows were built on up to 16 worker threads, each in its own malloc arena;
    // hand those pages back before the plugin parses the answer, or both peaks add up in the resident set
    // (30 days of heart rate: 43.5 -> 39.5 MB peak RSS; see docs/performance.md).
    ::malloc_trim(0);
#endif
    text += "]}";
    ApiResponse out;
    out.httpStatus = windows.empty() ? 0 : windows.back().result.httpStatus;
    out.body = std::move(text);
    return out;
}

} // namespace OuraMcp::Oura

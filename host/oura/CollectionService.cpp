#include "oura/CollectionService.h"

#include "oura/CancellableWait.h"
#include "platform/Memory.h"

#include <Poco/String.h>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <mutex>
#include <stdexcept>
#include <thread>

#ifdef __GLIBC__
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

/// The index of an answer: the one the API client made while checking it, or (an answer that did not
/// come through it) a new scan. nullptr if the body is not JSON.
std::shared_ptr<const PageIndex> indexOf(const ApiResponse& response, const std::string& documentKey)
{
    if (response.index)
        return response.index;
    auto index = std::make_shared<PageIndex>();
    if (!PageIndex::scan(response.body.view(), documentKey, *index))
        return nullptr;
    return index;
}

/// {"data":[...]} of the documents keep() accepts, copied byte for byte from body: the documents are
/// neither parsed into a tree nor serialised again.
template <typename Keep>
std::string documentsOnly(const std::string& body, const PageIndex& index, Keep keep)
{
    std::size_t size = 11;
    for (const auto& doc : index.documents())
        size += doc.end - doc.begin + 1;
    std::string out;
    out.reserve(size);
    out = "{\"data\":[";
    bool any = false;
    for (const auto& doc : index.documents())
    {
        if (!keep(doc))
            continue;
        if (any)
            out += ',';
        out.append(body, doc.begin, doc.end - doc.begin);
        any = true;
    }
    out += "]}";
    return out;
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
    const auto index = indexOf(response, {});
    if (!index || !index->hasData())
        return malformed(path);
    response.body = documentsOnly(response.body, *index, [](const PageIndex::Document&) { return true; });
    response.index.reset();
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

    ApiResponse response = _client->getAllPages(path, query, control, ttlFor(queryEnd), rule.trimField);
    if (!response.ok())
        return response;
    const auto index = indexOf(response, rule.trimField);
    if (!index || !index->hasData())
        return malformed(path);

    // Trimmed by the index the client made while checking the page: a document's day is read where the
    // scan found it, and the documents kept are copied as the API wrote them.
    const std::string& text = response.body.str();
    // Documents are trimmed by their ISO day text, which orders like the dates it names.
    const std::string firstDay = days.range.start.toIso();
    const std::string lastDay = days.range.end.toIso();
    const std::string_view first = firstDay;
    const std::string_view last = lastDay;
    response.body = documentsOnly(text, *index, [&](const PageIndex::Document& doc) {
        if (rule.trimField.empty() || !doc.hasKey)
            return true;
        const std::string_view day =
            std::string_view(text).substr(doc.keyBegin, std::min<std::size_t>(10, doc.keyEnd - doc.keyBegin));
        return day >= first && day <= last; // outside: only there because the query was widened
    });
    response.index.reset();
    return response;
}

bool CollectionService::localRows(const ApiResponse& window, const DayCalendar::Days& days,
                                  std::string& stamps, std::vector<LocalRow>& rows) const
{
    const auto index = indexOf(window, "timestamp");
    if (!index || !index->hasData())
        return false;
    const std::string_view body = window.body.view();
    const std::string firstDay = days.range.start.toIso();
    const std::string lastDay = days.range.end.toIso();
    rows.reserve(index->documents().size());
    for (const auto& doc : index->documents())
    {
        LocalRow row;
        row.row = body.substr(doc.begin, doc.end - doc.begin);
        row.kept = true;
        if (doc.hasKey)
        {
            row.sent = body.substr(doc.keyBegin, doc.keyEnd - doc.keyBegin);
            // Oura sends time series in UTC; plugins get the user's wall clock (same instant). The windows'
            // end bound is inclusive at the API, so a sample at the next day's midnight is trimmed here, as
            // documents are trimmed by their day.
            const std::string local =
                row.sent.empty() ? std::string() : _calendar->localIso(std::string(row.sent));
            const std::string_view day = std::string_view(local).substr(0, 10);
            if (!local.empty() && (day < firstDay || day > lastDay))
                row.kept = false;
            else if (!local.empty())
            {
                row.local = static_cast<std::uint32_t>(stamps.size());
                row.localSize = static_cast<std::uint32_t>(local.size());
                stamps += local;
            }
        }
        rows.push_back(row);
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
        std::string stamps;         ///< the local timestamps of the window's rows, one after another
        std::vector<LocalRow> rows; ///< every row (views of result.body, which the window keeps)
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
                windows[i].result = _client->getAllPages(path, windows[i].query, workerControl,
                                                         ttlFor(windows[i].day), "timestamp");
                if (!windows[i].result.ok())
                    stop.store(true); // no point fetching the rest
                else
                    windows[i].malformed =
                        !localRows(windows[i].result, days, windows[i].stamps, windows[i].rows);
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

    // Each window's rows were read and their timestamps moved to the user's zone by the worker that fetched
    // it, while other windows were still on the wire; this thread writes the answer once, at its final size,
    // from the rows as sent and their local timestamps.
    // The first window that failed stopped the others, which then report Cancelled: the answer is the failure
    // that caused it, not a window cancelled because of it (nor one that was merely slower to fail).
    const ApiResponse* failed = nullptr;
    for (const auto& w : windows)
    {
        if (!w.result.ok() &&
            (!failed || (failed->error == ApiError::Cancelled && w.result.error != ApiError::Cancelled)))
            failed = &w.result;
    }
    if (failed)
        return *failed;
    for (const auto& w : windows)
    {
        if (w.malformed)
            return malformed(path);
    }
    const auto eachRow = [&windows](const auto& use) {
        std::string_view lastTimestamp;
        for (const auto& w : windows)
        {
            bool leading = true;
            for (const auto& row : w.rows)
            {
                // Windows share their boundary instant; a sample exactly there may come back twice.
                if (leading && !row.sent.empty() && row.sent == lastTimestamp)
                    continue;
                leading = false;
                if (!row.sent.empty())
                    lastTimestamp = row.sent;
                if (row.kept) // else outside the user's days
                    use(w, row);
            }
        }
    };
    std::size_t size = 12;
    eachRow([&size](const Window&, const LocalRow& row) {
        size += row.row.size() + 1 + (row.localSize == 0 ? 0 : row.localSize - row.sent.size());
    });
    std::string text;
    text.reserve(size);
    text = "{\"data\":[";
    bool anyRow = false;
    eachRow([&](const Window& w, const LocalRow& row) {
        if (anyRow)
            text += ',';
        anyRow = true;
        if (row.localSize == 0)
        {
            text += row.row; // as sent
            return;
        }
        const std::size_t at = static_cast<std::size_t>(row.sent.data() - row.row.data());
        text += row.row.substr(0, at);
        text.append(w.stamps, row.local, row.localSize);
        text += row.row.substr(at + row.sent.size());
    });
    for (auto& w : windows)
    {
        std::string().swap(w.stamps);
        std::vector<LocalRow>().swap(w.rows);
    }
    // The windows' transient rows were built on up to 16 worker threads, each in its own malloc arena;
    // hand those pages back before the plugin parses the answer, or both peaks add up in the resident set
    // (30 days of heart rate: 43.5 -> 39.5 MB peak RSS; see docs/performance.md). glibc only.
    Platform::Memory::returnFreeMemory();
    text += "]}";
    ApiResponse out;
    out.httpStatus = windows.empty() ? 0 : windows.back().result.httpStatus;
    out.body = std::move(text);
    return out;
}

} // namespace OuraMcp::Oura

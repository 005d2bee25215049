#include "TestDoubles.h"

#include "oura/CollectionRules.h"
#include "oura/CollectionService.h"
#include "oura/HttpTransport.h"
#include "util/Json.h"

#include <Poco/URI.h>

#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include <condition_variable>
#include <set>

using namespace OuraMcp;
using namespace OuraMcp::Oura;
using namespace OuraMcp::Oura::Test;
using namespace std::chrono_literals;

namespace {

const std::string kToday = "2024-11-20";

Json docsForDays(const std::vector<std::string>& days, const std::string& field = "day")
{
    Json data = Json::array();
    for (const auto& d : days)
        data.push_back({{"id", "doc-" + d}, {field, d}});
    return {{"data", data}, {"next_token", nullptr}};
}

std::vector<std::string> daysOf(const ApiResponse& r, const std::string& field = "day")
{
    std::vector<std::string> out;
    const Json body = Json::parse(r.body);
    for (const auto& doc : body["data"])
        out.push_back(doc[field].get<std::string>());
    return out;
}

struct Service
{
    std::shared_ptr<ScriptedTransport> transport;
    std::shared_ptr<ApiClient> client;
    std::shared_ptr<CollectionService> service;

    explicit Service(ScriptedTransport::Handler handler = {}, CollectionServiceOptions options = {},
                     std::shared_ptr<Transport> real = nullptr)
    {
        transport = std::make_shared<ScriptedTransport>(std::move(handler));
        client = std::make_shared<ApiClient>(real ? real : transport, nullptr, nullptr,
                                             std::make_shared<ResponseCache>());
        service = std::make_shared<CollectionService>(
            client, std::make_shared<FixedCalendar>(kToday, "+02:00"), options);
    }
};

CollectionQuery collection(const std::string& name, const std::string& start = "",
                           const std::string& end = "")
{
    CollectionQuery q;
    q.collection = name;
    q.start = start;
    q.end = end;
    return q;
}

} // namespace

TEST(CollectionRules, EveryRowIsComplete)
{
    std::set<std::string> names;
    for (const auto& rule : CollectionRules::all())
    {
        EXPECT_TRUE(names.insert(rule.name).second) << rule.name;
        EXPECT_FALSE(rule.path.empty()) << rule.name;
        EXPECT_FALSE(rule.why.empty()) << rule.name;
        if (rule.dateParams == DateParams::Dates)
        {
            EXPECT_FALSE(rule.trimField.empty()) << rule.name << ": widened queries must be trimmed";
        }
        if (rule.name != "personal_info")
        {
            EXPECT_FALSE(rule.scope.empty()) << rule.name;
        }
    }
    EXPECT_EQ(names.size(), 19u);
    ASSERT_NE(CollectionRules::find("vo2_max"), nullptr);
    EXPECT_EQ(CollectionRules::find("vo2_max")->path, "vO2_max");
    EXPECT_EQ(CollectionRules::find("interbeat_interval"), nullptr);
}

TEST(CollectionService, DailyActivitySingleDayIsWidenedAndTrimmedToThatDay)
{
    Service s([](const HttpRequest& r) {
        EXPECT_EQ(r.path, "/v2/usercollection/daily_activity");
        // Oura drops the end day for daily_activity: the host must ask for one more.
        EXPECT_EQ(queryValue(r, "start_date"), "2024-11-11");
        EXPECT_EQ(queryValue(r, "end_date"), "2024-11-12");
        return answer(200, docsForDays({"2024-11-11", "2024-11-12"}).dump());
    });
    ApiResponse r = s.service->getCollection(collection("daily_activity", "2024-11-11"), {});
    ASSERT_TRUE(r.ok()) << r.message;
    EXPECT_EQ(daysOf(r), std::vector<std::string>{"2024-11-11"});
    ASSERT_TRUE(r.days);
    EXPECT_EQ(r.days->start, Dates::CivilDate(2024, 11, 11));
    EXPECT_EQ(r.days->end, Dates::CivilDate(2024, 11, 11));
    EXPECT_EQ(s.transport->count(), 1u);
    EXPECT_FALSE(Json::parse(r.body).contains("next_token"));
}

TEST(CollectionService, DayKeyedCollectionIsNotWidened)
{
    Service s([](const HttpRequest& r) {
        EXPECT_EQ(queryValue(r, "start_date"), "2024-11-11");
        EXPECT_EQ(queryValue(r, "end_date"), "2024-11-13");
        return answer(200, docsForDays({"2024-11-11", "2024-11-12", "2024-11-13"}).dump());
    });
    ApiResponse r = s.service->getCollection(collection("daily_readiness", "2024-11-11", "2024-11-13"), {});
    ASSERT_TRUE(r.ok()) << r.message;
    EXPECT_EQ(daysOf(r).size(), 3u);
}

TEST(CollectionService, SleepForDayDIsQueriedFromTheDayBefore)
{
    Service s([](const HttpRequest& r) {
        EXPECT_EQ(r.path, "/v2/usercollection/sleep");
        EXPECT_EQ(queryValue(r, "start_date"), "2024-11-10");
        EXPECT_EQ(queryValue(r, "end_date"), "2024-11-12");
        return answer(200, docsForDays({"2024-11-10", "2024-11-11", "2024-11-11", "2024-11-12"}).dump());
    });
    ApiResponse r = s.service->getCollection(collection("sleep", "2024-11-11"), {});
    ASSERT_TRUE(r.ok()) << r.message;
    EXPECT_EQ(daysOf(r), (std::vector<std::string>{"2024-11-11", "2024-11-11"})); // a nap and the night
}

TEST(CollectionService, TagsAreTrimmedByStartDay)
{
    Service s([](const HttpRequest& r) {
        EXPECT_EQ(queryValue(r, "end_date"), "2024-11-13");
        return answer(200, docsForDays({"2024-11-11", "2024-11-12", "2024-11-13"}, "start_day").dump());
    });
    ApiResponse r = s.service->getCollection(collection("enhanced_tag", "2024-11-11", "2024-11-12"), {});
    ASSERT_TRUE(r.ok()) << r.message;
    EXPECT_EQ(daysOf(r, "start_day"), (std::vector<std::string>{"2024-11-11", "2024-11-12"}));
}

TEST(CollectionService, AllPagesAreFetchedBeforeTrimming)
{
    Service s;
    s.transport->push(answer(200, R"({"data":[{"day":"2024-11-11"}],"next_token":"p2"})"));
    s.transport->push(answer(200, R"({"data":[{"day":"2024-11-12"}],"next_token":null})"));
    ApiResponse r = s.service->getCollection(collection("workout", "2024-11-11", "2024-11-12"), {});
    ASSERT_TRUE(r.ok()) << r.message;
    EXPECT_EQ(daysOf(r), (std::vector<std::string>{"2024-11-11", "2024-11-12"}));
    auto requests = s.transport->requests();
    ASSERT_EQ(requests.size(), 2u);
    EXPECT_EQ(requests[1].query, (QueryParams{{"next_token", "p2"}}));
}

TEST(CollectionService, HeartRateDaysBecomeParallelLocalMidnightWindows)
{
    // Each window blocks until all three are in flight at once (bounded), proving they run in parallel.
    std::mutex mutex;
    std::condition_variable cv;
    int inFlight = 0;
    int maxInFlight = 0;
    std::vector<std::string> rawUris;
    LoopbackServer server([&](Poco::Net::HTTPServerRequest& req, Poco::Net::HTTPServerResponse& resp) {
        Poco::URI uri(req.getURI());
        std::string start;
        for (const auto& [k, v] : uri.getQueryParameters())
        {
            if (k == "start_datetime")
                start = v;
        }
        {
            std::unique_lock<std::mutex> lock(mutex);
            rawUris.push_back(req.getURI());
            ++inFlight;
            maxInFlight = std::max(maxInFlight, inFlight);
            cv.notify_all();
            cv.wait_for(lock, 10s, [&] { return maxInFlight >= 3; });
            --inFlight;
        }
        // Rows: one at the window's own local midnight (so the boundary sample repeats in the previous
        // window) and one at noon.
        const std::string day = start.substr(0, 10);
        Json data = Json::array();
        data.push_back({{"timestamp", day + "T00:00:00+02:00"}, {"bpm", 50}});
        data.push_back({{"timestamp", day + "T12:00:00+02:00"}, {"bpm", 60}});
        if (day == "2024-11-11") // a sample exactly at the end boundary, returned by both windows
            data.push_back({{"timestamp", "2024-11-12T00:00:00+02:00"}, {"bpm", 55}});
        resp.setContentType("application/json");
        resp.send() << Json{{"data", data}, {"next_token", nullptr}}.dump();
    });

    Service s({}, {}, std::make_shared<HttpTransport>(server.url()));
    std::vector<double> progress;
    CallControl control;
    control.progress = [&](double p, double total, const std::string&) {
        progress.push_back(p);
        EXPECT_EQ(total, 3.0);
    };
    ApiResponse r = s.service->getCollection(collection("heartrate", "2024-11-11", "2024-11-13"), control);
    ASSERT_TRUE(r.ok()) << r.message;
    EXPECT_EQ(maxInFlight, 3);
    ASSERT_TRUE(r.days);
    EXPECT_EQ(r.days->start, Dates::CivilDate(2024, 11, 11));
    EXPECT_EQ(r.days->end, Dates::CivilDate(2024, 11, 13));

    std::lock_guard<std::mutex> lock(mutex);
    std::set<std::string> uris(rawUris.begin(), rawUris.end());
    EXPECT_EQ(uris, (std::set<std::string>{
                        "/v2/usercollection/heartrate?start_datetime=2024-11-11T00%3A00%3A00%2B02%3A00"
                        "&end_datetime=2024-11-12T00%3A00%3A00%2B02%3A00",
                        "/v2/usercollection/heartrate?start_datetime=2024-11-12T00%3A00%3A00%2B02%3A00"
                        "&end_datetime=2024-11-13T00%3A00%3A00%2B02%3A00",
                        "/v2/usercollection/heartrate?start_datetime=2024-11-13T00%3A00%3A00%2B02%3A00"
                        "&end_datetime=2024-11-14T00%3A00%3A00%2B02%3A00",
                    }));
    std::vector<std::string> stamps;
    const Json body = Json::parse(r.body);
    for (const auto& row : body["data"])
        stamps.push_back(row["timestamp"].get<std::string>());
    EXPECT_EQ(stamps, (std::vector<std::string>{"2024-11-11T00:00:00+02:00", "2024-11-11T12:00:00+02:00",
                                                "2024-11-12T00:00:00+02:00", "2024-11-12T12:00:00+02:00",
                                                "2024-11-13T00:00:00+02:00", "2024-11-13T12:00:00+02:00"}));
    ASSERT_FALSE(progress.empty());
    EXPECT_EQ(progress.back(), 3.0);
}

TEST(CollectionService, HeartRateSingleDayIsOneWindowWithoutDates)
{
    Service s([](const HttpRequest& r) {
        EXPECT_EQ(queryValue(r, "start_date"), "");
        EXPECT_EQ(queryValue(r, "start_datetime"), "2024-11-11T00:00:00+02:00");
        EXPECT_EQ(queryValue(r, "end_datetime"), "2024-11-12T00:00:00+02:00");
        return answer(200, R"({"data":[{"timestamp":"2024-11-10T22:05:00+00:00","bpm":58}]})");
    });
    ApiResponse r = s.service->getCollection(collection("heartrate", "2024-11-11"), {});
    ASSERT_TRUE(r.ok()) << r.message;
    EXPECT_EQ(Json::parse(r.body)["data"].size(), 1u);
    EXPECT_EQ(s.transport->count(), 1u);
}

TEST(CollectionService, AFailedWindowFailsTheWholeRange)
{
    Service s([](const HttpRequest& r) {
        if (queryValue(r, "start_datetime").rfind("2024-11-12", 0) == 0)
            return answer(404, R"({"detail":"nope"})");
        return answer(200, R"({"data":[]})");
    });
    ApiResponse r = s.service->getCollection(collection("heartrate", "2024-11-11", "2024-11-13"), {});
    EXPECT_EQ(r.error, ApiError::NotFound);
}

TEST(CollectionService, TheFailureThatStoppedTheOtherWindowsIsReportedNotTheirCancellation)
{
    // The first day's window is still on the wire when the second fails: it is abandoned (cancelled) because
    // of that failure, and the caller must hear the 404, not "cancelled".
    Service s([](const HttpRequest& r) {
        if (queryValue(r, "start_datetime").rfind("2024-11-12", 0) == 0)
            return answer(404, R"({"detail":"nope"})");
        if (queryValue(r, "start_datetime").rfind("2024-11-11", 0) == 0)
        {
            const auto giveUp =
                std::chrono::steady_clock::now() + std::chrono::seconds(20); // a failure bound
            while (!(r.cancelled && r.cancelled()) && std::chrono::steady_clock::now() < giveUp)
                std::this_thread::yield();
            return answer(0, ""); // abandoned, as HttpTransport does when the request is cancelled
        }
        return answer(200, R"({"data":[]})");
    });
    ApiResponse r = s.service->getCollection(collection("heartrate", "2024-11-11", "2024-11-12"), {});
    EXPECT_EQ(r.error, ApiError::NotFound) << r.message;
}

TEST(CollectionService, TooLongTimeSeriesRangeIsAnExplicitError)
{
    CollectionServiceOptions o;
    o.maxTimeSeriesDays = 5;
    Service s({}, o);
    ApiResponse r = s.service->getCollection(collection("heartrate", "2024-11-01", "2024-11-10"), {});
    EXPECT_EQ(r.error, ApiError::InvalidArgument);
    EXPECT_NE(r.message.find("10 days"), std::string::npos) << r.message;
    EXPECT_EQ(s.transport->count(), 0u);
}

TEST(CollectionService, PersonalInfoIsABareObjectWithoutDates)
{
    Service s([](const HttpRequest& r) {
        EXPECT_EQ(r.path, "/v2/usercollection/personal_info");
        EXPECT_TRUE(r.query.empty());
        return answer(200, R"({"id":"u1","age":42})");
    });
    ApiResponse r = s.service->getCollection(collection("personal_info"), {});
    ASSERT_TRUE(r.ok()) << r.message;
    EXPECT_EQ(Json::parse(r.body)["age"], 42);
    EXPECT_FALSE(r.days);
}

TEST(CollectionService, RingConfigurationHasNoDatesButAllPages)
{
    Service s;
    s.transport->push(answer(200, R"({"data":[{"id":"r1"}],"next_token":"n"})"));
    s.transport->push(answer(200, R"({"data":[{"id":"r2"}],"next_token":null})"));
    ApiResponse r = s.service->getCollection(collection("ring_configuration", "yesterday"), {});
    ASSERT_TRUE(r.ok()) << r.message;
    EXPECT_EQ(Json::parse(r.body)["data"].size(), 2u);
    EXPECT_TRUE(s.transport->requests()[0].query.empty());
}

TEST(CollectionService, UnknownCollectionAndBadDatesAreInvalidArguments)
{
    Service s;
    ApiResponse r = s.service->getCollection(collection("interbeat_interval"), {});
    EXPECT_EQ(r.error, ApiError::InvalidArgument);
    EXPECT_NE(r.message.find("daily_sleep"), std::string::npos);

    r = s.service->getCollection(collection("daily_sleep", "the day after never"), {});
    EXPECT_EQ(r.error, ApiError::InvalidArgument);
    EXPECT_NE(r.message.find("the day after never"), std::string::npos) << r.message;

    CollectionQuery q = collection("daily_sleep", "2024-11-11");
    q.extra = {{"start_date", "2020-01-01"}};
    EXPECT_EQ(s.service->getCollection(q, {}).error, ApiError::InvalidArgument);
    EXPECT_EQ(s.transport->count(), 0u);
}

TEST(CollectionService, ExtraParametersArePassedOn)
{
    Service s([](const HttpRequest& r) {
        EXPECT_EQ(queryValue(r, "fields"), "score,day");
        return answer(200, R"({"data":[],"next_token":null})");
    });
    CollectionQuery q = collection("daily_sleep", "2024-11-11");
    q.extra = {{"fields", "score,day"}};
    EXPECT_TRUE(s.service->getCollection(q, {}).ok());
    EXPECT_EQ(s.transport->count(), 1u);
}

TEST(CollectionService, ForbiddenNamesTheCollectionsScopeWhenTheToolGaveNone)
{
    Service s([](const HttpRequest&) { return answer(403, "{}"); });
    ApiResponse r = s.service->getCollection(collection("daily_spo2", "2024-11-11"), {});
    EXPECT_EQ(r.error, ApiError::Forbidden);
    EXPECT_NE(r.message.find("'spo2'"), std::string::npos) << r.message;
}

TEST(CollectionService, NoteIsAttachedToEveryAnswer)
{
    CollectionServiceOptions o;
    o.note = "Demo data: synthetic, not from a real ring.";
    Service s([](const HttpRequest&) { return answer(200, R"({"data":[],"next_token":null})"); }, o);
    EXPECT_EQ(s.service->getCollection(collection("daily_sleep", "2024-11-11"), {}).note, o.note);
    EXPECT_NE(s.service->describe().find("Demo data"), std::string::npos);
}

TEST(CollectionService, SandboxPrefixIsUsedForCollections)
{
    CollectionServiceOptions o;
    o.collectionPrefix = "/v2/sandbox/usercollection";
    Service s([](const HttpRequest&) { return answer(200, R"({"data":[],"next_token":null})"); }, o);
    ASSERT_TRUE(s.service->getCollection(collection("vo2_max", "2024-11-11"), {}).ok());
    ASSERT_TRUE(s.service->getCollection(collection("daily_sleep", "2024-11-11"), {}).ok());
    auto requests = s.transport->requests();
    ASSERT_EQ(requests.size(), 2u);
    EXPECT_EQ(requests[0].path, "/v2/sandbox/usercollection/vO2_max");
    EXPECT_EQ(requests[1].path, "/v2/sandbox/usercollection/daily_sleep");
    EXPECT_EQ(s.service->getCollection(collection("personal_info"), {}).error, ApiError::Unsupported);
}

TEST(CollectionService, SettledDaysAreCachedLongRecentDaysBriefly)
{
    Service s;
    EXPECT_EQ(s.service->ttlFor(Dates::CivilDate(2024, 11, 17)), 1h);  // three days before 2024-11-20
    EXPECT_EQ(s.service->ttlFor(Dates::CivilDate(2024, 11, 18)), 60s); // two days before: may still change
    EXPECT_EQ(s.service->ttlFor(Dates::CivilDate(2024, 11, 21)), 60s);
}

TEST(CollectionService, RepeatedCollectionRequestIsServedFromCache)
{
    Service s([](const HttpRequest&) { return answer(200, docsForDays({"2024-11-01"}).dump()); });
    ASSERT_TRUE(s.service->getCollection(collection("daily_sleep", "2024-11-01"), {}).ok());
    ApiResponse again = s.service->getCollection(collection("daily_sleep", "2024-11-01"), {});
    ASSERT_TRUE(again.ok());
    EXPECT_EQ(daysOf(again), std::vector<std::string>{"2024-11-01"});
    EXPECT_EQ(s.transport->count(), 1u);
}

TEST(CollectionService, CancellingAParallelRangeStopsIt)
{
    // The client cancels while the second window is in flight; that window (and any other in flight) holds
    // until the service has polled the cancel, so the remaining days must not be fetched.
    std::mutex mutex;
    std::condition_variable cv;
    bool cancel = false;
    bool noticed = false;
    std::atomic<int> started{0};
    Service s([&](const HttpRequest&) {
        std::unique_lock<std::mutex> lock(mutex);
        if (++started >= 2)
        {
            cancel = true;
            cv.wait_for(lock, 10s, [&] { return noticed; });
        }
        return answer(200, R"({"data":[]})");
    });
    CallControl control;
    control.cancelled = [&] {
        std::lock_guard<std::mutex> lock(mutex);
        if (cancel)
        {
            noticed = true;
            cv.notify_all();
        }
        return cancel;
    };
    ApiResponse r = s.service->getCollection(collection("heartrate", "2024-10-01", "2024-10-30"), control);
    EXPECT_EQ(r.error, ApiError::Cancelled);
    EXPECT_LT(s.transport->count(), 30u);
}

// Trimming and merging copy the documents as Oura wrote them (found by the index made while the page was
// checked), so nothing is parsed into a tree and written again: spacing, number forms and escapes survive.
TEST(CollectionService, TrimmedAndMergedDocumentsAreTheBytesOuraSent)
{
    const std::string kept = R"({ "day" : "2024-11-11", "score": 1.50, "note": "caf\u00e9 \/ \"x\"" })";
    Service s([&](const HttpRequest& r) {
        if (queryValue(r, "next_token") == "p2")
            return answer(200, R"({"data":[{"day":"2024-11-13"}],"next_token":null})");
        return answer(200, R"({"next_token":"p2", "data": [ {"day":"2024-11-10"} , )" + kept + "]}");
    });
    ApiResponse r = s.service->getCollection(collection("daily_sleep", "2024-11-11", "2024-11-12"), {});
    ASSERT_TRUE(r.ok()) << r.message;
    EXPECT_EQ(r.body, "{\"data\":[" + kept + "]}");
    EXPECT_EQ(s.transport->count(), 2u);
}

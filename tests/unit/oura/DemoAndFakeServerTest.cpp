// The oura room against the project's own stand-ins for Oura: the in-process demo API (DemoTransport),
// which implements the real API's date quirks, and FakeOuraServer over real loopback HTTP with a bearer
// check and fault injection. The collection rules must turn the quirky filters into exactly the documents
// whose day field lies in the asked days.

#include "TestDoubles.h"

#include "FakeOuraServer.h"
#include "dates/DateResolver.h"
#include "dates/FixedClock.h"
#include "demo/DemoTransport.h"
#include "oura/CollectionService.h"
#include "oura/DatesCalendar.h"
#include "oura/HttpTransport.h"
#include "util/Json.h"

#include <gtest/gtest.h>

#include <set>

using namespace OuraMcp;
using namespace OuraMcp::Oura;
using namespace OuraMcp::Oura::Test;

namespace {

const std::string kToday = "2024-11-20";
const int64_t kNoonUtc = 1732100400000; // 2024-11-20T11:00:00Z = 12:00 in the demo's +01:00
const char* const kDemoZone = "CET-1CEST,M3.5.0,M10.5.0/3";

struct DemoWorld
{
    Dates::FixedClock clock{kNoonUtc};
    Dates::DateResolver resolver{clock, Dates::TimeZone::fromPosixRule(kDemoZone)};
    std::shared_ptr<Demo::DemoTransport> transport;
    std::shared_ptr<ApiClient> client;
    std::shared_ptr<CollectionService> service;

    explicit DemoWorld(Demo::DemoApiOptions api = {})
    {
        transport = std::make_shared<Demo::DemoTransport>(std::make_shared<Demo::Dataset>(kToday), api);
        client = std::make_shared<ApiClient>(transport, nullptr, std::make_shared<RateLimiter>(),
                                             std::make_shared<ResponseCache>());
        CollectionServiceOptions o;
        o.note = "Demo data: synthetic, not from a real ring.";
        service = std::make_shared<CollectionService>(client, std::make_shared<DatesCalendar>(resolver), o);
    }

    /// Ground truth: the ids of every document whose trim field lies in [start, end], from a query wide
    /// enough that no quirk can hide one.
    std::multiset<std::string> expected(const CollectionRule& rule, const std::string& start,
                                        const std::string& end)
    {
        ApiClient plain(transport, nullptr);
        ApiResponse wide =
            plain.getAllPages("/v2/usercollection/" + rule.path,
                              {{"start_date", Dates::CivilDate::fromIso(start)->addDays(-5).toIso()},
                               {"end_date", Dates::CivilDate::fromIso(end)->addDays(5).toIso()}},
                              {});
        EXPECT_TRUE(wide.ok()) << wide.message;
        std::multiset<std::string> ids;
        const Json body = Json::parse(wide.body);
        for (const auto& doc : body["data"])
        {
            const std::string day = doc[rule.trimField].get<std::string>().substr(0, 10);
            if (day >= start && day <= end)
                ids.insert(doc.value("id", doc.dump()));
        }
        return ids;
    }
};

std::multiset<std::string> idsOf(const ApiResponse& r)
{
    std::multiset<std::string> ids;
    const Json body = Json::parse(r.body);
    for (const auto& doc : body["data"])
        ids.insert(doc.value("id", doc.dump()));
    return ids;
}

CollectionQuery collection(const std::string& name, const std::string& start, const std::string& end)
{
    CollectionQuery q;
    q.collection = name;
    q.start = start;
    q.end = end;
    return q;
}

} // namespace

TEST(DemoIntegration, EveryDatedCollectionReturnsExactlyTheDocumentsOfTheAskedDays)
{
    DemoWorld world;
    const std::vector<std::pair<std::string, std::string>> ranges = {
        {"2024-11-11", "2024-11-11"}, {"2024-11-08", "2024-11-12"}, {"2024-10-26", "2024-10-28"}};
    int nonEmpty = 0;
    for (const auto& rule : CollectionRules::all())
    {
        if (rule.dateParams != DateParams::Dates)
            continue;
        for (const auto& [start, end] : ranges)
        {
            ApiResponse r = world.service->getCollection(collection(rule.name, start, end), {});
            ASSERT_TRUE(r.ok()) << rule.name << ": " << r.message;
            ASSERT_TRUE(r.days);
            EXPECT_EQ(r.days->start.toIso(), start);
            EXPECT_EQ(r.days->end.toIso(), end);
            EXPECT_EQ(r.note, "Demo data: synthetic, not from a real ring.");
            const auto want = world.expected(rule, start, end);
            EXPECT_EQ(idsOf(r), want) << rule.name << " " << start << ".." << end;
            nonEmpty += want.empty() ? 0 : 1;
        }
    }
    EXPECT_GT(nonEmpty, 20); // the comparison is not vacuous
}

TEST(DemoIntegration, DailyActivityAndSleepOfOneDayAreFoundDespiteTheQuirks)
{
    DemoWorld world;
    ApiResponse activity = world.service->getCollection(collection("daily_activity", "2024-11-11", ""), {});
    ASSERT_TRUE(activity.ok()) << activity.message;
    const Json a = Json::parse(activity.body);
    ASSERT_EQ(a["data"].size(), 1u);
    EXPECT_EQ(a["data"][0]["day"], "2024-11-11");

    ApiResponse sleep = world.service->getCollection(collection("sleep", "2024-11-11", ""), {});
    ASSERT_TRUE(sleep.ok()) << sleep.message;
    const Json s = Json::parse(sleep.body);
    ASSERT_GE(s["data"].size(), 1u);
    for (const auto& period : s["data"])
        EXPECT_EQ(period["day"], "2024-11-11");
}

TEST(DemoIntegration, HeartRateWindowsEqualOneQueryOverTheWholeRange)
{
    Demo::DemoApiOptions small;
    small.timeSeriesPageSize = 100; // several pages per day
    DemoWorld world(small);
    ApiResponse r = world.service->getCollection(collection("heartrate", "2024-11-10", "2024-11-12"), {});
    ASSERT_TRUE(r.ok()) << r.message;

    ApiClient plain(world.transport, nullptr);
    ApiResponse whole = plain.getAllPages(
        "/v2/usercollection/heartrate",
        {{"start_datetime", "2024-11-10T00:00:00+01:00"}, {"end_datetime", "2024-11-13T00:00:00+01:00"}}, {});
    ASSERT_TRUE(whole.ok()) << whole.message;
    Json got = Json::parse(r.body)["data"];
    Json want = Json::parse(whole.body)["data"];
    // The whole-range query is inclusive at its end bound; the service keeps only the user's three days.
    while (!want.empty() && want.back()["timestamp"].get<std::string>() >= "2024-11-12T23:00:00+00:00")
        want.erase(want.size() - 1);
    ASSERT_GT(want.size(), 300u);
    ASSERT_EQ(got.size(), want.size());
    for (std::size_t i = 0; i < got.size(); ++i)
    {
        // Same instants and values; timestamps come on the user's wall clock (Berlin, +01:00 in November).
        EXPECT_EQ(got[i]["timestamp_unix"], want[i]["timestamp_unix"]);
        EXPECT_EQ(got[i]["bpm"], want[i]["bpm"]);
        const std::string ts = got[i]["timestamp"];
        EXPECT_EQ(ts.substr(ts.size() - 6), "+01:00") << ts;
    }
}

TEST(DemoIntegration, PersonalInfoAndRingConfiguration)
{
    DemoWorld world;
    ApiResponse info = world.service->getCollection(collection("personal_info", "", ""), {});
    ASSERT_TRUE(info.ok()) << info.message;
    EXPECT_TRUE(Json::parse(info.body).contains("id"));
    ApiResponse rings = world.service->getCollection(collection("ring_configuration", "", ""), {});
    ASSERT_TRUE(rings.ok()) << rings.message;
    EXPECT_FALSE(Json::parse(rings.body)["data"].empty());
}

namespace {

struct FakeWorld
{
    Testing::FakeOuraServer server;
    Dates::FixedClock clock{kNoonUtc};
    Dates::DateResolver resolver{clock, Dates::TimeZone::fromPosixRule(kDemoZone)};
    std::shared_ptr<FakeTokens> tokens;
    std::vector<std::chrono::milliseconds> waits;
    std::shared_ptr<CollectionService> service;

    FakeWorld(std::shared_ptr<FakeTokens> t, Testing::FakeOuraServer::Options options = fakeOptions())
        : server(options), tokens(std::move(t))
    {
        ApiClientOptions o;
        o.wait = [this](std::chrono::milliseconds d, const CallControl&) {
            waits.push_back(d);
            return true;
        };
        auto client = std::make_shared<ApiClient>(std::make_shared<HttpTransport>(server.baseUrl()), tokens,
                                                  std::make_shared<RateLimiter>(), nullptr, o);
        service = std::make_shared<CollectionService>(client, std::make_shared<DatesCalendar>(resolver));
    }

    static Testing::FakeOuraServer::Options fakeOptions()
    {
        Testing::FakeOuraServer::Options o;
        o.today = kToday;
        return o;
    }
};

const std::string kToken = "access-token-one-123456";
const std::string kToken2 = "access-token-two-654321";

} // namespace

TEST(FakeServerIntegration, FaultsAreRetriedUntilTheRealAnswer)
{
    FakeWorld world(std::make_shared<FakeTokens>(kToken));
    world.server.addAccessToken(kToken);
    world.server.script("/v2/usercollection/daily_sleep",
                        {Testing::ScriptedResponse::respond(503, R"({"detail":"Service Unavailable"})"),
                         Testing::ScriptedResponse::truncated(), Testing::ScriptedResponse::drop(),
                         Testing::ScriptedResponse::rateLimited(2)});
    ApiResponse r = world.service->getCollection(collection("daily_sleep", "2024-11-11", ""), {});
    ASSERT_TRUE(r.ok()) << r.message;
    const Json body = Json::parse(r.body);
    ASSERT_EQ(body["data"].size(), 1u);
    EXPECT_EQ(body["data"][0]["day"], "2024-11-11");
    EXPECT_EQ(world.server.requestCount("/v2/usercollection/daily_sleep"), 5);
    ASSERT_EQ(world.waits.size(), 4u);
    EXPECT_EQ(world.waits.back(), std::chrono::seconds(2)); // the 429's Retry-After
}

TEST(FakeServerIntegration, ExpiredTokenIsRefreshedOnceAndTheRequestRepeated)
{
    FakeWorld world(std::make_shared<FakeTokens>(kToken, std::vector<std::string>{kToken2}));
    world.server.addAccessToken(kToken);
    world.server.addAccessToken(kToken2);
    world.server.expireAccessToken(kToken);
    ApiResponse r = world.service->getCollection(collection("daily_readiness", "2024-11-11", ""), {});
    ASSERT_TRUE(r.ok()) << r.message;
    auto requests = world.server.requests();
    ASSERT_EQ(requests.size(), 2u);
    EXPECT_EQ(requests[0].authorization, "Bearer " + kToken);
    EXPECT_EQ(requests[1].authorization, "Bearer " + kToken2);
    EXPECT_EQ(world.tokens->refreshCalls, 1);
}

TEST(FakeServerIntegration, MissingScopeIsExplainedWithTheCollectionsScope)
{
    FakeWorld world(std::make_shared<FakeTokens>(kToken));
    world.server.addAccessToken(kToken, {"daily"});
    ApiResponse r = world.service->getCollection(collection("heartrate", "2024-11-11", ""), {});
    EXPECT_EQ(r.error, ApiError::AuthRequired); // the fake, like Oura, answers 401
    EXPECT_NE(r.message.find("'heartrate'"), std::string::npos) << r.message;
    EXPECT_EQ(r.message.find(kToken), std::string::npos);

    world.server.setMissingScopeStatus(403);
    r = world.service->getCollection(collection("workout", "2024-11-11", ""), {});
    EXPECT_EQ(r.error, ApiError::Forbidden);
    EXPECT_NE(r.message.find("'workout'"), std::string::npos) << r.message;
}

TEST(FakeServerIntegration, SandboxNeedsNoToken)
{
    Testing::FakeOuraServer server(FakeWorld::fakeOptions());
    auto client = std::make_shared<ApiClient>(std::make_shared<HttpTransport>(server.baseUrl()), nullptr);
    Dates::FixedClock clock{kNoonUtc};
    Dates::DateResolver resolver{clock, Dates::TimeZone::fromPosixRule(kDemoZone)};
    CollectionServiceOptions o;
    o.collectionPrefix = "/v2/sandbox/usercollection";
    CollectionService service(client, std::make_shared<DatesCalendar>(resolver), o);
    ApiResponse r = service.getCollection(collection("sleep", "2024-11-11", ""), {});
    ASSERT_TRUE(r.ok()) << r.message;
    EXPECT_EQ(server.requestCount("/v2/sandbox/usercollection/sleep"), 1);
    EXPECT_EQ(server.requests()[0].authorization, "");
}

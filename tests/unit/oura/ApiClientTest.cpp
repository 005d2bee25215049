#include "TestDoubles.h"

#include "oura/ApiClient.h"
#include "util/Json.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>

using namespace OuraMcp;
using namespace OuraMcp::Oura;
using namespace OuraMcp::Oura::Test;
using namespace std::chrono_literals;

namespace {

const std::string kPath = "/v2/usercollection/daily_sleep";
const std::string kSecret = "tok-SECRET-abcdef123";
const std::string kFresh = "tok-FRESH-987654zyx";

/// Records every wait the client asks for and returns at once, so the tests assert the delays the client
/// chose instead of sleeping through them.
struct WaitRecorder
{
    std::vector<std::chrono::milliseconds> waits;
    std::function<bool(std::chrono::milliseconds, const CallControl&)> fn()
    {
        return [this](std::chrono::milliseconds d, const CallControl& c) {
            waits.push_back(d);
            return !(c.cancelled && c.cancelled());
        };
    }
};

struct Fixture
{
    std::shared_ptr<ScriptedTransport> transport = std::make_shared<ScriptedTransport>();
    std::shared_ptr<FakeTokens> tokens;
    WaitRecorder recorder;
    std::unique_ptr<ApiClient> client;

    explicit Fixture(std::shared_ptr<FakeTokens> t = std::make_shared<FakeTokens>(kSecret),
                     ApiClientOptions o = {})
        : tokens(std::move(t))
    {
        o.wait = recorder.fn();
        client = std::make_unique<ApiClient>(transport, tokens, nullptr, nullptr, o);
    }
};

std::string authOf(const HttpRequest& r)
{
    for (const auto& [k, v] : r.headers)
    {
        if (k == "Authorization")
            return v;
    }
    return {};
}

} // namespace

TEST(ApiClient, SendsBearerTokenAndReturnsBody)
{
    Fixture f;
    f.transport->push(answer(200, R"({"data":[1],"next_token":null})"));
    ApiResponse r = f.client->get(kPath, {{"start_date", "2024-01-01"}}, {});
    ASSERT_TRUE(r.ok()) << r.message;
    EXPECT_EQ(r.httpStatus, 200);
    EXPECT_EQ(r.body, R"({"data":[1],"next_token":null})");
    ASSERT_EQ(f.transport->count(), 1u);
    EXPECT_EQ(authOf(f.transport->requests()[0]), "Bearer " + kSecret);
    EXPECT_EQ(f.transport->requests()[0].path, kPath);
}

TEST(ApiClient, NoProviderSendsNoAuthorization)
{
    Fixture f(nullptr);
    f.transport->push(answer(200, "{}"));
    ASSERT_TRUE(f.client->get(kPath, {}, {}).ok());
    EXPECT_EQ(authOf(f.transport->requests()[0]), "");
}

TEST(ApiClient, MissingTokenIsAuthRequiredWithLoginHintAndNoRequest)
{
    Fixture f(std::make_shared<FakeTokens>(""));
    ApiResponse r = f.client->get(kPath, {}, {});
    EXPECT_EQ(r.error, ApiError::AuthRequired);
    EXPECT_NE(r.message.find("oura-mcp auth login"), std::string::npos);
    EXPECT_EQ(f.transport->count(), 0u);
}

TEST(ApiClient, UnauthorizedRefreshesOnceAndRetriesWithTheNewToken)
{
    Fixture f(std::make_shared<FakeTokens>(kSecret, std::vector<std::string>{kFresh}));
    f.transport->push(answer(401, R"({"detail":"Invalid or expired authentication token"})"));
    f.transport->push(answer(200, R"({"data":[],"next_token":null})"));
    ApiResponse r = f.client->get(kPath, {}, {});
    ASSERT_TRUE(r.ok()) << r.message;
    EXPECT_EQ(f.tokens->refreshCalls, 1);
    EXPECT_EQ(f.tokens->lastRejected, kSecret);
    auto requests = f.transport->requests();
    ASSERT_EQ(requests.size(), 2u);
    EXPECT_EQ(authOf(requests[0]), "Bearer " + kSecret);
    EXPECT_EQ(authOf(requests[1]), "Bearer " + kFresh);
}

TEST(ApiClient, StillUnauthorizedAfterRefreshIsAuthRequiredWithoutToken)
{
    Fixture f(std::make_shared<FakeTokens>(kSecret, std::vector<std::string>{kFresh}));
    f.transport->push(answer(401, R"({"detail":"bad token )" + kFresh + R"("})"));
    f.transport->push(answer(401, R"({"detail":"bad token )" + kFresh + R"("})"));
    CallControl control;
    control.requiredScope = "daily";
    ApiResponse r = f.client->get(kPath, {}, control);
    EXPECT_EQ(r.error, ApiError::AuthRequired);
    EXPECT_EQ(r.httpStatus, 401);
    EXPECT_EQ(f.tokens->refreshCalls, 1);
    EXPECT_EQ(f.transport->count(), 2u);
    EXPECT_NE(r.message.find("Oura rejected the credentials"), std::string::npos);
    EXPECT_NE(r.message.find("oura-mcp auth login"), std::string::npos);
    EXPECT_EQ(r.message.find(kSecret), std::string::npos);
    EXPECT_EQ(r.message.find(kFresh), std::string::npos);
}

TEST(ApiClient, RefreshImpossibleIsAuthRequired)
{
    Fixture f; // no refreshed tokens available
    f.transport->push(answer(401, "{}"));
    ApiResponse r = f.client->get(kPath, {}, {});
    EXPECT_EQ(r.error, ApiError::AuthRequired);
    EXPECT_EQ(f.transport->count(), 1u);
    EXPECT_NE(r.message.find("oura-mcp auth login"), std::string::npos);
}

TEST(ApiClient, ForbiddenNamesTheToolsScopeAndMembership)
{
    Fixture f;
    f.transport->push(answer(403, R"({"detail":"Forbidden"})"));
    CallControl control;
    control.requiredScope = "heartrate";
    ApiResponse r = f.client->get("/v2/usercollection/heartrate", {}, control);
    EXPECT_EQ(r.error, ApiError::Forbidden);
    EXPECT_NE(r.message.find("'heartrate'"), std::string::npos) << r.message;
    EXPECT_NE(r.message.find("membership"), std::string::npos) << r.message;
    EXPECT_EQ(f.transport->count(), 1u);
}

TEST(ApiClient, UpgradeRequiredSaysUpdateTheApp)
{
    Fixture f;
    f.transport->push(answer(426, "{}"));
    ApiResponse r = f.client->get(kPath, {}, {});
    EXPECT_EQ(r.error, ApiError::Forbidden);
    EXPECT_NE(r.message.find("update the Oura app"), std::string::npos) << r.message;
}

TEST(ApiClient, ValidationErrorQuotesOurasDetail)
{
    Fixture f;
    f.transport->push(answer(
        422,
        R"({"detail":[{"loc":["query","start_date"],"msg":"invalid date format","type":"value_error"}]})"));
    ApiResponse r = f.client->get(kPath, {{"start_date", "x"}}, {});
    EXPECT_EQ(r.error, ApiError::InvalidArgument);
    EXPECT_NE(r.message.find("invalid date format"), std::string::npos) << r.message;
    EXPECT_NE(r.message.find("query.start_date"), std::string::npos) << r.message;

    f.transport->push(answer(400, R"({"detail":"Query Parameter Validation Error"})"));
    r = f.client->get(kPath, {}, {});
    EXPECT_EQ(r.error, ApiError::InvalidArgument);
    EXPECT_NE(r.message.find("Query Parameter Validation Error"), std::string::npos);
}

TEST(ApiClient, NotFound)
{
    Fixture f;
    f.transport->push(answer(404, R"({"detail":"Document not found."})"));
    ApiResponse r = f.client->get(kPath + "/nope", {}, {});
    EXPECT_EQ(r.error, ApiError::NotFound);
    EXPECT_NE(r.message.find("Document not found."), std::string::npos);
}

TEST(ApiClient, ShortRetryAfterIsWaitedThenSucceeds)
{
    Fixture f;
    f.transport->push(answer(429, R"({"detail":"Too Many Requests"})", {{"Retry-After", "3"}}));
    f.transport->push(answer(200, R"({"data":[]})"));
    ApiResponse r = f.client->get(kPath, {}, {});
    ASSERT_TRUE(r.ok()) << r.message;
    EXPECT_EQ(f.transport->count(), 2u);
    ASSERT_EQ(f.recorder.waits.size(), 1u);
    EXPECT_EQ(f.recorder.waits[0], 3000ms);
}

TEST(ApiClient, LongRetryAfterIsRateLimitedSayingWhen)
{
    Fixture f;
    f.transport->push(answer(429, "{}", {{"Retry-After", "120"}, {"X-RateLimit-Tier", "token"}}));
    ApiResponse r = f.client->get(kPath, {}, {});
    EXPECT_EQ(r.error, ApiError::RateLimited);
    EXPECT_EQ(r.httpStatus, 429);
    EXPECT_NE(r.message.find("120 seconds"), std::string::npos) << r.message;
    EXPECT_NE(r.message.find("UTC"), std::string::npos) << r.message;
    EXPECT_TRUE(f.recorder.waits.empty());
    EXPECT_EQ(f.transport->count(), 1u);
}

TEST(ApiClient, RateLimitResetHeaderGivesTheTimeWhenNoRetryAfter)
{
    ApiClientOptions o;
    const auto fixedNow = std::chrono::system_clock::time_point(std::chrono::seconds(1700000000));
    o.now = [fixedNow] { return fixedNow; };
    Fixture f(std::make_shared<FakeTokens>(kSecret), o);
    f.transport->push(answer(429, "{}", {{"X-RateLimit-Reset", "1700000300"}}));
    ApiResponse r = f.client->get(kPath, {}, {});
    EXPECT_EQ(r.error, ApiError::RateLimited);
    EXPECT_NE(r.message.find("300 seconds"), std::string::npos) << r.message;
}

TEST(ApiClient, RepeatedShortRateLimitsAreBounded)
{
    Fixture f;
    for (int i = 0; i < 5; ++i)
        f.transport->push(answer(429, "{}", {{"Retry-After", "1"}}));
    ApiResponse r = f.client->get(kPath, {}, {});
    EXPECT_EQ(r.error, ApiError::RateLimited);
    EXPECT_EQ(f.transport->count(), 3u); // the first try + maxRateLimitRetries (2)
}

TEST(ApiClient, ServiceUnavailableIsRetriedThenSucceeds)
{
    Fixture f;
    f.transport->push(answer(503, "Service Unavailable"));
    f.transport->push(networkFailure("timed out"));
    f.transport->push(answer(200, R"({"data":[]})"));
    ApiResponse r = f.client->get(kPath, {}, {});
    ASSERT_TRUE(r.ok()) << r.message;
    EXPECT_EQ(f.transport->count(), 3u);
    ASSERT_EQ(f.recorder.waits.size(), 2u);
    // Jittered exponential backoff: 50-100% of 500 ms, then of 1000 ms.
    EXPECT_GE(f.recorder.waits[0], 250ms);
    EXPECT_LE(f.recorder.waits[0], 500ms);
    EXPECT_GE(f.recorder.waits[1], 500ms);
    EXPECT_LE(f.recorder.waits[1], 1000ms);
}

TEST(ApiClient, RetriesExhaustedIsUpstreamSayingWhatHappened)
{
    Fixture f;
    ApiResponse r;
    for (int i = 0; i < 4; ++i)
        f.transport->push(networkFailure("connection refused by api.ouraring.com:443"));
    r = f.client->get(kPath, {}, {});
    EXPECT_EQ(r.error, ApiError::Upstream);
    EXPECT_EQ(r.httpStatus, 0);
    EXPECT_EQ(f.transport->count(), 4u);
    EXPECT_NE(r.message.find("4 attempts"), std::string::npos) << r.message;
    EXPECT_NE(r.message.find("connection refused"), std::string::npos) << r.message;
}

TEST(ApiClient, NonJsonSuccessIsMalformedUpstream)
{
    Fixture f;
    f.transport->push(answer(200, "<html>maintenance</html>"));
    ApiResponse r = f.client->get(kPath, {}, {});
    EXPECT_EQ(r.error, ApiError::Upstream);
    EXPECT_NE(r.message.find("malformed"), std::string::npos);
}

TEST(ApiClient, CancelDuringBackoffStopsWithCancelled)
{
    // The real (cancellable) wait with a long backoff: the cancel flag is raised by the transport on the
    // first request, so the wait must notice it instead of sleeping for a minute.
    std::atomic<bool> cancel{false};
    auto transport = std::make_shared<ScriptedTransport>([&](const HttpRequest&) {
        cancel = true;
        return answer(503, "");
    });
    ApiClientOptions o;
    o.backoffBase = std::chrono::minutes(1);
    o.backoffMax = std::chrono::minutes(1);
    ApiClient client(transport, nullptr, nullptr, nullptr, o);
    CallControl control;
    control.cancelled = [&] { return cancel.load(); };
    ApiResponse r = client.get(kPath, {}, control);
    EXPECT_EQ(r.error, ApiError::Cancelled);
    EXPECT_EQ(transport->count(), 1u);
}

TEST(ApiClient, PaginationFollowsTokensAloneAndMergesData)
{
    Fixture f;
    const int pages = 7;
    for (int i = 0; i < pages; ++i)
    {
        Json page;
        page["data"] = Json::array({i * 2, i * 2 + 1});
        page["next_token"] = i + 1 < pages ? Json("tok+" + std::to_string(i + 1)) : Json(nullptr);
        f.transport->push(answer(200, page.dump()));
    }
    std::vector<double> progress;
    CallControl control;
    control.progress = [&](double p, double, const std::string&) { progress.push_back(p); };
    ApiResponse r =
        f.client->getAllPages(kPath, {{"start_date", "2024-01-01"}, {"end_date", "2024-03-01"}}, control);
    ASSERT_TRUE(r.ok()) << r.message;
    Json body = Json::parse(r.body);
    ASSERT_EQ(body["data"].size(), 14u);
    for (int i = 0; i < 14; ++i)
        EXPECT_EQ(body["data"][i].get<int>(), i);
    EXPECT_TRUE(body["next_token"].is_null());

    auto requests = f.transport->requests();
    ASSERT_EQ(requests.size(), static_cast<std::size_t>(pages));
    EXPECT_EQ(queryValue(requests[0], "start_date"), "2024-01-01");
    for (int i = 1; i < pages; ++i)
    {
        ASSERT_EQ(requests[i].query.size(), 1u) << "page " << i;
        EXPECT_EQ(requests[i].query[0].first, "next_token");
        EXPECT_EQ(requests[i].query[0].second, "tok+" + std::to_string(i));
    }
    EXPECT_EQ(progress.size(), static_cast<std::size_t>(pages));
}

TEST(ApiClient, PaginationCycleIsDetected)
{
    Fixture f;
    f.transport->push(answer(200, R"({"data":[1],"next_token":"A"})"));
    f.transport->push(answer(200, R"({"data":[2],"next_token":"B"})"));
    f.transport->push(answer(200, R"({"data":[3],"next_token":"A"})"));
    ApiResponse r = f.client->getAllPages(kPath, {}, {});
    EXPECT_EQ(r.error, ApiError::Upstream);
    EXPECT_NE(r.message.find("cycle"), std::string::npos) << r.message;
    EXPECT_EQ(f.transport->count(), 3u);
}

TEST(ApiClient, MaxPagesEndsWithAnExplicitError)
{
    ApiClientOptions o;
    o.maxPages = 3;
    Fixture f(std::make_shared<FakeTokens>(kSecret), o);
    int n = 0;
    auto endless = [&n](const HttpRequest&) {
        ++n;
        return answer(200, R"({"data":[0],"next_token":"t)" + std::to_string(n) + R"("})");
    };
    f.transport = std::make_shared<ScriptedTransport>(endless);
    o.wait = f.recorder.fn();
    ApiClient client(f.transport, f.tokens, nullptr, nullptr, o);
    ApiResponse r = client.getAllPages(kPath, {}, {});
    EXPECT_EQ(r.error, ApiError::Upstream);
    EXPECT_NE(r.message.find("more than 3 pages"), std::string::npos) << r.message;
    EXPECT_TRUE(r.body.empty()); // no partial answer
    EXPECT_EQ(f.transport->count(), 3u);
}

TEST(ApiClient, BareObjectIsReturnedAsIs)
{
    Fixture f;
    f.transport->push(answer(200, R"({"id":"u1","age":42})"));
    ApiResponse r = f.client->getAllPages("/v2/usercollection/personal_info", {}, {});
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r.body, R"({"id":"u1","age":42})");
}

TEST(ApiClient, NoErrorMessageEverContainsTheToken)
{
    const std::vector<HttpResponse> failures = {
        answer(400, R"({"detail":"bad )" + kSecret + R"("})"),
        answer(403, R"({"detail":")" + kSecret + R"("})"),
        answer(404, R"({"detail":")" + kSecret + R"("})"),
        answer(422, R"({"detail":")" + kSecret + R"("})"),
        answer(429, R"({"detail":")" + kSecret + R"("})", {{"Retry-After", "999"}}),
        answer(418, R"({"detail":")" + kSecret + R"("})"),
        answer(200, "not json " + kSecret)};
    for (const auto& failureAnswer : failures)
    {
        Fixture f;
        f.transport->push(failureAnswer);
        ApiResponse r = f.client->get(kPath, {}, {});
        EXPECT_FALSE(r.ok());
        EXPECT_FALSE(r.message.empty());
        EXPECT_EQ(r.message.find(kSecret), std::string::npos) << r.message;
    }
    Fixture f;
    for (int i = 0; i < 4; ++i)
        f.transport->push(answer(502, R"({"detail":"upstream echoed )" + kSecret + R"("})"));
    ApiResponse r = f.client->get(kPath, {}, {});
    EXPECT_EQ(r.error, ApiError::Upstream);
    EXPECT_EQ(r.message.find(kSecret), std::string::npos) << r.message;
}

TEST(ApiClient, RateLimitWithoutTimingHeadersSaysFewMinutes)
{
    Fixture f;
    f.transport->push(answer(429, R"({"detail":"Too Many Requests"})"));
    ApiResponse r = f.client->get(kPath, {}, {});
    EXPECT_EQ(r.error, ApiError::RateLimited);
    EXPECT_NE(r.message.find("few minutes"), std::string::npos) << r.message;
}

TEST(ApiClient, WithoutCredentials401SaysThisModeSendsNone)
{
    Fixture f(nullptr);
    f.transport->push(answer(401, "{}"));
    ApiResponse r = f.client->get(kPath, {}, {});
    EXPECT_EQ(r.error, ApiError::AuthRequired);
    EXPECT_NE(r.message.find("no credentials"), std::string::npos) << r.message;
}

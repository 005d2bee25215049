#include "TestDoubles.h"

#include "oura/ApiClient.h"
#include "oura/HttpTransport.h"

#include <Poco/StreamCopier.h>

#include <gtest/gtest.h>

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <stdexcept>

using namespace OuraMcp::Oura;
using namespace OuraMcp::Oura::Test;
using Poco::Net::HTTPServerRequest;
using Poco::Net::HTTPServerResponse;

namespace {

TransportOptions quick()
{
    TransportOptions o;
    o.connectTimeout = std::chrono::seconds(5);
    o.readTimeout = std::chrono::seconds(5);
    return o;
}

} // namespace

TEST(HttpTransport, PlainHttpToNonLoopbackIsRefusedAtConstruction)
{
    EXPECT_THROW(HttpTransport("http://api.ouraring.com"), std::invalid_argument);
    EXPECT_THROW(HttpTransport("http://192.168.1.10:8080"), std::invalid_argument);
    EXPECT_THROW(HttpTransport("ftp://127.0.0.1"), std::invalid_argument);
    EXPECT_THROW(HttpTransport("not a url"), std::invalid_argument);
    try
    {
        HttpTransport t("http://10.0.0.1");
        FAIL() << "constructed";
    }
    catch (const std::invalid_argument& e)
    {
        EXPECT_NE(std::string(e.what()).find("https://"), std::string::npos) << e.what();
    }
    EXPECT_NO_THROW(HttpTransport("http://127.0.0.1:1"));
    EXPECT_NO_THROW(HttpTransport("http://127.9.8.7:1"));
    EXPECT_NO_THROW(HttpTransport("http://localhost:1"));
    EXPECT_NO_THROW(HttpTransport("http://[::1]:1"));
    EXPECT_NO_THROW(HttpTransport("https://api.ouraring.com")); // constructing makes no connection
}

TEST(HttpTransport, QueryValuesArePercentEncoded)
{
    EXPECT_EQ(
        OuraMcp::Oura::encodeQuery({{"start_datetime", "2024-11-11T00:00:00+02:00"}, {"a b", "x&y=z/~"}}),
        "start_datetime=2024-11-11T00%3A00%3A00%2B02%3A00&a%20b=x%26y%3Dz%2F~");
}

TEST(HttpTransport, SendsHeadersAndEncodedQueryOverRealHttp)
{
    std::mutex mutex;
    std::string seenUri;
    std::string seenAuth;
    LoopbackServer server([&](HTTPServerRequest& req, HTTPServerResponse& resp) {
        {
            std::lock_guard<std::mutex> lock(mutex);
            seenUri = req.getURI();
            seenAuth = req.get("Authorization", "");
        }
        resp.setContentType("application/json");
        resp.set("X-Test", "yes");
        resp.send() << R"({"data":[]})";
    });
    HttpTransport transport(server.url(), quick());
    HttpRequest request;
    request.path = "/v2/usercollection/heartrate";
    request.query = {{"start_datetime", "2024-11-11T00:00:00+02:00"}};
    request.headers = {{"Authorization", "Bearer abc"}};
    HttpResponse r = transport.send(request);
    ASSERT_EQ(r.status, 200) << r.networkError;
    EXPECT_EQ(r.body, R"({"data":[]})");
    EXPECT_EQ(r.header("x-test"), "yes");
    std::lock_guard<std::mutex> lock(mutex);
    EXPECT_EQ(seenUri, "/v2/usercollection/heartrate?start_datetime=2024-11-11T00%3A00%3A00%2B02%3A00");
    EXPECT_EQ(seenAuth, "Bearer abc");
}

TEST(HttpTransport, KeepAliveReusesOneConnection)
{
    LoopbackServer server([](HTTPServerRequest&, HTTPServerResponse& resp) {
        resp.setContentType("application/json");
        resp.setContentLength(2);
        resp.send() << "{}";
    });
    HttpTransport transport(server.url(), quick());
    HttpRequest request;
    request.path = "/v2/usercollection/daily_sleep";
    for (int i = 0; i < 5; ++i)
    {
        HttpResponse r = transport.send(request);
        ASSERT_EQ(r.status, 200) << r.networkError;
    }
    EXPECT_EQ(server.connections(), 1);
}

TEST(HttpTransport, TruncatedBodyIsANetworkErrorAndUpstreamForTheClient)
{
    LoopbackServer server(
        [](HTTPServerRequest&, HTTPServerResponse& resp) {
            resp.setContentType("application/json");
            resp.setContentLength(100);
            resp.setKeepAlive(false);
            std::ostream& out = resp.send();
            out << R"({"data":[)"; // 9 of the promised 100 bytes, then the server closes
        },
        false);
    auto transport = std::make_shared<HttpTransport>(server.url(), quick());
    HttpRequest request;
    request.path = "/v2/usercollection/daily_sleep";
    HttpResponse r = transport->send(request);
    EXPECT_EQ(r.status, 0);
    EXPECT_NE(r.networkError.find("9 of 100 bytes"), std::string::npos) << r.networkError;

    ApiClientOptions o;
    o.maxAttempts = 2;
    o.wait = [](std::chrono::milliseconds, const OuraMcp::Oura::CallControl&) { return true; };
    ApiClient client(transport, nullptr, nullptr, nullptr, o);
    ApiResponse a = client.get("/v2/usercollection/daily_sleep", {}, {});
    EXPECT_EQ(a.error, ApiError::Upstream);
    EXPECT_NE(a.message.find("truncated"), std::string::npos) << a.message;
}

TEST(HttpTransport, ConnectionRefusedIsStatusZeroNotAnException)
{
    unsigned short port = 0;
    {
        Poco::Net::ServerSocket probe(Poco::Net::SocketAddress("127.0.0.1", 0));
        port = probe.address().port();
    } // closed again: nothing listens there now
    HttpTransport transport("http://127.0.0.1:" + std::to_string(port), quick());
    HttpRequest request;
    request.path = "/x";
    HttpResponse r;
    EXPECT_NO_THROW(r = transport.send(request));
    EXPECT_EQ(r.status, 0);
    EXPECT_FALSE(r.networkError.empty());
}

TEST(HttpTransport, ErrorStatusesComeBackWithTheirBodies)
{
    LoopbackServer server([](HTTPServerRequest&, HTTPServerResponse& resp) {
        resp.setStatus(Poco::Net::HTTPResponse::HTTP_TOO_MANY_REQUESTS);
        resp.set("Retry-After", "7");
        resp.setContentType("application/json");
        resp.send() << R"({"detail":"Too Many Requests"})";
    });
    HttpTransport transport(server.url(), quick());
    HttpRequest request;
    request.path = "/v2/usercollection/daily_sleep";
    HttpResponse r = transport.send(request);
    EXPECT_EQ(r.status, 429);
    EXPECT_EQ(r.header("Retry-After"), "7");
    EXPECT_EQ(r.body, R"({"detail":"Too Many Requests"})");
}

namespace {

/// Waits (bounded) until the server has closed every connection, polling its counter.
bool waitUntilClosed(const LoopbackServer& server)
{
    std::mutex m;
    std::condition_variable cv;
    std::unique_lock<std::mutex> lock(m);
    for (int i = 0; i < 1000; ++i)
    {
        if (server.openConnections() == 0)
            return true;
        cv.wait_for(lock, std::chrono::milliseconds(10));
    }
    return false;
}

} // namespace

TEST(HttpTransport, GetOnAConnectionTheServerClosedIsRetriedOnAFreshOne)
{
    std::atomic<int> requests{0};
    LoopbackServer server(
        [&](HTTPServerRequest&, HTTPServerResponse& resp) {
            ++requests;
            resp.setContentLength(2);
            resp.send() << "{}";
        },
        true, Poco::Timespan(0, 100 * 1000)); // the server drops idle connections after 100 ms
    HttpTransport transport(server.url(), quick());
    HttpRequest request;
    request.path = "/v2/usercollection/daily_sleep";
    ASSERT_EQ(transport.send(request).status, 200);
    ASSERT_TRUE(waitUntilClosed(server));
    HttpResponse r = transport.send(request); // the pooled session is stale now
    EXPECT_EQ(r.status, 200) << r.networkError;
    EXPECT_EQ(requests.load(), 2);
    EXPECT_EQ(server.connections(), 2);
}

TEST(HttpTransport, PostIsNeverRepeatedEvenOnAStaleConnection)
{
    std::atomic<int> posts{0};
    LoopbackServer server(
        [&](HTTPServerRequest& req, HTTPServerResponse& resp) {
            if (req.getMethod() == "POST")
                ++posts;
            resp.setContentLength(2);
            resp.send() << "{}";
        },
        true, Poco::Timespan(0, 100 * 1000));
    HttpTransport transport(server.url(), quick());
    HttpRequest get;
    get.path = "/warm-up";
    ASSERT_EQ(transport.send(get).status, 200);
    ASSERT_TRUE(waitUntilClosed(server));
    HttpRequest post;
    post.method = "POST";
    post.path = "/oauth/token";
    post.body = "grant_type=refresh_token&refresh_token=single-use";
    post.contentType = "application/x-www-form-urlencoded";
    HttpResponse r = transport.send(post);
    EXPECT_EQ(r.status, 0); // reported, not silently re-sent with the single-use token
    EXPECT_EQ(posts.load(), 0);
}

TEST(HttpTransport, ACancelledRequestStopsWaitingForTheAnswer)
{
    std::mutex mutex;
    std::condition_variable released;
    bool release = false;
    LoopbackServer server([&](HTTPServerRequest&, HTTPServerResponse& resp) {
        std::unique_lock<std::mutex> lock(mutex);
        released.wait_for(lock, std::chrono::seconds(10), [&] { return release; }); // a stalled upstream
        resp.setContentType("application/json");
        resp.send() << "{}";
    });
    HttpTransport transport(server.url(), quick());
    HttpRequest request;
    request.path = "/slow";
    const auto start = std::chrono::steady_clock::now();
    request.cancelled = [&] {
        return std::chrono::steady_clock::now() - start > std::chrono::milliseconds(200);
    };
    const HttpResponse r = transport.send(request);
    EXPECT_EQ(r.status, 0);
    EXPECT_EQ(r.networkError, "cancelled");
    EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(2))
        << "not the 5 s read timeout";
    {
        std::lock_guard<std::mutex> lock(mutex);
        release = true;
    }
    released.notify_all();
}

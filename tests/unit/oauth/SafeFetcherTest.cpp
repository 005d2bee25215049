// SafeFetcher against real loopback servers on ephemeral ports (plain HTTP with the test setting, HTTPS
// with a certificate made on the fly): what it fetches, and everything it must refuse.
#include "TlsFixtures.h"

#include "oauth/SafeFetcher.h"

#include <Poco/Net/Context.h>
#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/SecureServerSocket.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/TemporaryFile.h>
#include <Poco/ThreadPool.h>

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <functional>
#include <mutex>
#include <thread>

using OuraMcp::OAuth::ClientMetadataFetcher;
using OuraMcp::OAuth::SafeFetcher;
using OuraMcp::Testing::SelfSigned;
using Clock = std::chrono::steady_clock;

namespace {

const std::string kDocument =
    R"({"client_id":"https://app.example/client.json","client_name":"Example","redirect_uris":["https://app.example/cb"]})";

/// A loopback HTTP(S) server on an ephemeral port that hands every request to one function and counts them.
class DocumentServer
{
public:
    using Handler =
        std::function<void(Poco::Net::HTTPServerRequest&, Poco::Net::HTTPServerResponse&, DocumentServer&)>;

    explicit DocumentServer(Handler handler, Poco::Net::Context::Ptr tls = nullptr)
        : _handler(std::move(handler)), _pool(2, 8)
    {
        Poco::Net::ServerSocket socket =
            tls ? Poco::Net::SecureServerSocket(Poco::Net::SocketAddress("127.0.0.1", 0), 16, tls)
                : Poco::Net::ServerSocket(Poco::Net::SocketAddress("127.0.0.1", 0));
        _port = socket.address().port();
        auto* params = new Poco::Net::HTTPServerParams;
        params->setKeepAlive(false);
        _server = std::make_unique<Poco::Net::HTTPServer>(new Factory(*this), _pool, socket, params);
        _server->start();
    }

    ~DocumentServer()
    {
        {
            std::lock_guard<std::mutex> lock(_mutex);
            _stopping = true;
        }
        _stop.notify_all();
        _server->stopAll(true);
        _pool.joinAll();
    }

    std::uint16_t port() const { return _port; }

    std::string url(const std::string& scheme = "http", const std::string& host = "127.0.0.1",
                    const std::string& path = "/client.json") const
    {
        return scheme + "://" + host + ":" + std::to_string(_port) + path;
    }

    int requests() const { return _requests; }

    std::string lastHostHeader() const
    {
        std::lock_guard<std::mutex> lock(_mutex);
        return _lastHost;
    }

    bool pause(std::chrono::milliseconds length)
    /// The server's own pacing (a slow server), cut short when the test ends; false once stopping.
    {
        std::unique_lock<std::mutex> lock(_mutex);
        return !_stop.wait_for(lock, length, [this] { return _stopping; });
    }

private:
    class Dispatch : public Poco::Net::HTTPRequestHandler
    {
    public:
        explicit Dispatch(DocumentServer& server) : _server(server) {}
        void handleRequest(Poco::Net::HTTPServerRequest& request,
                           Poco::Net::HTTPServerResponse& response) override
        {
            {
                std::lock_guard<std::mutex> lock(_server._mutex);
                _server._lastHost = request.getHost();
            }
            ++_server._requests;
            try
            {
                _server._handler(request, response, _server);
            }
            catch (const Poco::Exception&)
            {} // the client hung up on a slow answer
        }

    private:
        DocumentServer& _server;
    };

    class Factory : public Poco::Net::HTTPRequestHandlerFactory
    {
    public:
        explicit Factory(DocumentServer& server) : _server(server) {}
        Poco::Net::HTTPRequestHandler* createRequestHandler(const Poco::Net::HTTPServerRequest&) override
        {
            return new Dispatch(_server);
        }

    private:
        DocumentServer& _server;
    };

    Handler _handler;
    Poco::ThreadPool _pool;
    std::unique_ptr<Poco::Net::HTTPServer> _server;
    std::uint16_t _port = 0;
    std::atomic<int> _requests{0};
    mutable std::mutex _mutex;
    std::condition_variable _stop;
    bool _stopping = false;
    std::string _lastHost;
};

void answer(Poco::Net::HTTPServerResponse& response, const std::string& body,
            const std::string& type = "application/json", int status = 200)
{
    response.setStatus(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(status));
    response.setContentType(type);
    response.setContentLength(static_cast<std::streamsize>(body.size()));
    response.send() << body;
}

DocumentServer::Handler serving(const std::string& body, const std::string& type = "application/json",
                                int status = 200, const std::string& cacheControl = "")
{
    return [=](Poco::Net::HTTPServerRequest&, Poco::Net::HTTPServerResponse& response, DocumentServer&) {
        if (!cacheControl.empty())
            response.set("Cache-Control", cacheControl);
        answer(response, body, type, status);
    };
}

SafeFetcher::Options testOptions()
{
    SafeFetcher::Options options;
    options.allowLoopbackHttp = true;
    return options;
}

/// Runs the fetch and returns the Error's text; fails the test if the fetch succeeded.
std::string refusal(SafeFetcher& fetcher, const std::string& url)
{
    try
    {
        fetcher.fetch(url);
    }
    catch (const ClientMetadataFetcher::Error& e)
    {
        return e.what();
    }
    ADD_FAILURE() << "fetch(" << url << ") succeeded";
    return {};
}

#define EXPECT_CONTAINS(text, part) EXPECT_NE(std::string(text).find(part), std::string::npos) << (text)

} // namespace

// ---- what it fetches

TEST(SafeFetcher, FetchesAJsonDocumentAndItsMaxAge)
{
    DocumentServer server(serving(kDocument, "application/json; charset=utf-8", 200, "public, max-age=3600"));
    SafeFetcher fetcher(testOptions());
    const auto document = fetcher.fetch(server.url());
    EXPECT_EQ(document.json, kDocument);
    EXPECT_EQ(document.maxAgeSeconds, 3600);
    EXPECT_EQ(server.requests(), 1);
}

TEST(SafeFetcher, AcceptsAPlusJsonMediaTypeAndNoCacheControl)
{
    DocumentServer server(serving(kDocument, "application/oauth-client-metadata+json"));
    SafeFetcher fetcher(testOptions());
    const auto document = fetcher.fetch(server.url());
    EXPECT_EQ(document.json, kDocument);
    EXPECT_EQ(document.maxAgeSeconds, 0);
}

TEST(SafeFetcher, ReadsAChunkedBodyOfExactlyTheLimit)
{
    const std::string body = "\"" + std::string(64 * 1024 - 2, 'a') + "\"";
    DocumentServer server(
        [&](Poco::Net::HTTPServerRequest&, Poco::Net::HTTPServerResponse& response, DocumentServer&) {
            response.setContentType("application/json");
            response.setChunkedTransferEncoding(true);
            response.send() << body;
        });
    SafeFetcher fetcher(testOptions());
    EXPECT_EQ(fetcher.fetch(server.url()).json, body);
}

TEST(SafeFetcher, ResolvesTheNameOnceConnectsToThatAddressAndSendsTheOriginalHost)
{
    DocumentServer server(serving(kDocument));
    std::atomic<int> lookups{0};
    SafeFetcher::Options options = testOptions();
    options.resolver = [&](const std::string& host) {
        EXPECT_EQ(host, "cimd.test");
        // A rebinding name: the first answer is the checked one; any later lookup would lead elsewhere.
        return std::vector<Poco::Net::IPAddress>{
            Poco::Net::IPAddress(lookups++ == 0 ? "127.0.0.1" : "169.254.169.254")};
    };
    SafeFetcher fetcher(options);
    EXPECT_EQ(fetcher.fetch(server.url("http", "cimd.test")).json, kDocument);
    EXPECT_EQ(lookups.load(), 1);
    EXPECT_EQ(server.lastHostHeader(), "cimd.test:" + std::to_string(server.port()));
}

TEST(SafeFetcher, SpeaksTlsToTheCheckedAddressWithTheOriginalNameInTheCertificateCheck)
{
    SelfSigned certificate("cimd.test");
    DocumentServer server(serving(kDocument), certificate.serverContext());
    SafeFetcher::Options options = testOptions();
    options.caLocation = certificate.certFile.path();
    options.resolver = [](const std::string&) {
        return std::vector<Poco::Net::IPAddress>{Poco::Net::IPAddress("127.0.0.1")};
    };
    SafeFetcher fetcher(options);
    EXPECT_EQ(fetcher.fetch(server.url("https", "cimd.test")).json, kDocument);
    EXPECT_EQ(server.lastHostHeader(), "cimd.test:" + std::to_string(server.port()));
}

TEST(SafeFetcher, RefusesACertificateForAnotherName)
{
    SelfSigned certificate("other.test");
    DocumentServer server(serving(kDocument), certificate.serverContext());
    SafeFetcher::Options options = testOptions();
    options.caLocation = certificate.certFile.path();
    options.resolver = [](const std::string&) {
        return std::vector<Poco::Net::IPAddress>{Poco::Net::IPAddress("127.0.0.1")};
    };
    SafeFetcher fetcher(options);
    const std::string error = refusal(fetcher, server.url("https", "cimd.test"));
    EXPECT_CONTAINS(error, "cimd.test");
    EXPECT_CONTAINS(error, "TLS handshake");
    EXPECT_EQ(server.requests(), 0);
}

TEST(SafeFetcher, RefusesAnUntrustedCertificateWithTheSystemStore)
{
    SelfSigned certificate("cimd.test");
    DocumentServer server(serving(kDocument), certificate.serverContext());
    SafeFetcher::Options options = testOptions(); // caLocation: the system store, which never saw it
    options.resolver = [](const std::string&) {
        return std::vector<Poco::Net::IPAddress>{Poco::Net::IPAddress("127.0.0.1")};
    };
    SafeFetcher fetcher(options);
    EXPECT_CONTAINS(refusal(fetcher, server.url("https", "cimd.test")), "TLS handshake");
    EXPECT_EQ(server.requests(), 0);
}

// ---- addresses it must not reach

TEST(SafeFetcher, RefusesLoopbackWithoutTheTestSettingBeforeConnecting)
{
    DocumentServer server(serving(kDocument));
    SafeFetcher fetcher; // defaults: https only, public addresses only
    EXPECT_CONTAINS(refusal(fetcher, server.url("https", "127.0.0.1")), "a loopback address");
    EXPECT_CONTAINS(refusal(fetcher, server.url("https", "localhost")), "a loopback address");
    EXPECT_CONTAINS(refusal(fetcher, server.url("https", "[::1]")), "a loopback address");
    EXPECT_CONTAINS(refusal(fetcher, server.url("https", "[::ffff:127.0.0.1]")), "a loopback address");
    // Other spellings of 127.0.0.1 that resolvers accept.
    EXPECT_CONTAINS(refusal(fetcher, server.url("https", "2130706433")), "a loopback address");
    EXPECT_CONTAINS(refusal(fetcher, server.url("https", "0x7f.1")), "a loopback address");
    EXPECT_CONTAINS(refusal(fetcher, server.url("https", "[::ffff:7f00:1]")), "a loopback address");
    // 0.0.0.0 and 0/8 reach this machine on Linux.
    EXPECT_CONTAINS(refusal(fetcher, server.url("https", "0.0.0.0")), "the unspecified address");
    EXPECT_CONTAINS(refusal(fetcher, server.url("https", "0.0.0.1")), "0.0.0.0/8");
    EXPECT_EQ(server.requests(), 0);
}

TEST(SafeFetcher, RefusesMetadataAndPrivateAddressesBeforeConnecting)
{
    SafeFetcher fetcher;
    const std::string metadata = refusal(fetcher, "https://169.254.169.254/latest/meta-data/client.json");
    EXPECT_EQ(metadata,
              "The client metadata document at 169.254.169.254 could not be used: its host resolves to "
              "a link-local address, which this server does not connect to.");
    EXPECT_CONTAINS(refusal(fetcher, "https://10.0.0.1/client.json"), "a private address");
    EXPECT_CONTAINS(refusal(fetcher, "https://192.168.1.10/client.json"), "a private address");
    EXPECT_CONTAINS(refusal(fetcher, "https://172.16.5.4/client.json"), "a private address");
    EXPECT_CONTAINS(refusal(fetcher, "https://100.64.0.1/client.json"), "carrier-grade NAT");
    EXPECT_CONTAINS(refusal(fetcher, "https://[fe80::1]/client.json"), "a link-local address");
    EXPECT_CONTAINS(refusal(fetcher, "https://[fd00::1]/client.json"), "a unique-local address");
    EXPECT_CONTAINS(refusal(fetcher, "https://224.0.0.1/client.json"), "a multicast address");
    EXPECT_CONTAINS(refusal(fetcher, "https://255.255.255.255/client.json"), "the broadcast address");
    EXPECT_CONTAINS(refusal(fetcher, "https://[::ffff:169.254.169.254]/client.json"), "a link-local address");
}

TEST(SafeFetcher, TheTestSettingStillRefusesLinkLocalAndUnspecifiedAddresses)
{
    DocumentServer server(serving(kDocument));
    SafeFetcher fetcher(testOptions());
    EXPECT_CONTAINS(refusal(fetcher, "http://169.254.169.254/latest/client.json"), "a link-local address");
    EXPECT_CONTAINS(refusal(fetcher, server.url("http", "0.0.0.0")), "the unspecified address");
    EXPECT_EQ(server.requests(), 0);
}

TEST(SafeFetcher, RefusesANameIfAnyOfItsAddressesIsNotPublic)
{
    std::atomic<int> lookups{0};
    SafeFetcher::Options options;
    options.resolver = [&](const std::string&) {
        ++lookups;
        return std::vector<Poco::Net::IPAddress>{Poco::Net::IPAddress("93.184.216.34"),
                                                 Poco::Net::IPAddress("10.1.2.3")};
    };
    SafeFetcher fetcher(options);
    const std::string error = refusal(fetcher, "https://mixed.example/client.json");
    EXPECT_EQ(error,
              "The client metadata document at mixed.example could not be used: its host resolves to a "
              "private address, which this server does not connect to.");
    EXPECT_EQ(lookups.load(), 1);
}

TEST(SafeFetcher, ANameThatDoesNotResolveIsAClearError)
{
    SafeFetcher::Options options;
    options.resolver = [](const std::string&) { return std::vector<Poco::Net::IPAddress>{}; };
    SafeFetcher fetcher(options);
    EXPECT_EQ(refusal(fetcher, "https://nowhere.example/client.json"),
              "The client metadata document at nowhere.example could not be used: its host name does not "
              "resolve.");
}

// ---- URLs it must not accept

TEST(SafeFetcher, RefusesPlainHttpWithoutTheTestSetting)
{
    DocumentServer server(serving(kDocument));
    SafeFetcher fetcher;
    EXPECT_EQ(refusal(fetcher, server.url("http")),
              "The client_id is not a usable client metadata document URL: it must start with https://.");
    EXPECT_EQ(server.requests(), 0);
}

TEST(SafeFetcher, RefusesUrlsTheDraftForbids)
{
    SafeFetcher fetcher;
    EXPECT_CONTAINS(refusal(fetcher, "ftp://app.example/client.json"), "must start with https://");
    EXPECT_CONTAINS(refusal(fetcher, "app.example/client.json"), "must start with https://");
    EXPECT_CONTAINS(refusal(fetcher, "https://app.example"), "must have a path");
    EXPECT_CONTAINS(refusal(fetcher, "https://app.example/"), "must have a path");
    EXPECT_CONTAINS(refusal(fetcher, "https://user:secret@app.example/client.json"), "user name or password");
    EXPECT_CONTAINS(refusal(fetcher, "https://app.example/client.json#x"), "fragment");
    EXPECT_CONTAINS(refusal(fetcher, "https://app.example/a/../client.json"), ". or .. segments");
    EXPECT_CONTAINS(refusal(fetcher, "https://app.example/a/%2e%2e/client.json"), ". or .. segments");
    EXPECT_CONTAINS(refusal(fetcher, "https:///client.json"), "has no host");
    EXPECT_CONTAINS(refusal(fetcher, "https://[::1/client.json"), "not a valid URL");
    // No error repeats a password from the URL.
    EXPECT_EQ(refusal(fetcher, "https://user:secret@app.example/client.json").find("secret"),
              std::string::npos);
}

// ---- answers it must not accept

TEST(SafeFetcher, RefusesARedirectWithoutFollowingIt)
{
    DocumentServer target(serving(kDocument));
    DocumentServer server(
        [&](Poco::Net::HTTPServerRequest&, Poco::Net::HTTPServerResponse& response, DocumentServer&) {
            response.redirect(target.url(), Poco::Net::HTTPResponse::HTTP_FOUND);
        });
    SafeFetcher fetcher(testOptions());
    EXPECT_EQ(refusal(fetcher, server.url()),
              "The client metadata document at 127.0.0.1 could not be used: its server answered with a "
              "redirect (HTTP 302), which is not followed.");
    EXPECT_EQ(target.requests(), 0);
}

TEST(SafeFetcher, RefusesAnythingButStatus200AndNeverRepeatsTheBody)
{
    DocumentServer server(serving(R"({"error":"the-upstream-body"})", "application/json", 404));
    SafeFetcher fetcher(testOptions());
    const std::string error = refusal(fetcher, server.url());
    EXPECT_EQ(error, "The client metadata document at 127.0.0.1 could not be used: its server answered HTTP "
                     "404 instead of 200.");
    DocumentServer created(serving(kDocument, "application/json", 201));
    EXPECT_CONTAINS(refusal(fetcher, created.url()), "HTTP 201 instead of 200");
}

TEST(SafeFetcher, RefusesANonJsonContentType)
{
    SafeFetcher fetcher(testOptions());
    for (const std::string type :
         {"text/html", "text/plain", "application/jsonp", "application/x-json-ish", "text/json+xml"})
    {
        DocumentServer server(serving(kDocument, type));
        EXPECT_CONTAINS(refusal(fetcher, server.url()), "did not answer with a JSON media type") << type;
    }
}

TEST(SafeFetcher, RefusesAnOversizedBodyAnnouncedOrNot)
{
    const std::string big = "\"" + std::string(64 * 1024, 'a') + "\"";
    SafeFetcher fetcher(testOptions());
    DocumentServer announced(serving(big));
    EXPECT_EQ(
        refusal(fetcher, announced.url()),
        "The client metadata document at 127.0.0.1 could not be used: the document is larger than 64 KiB.");

    // Chunked, so only reading tells; the server offers far more than the limit.
    DocumentServer chunked(
        [](Poco::Net::HTTPServerRequest&, Poco::Net::HTTPServerResponse& response, DocumentServer&) {
            response.setContentType("application/json");
            response.setChunkedTransferEncoding(true);
            std::ostream& out = response.send();
            const std::string block(4096, 'b');
            for (int i = 0; i < 1024 && out; ++i)
                out << block;
        });
    EXPECT_CONTAINS(refusal(fetcher, chunked.url()), "larger than 64 KiB");

    SafeFetcher::Options small = testOptions();
    small.maxBytes = 10;
    SafeFetcher strict(small);
    DocumentServer eleven(serving("{\"a\":12345}"));
    EXPECT_CONTAINS(refusal(strict, eleven.url()), "larger than 10 bytes");
}

TEST(SafeFetcher, ASlowDripServerIsCutOffAtTheDeadline)
{
    // Each byte arrives well within any receive timeout; only the overall deadline can end this.
    DocumentServer server(
        [](Poco::Net::HTTPServerRequest&, Poco::Net::HTTPServerResponse& response, DocumentServer& self) {
            response.setContentType("application/json");
            response.setContentLength(1000);
            std::ostream& out = response.send();
            for (int i = 0; i < 1000 && out; ++i)
            {
                out << ' ' << std::flush;
                if (!self.pause(std::chrono::milliseconds(100)))
                    return;
            }
        });
    SafeFetcher::Options options = testOptions();
    options.timeout = std::chrono::seconds(1);
    SafeFetcher fetcher(options);
    const auto start = Clock::now();
    const std::string error = refusal(fetcher, server.url());
    const auto elapsed = Clock::now() - start;
    EXPECT_EQ(error, "The client metadata document at 127.0.0.1 could not be used: its server did not answer "
                     "within 1000 ms.");
    EXPECT_GE(elapsed, std::chrono::milliseconds(900));
    EXPECT_LT(elapsed, std::chrono::seconds(3));
}

TEST(SafeFetcher, AServerDrippingItsHeadersIsCutOffAtTheDeadline)
{
    // Below HTTP: a raw socket that sends the status line and headers one byte every 100 ms, forever.
    Poco::Net::ServerSocket listener(Poco::Net::SocketAddress("127.0.0.1", 0));
    std::mutex mutex;
    std::condition_variable stop;
    bool stopping = false;
    std::thread drip([&] {
        try
        {
            while (!listener.poll(Poco::Timespan(0, 50 * 1000), Poco::Net::Socket::SELECT_READ))
            {
                std::lock_guard<std::mutex> lock(mutex);
                if (stopping) // the fetcher never connected (and the test has failed)
                    return;
            }
            Poco::Net::StreamSocket client = listener.acceptConnection();
            const std::string head =
                "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nX-Filler: " + std::string(10000, 'x');
            for (char c : head)
            {
                client.sendBytes(&c, 1);
                std::unique_lock<std::mutex> lock(mutex);
                if (stop.wait_for(lock, std::chrono::milliseconds(100), [&] { return stopping; }))
                    return;
            }
        }
        catch (const Poco::Exception&)
        {} // the fetcher hung up
    });
    SafeFetcher::Options options = testOptions();
    options.timeout = std::chrono::seconds(1);
    SafeFetcher fetcher(options);
    const auto start = Clock::now();
    const std::string error =
        refusal(fetcher, "http://127.0.0.1:" + std::to_string(listener.address().port()) + "/client.json");
    const auto elapsed = Clock::now() - start;
    {
        std::lock_guard<std::mutex> lock(mutex);
        stopping = true;
    }
    stop.notify_all();
    drip.join();
    EXPECT_CONTAINS(error, "did not answer within 1000 ms");
    EXPECT_LT(elapsed, std::chrono::seconds(3));
}

TEST(SafeFetcher, AServerThatNeverAnswersIsCutOffAtTheDeadline)
{
    DocumentServer server([](Poco::Net::HTTPServerRequest&, Poco::Net::HTTPServerResponse&,
                             DocumentServer& self) { self.pause(std::chrono::seconds(30)); });
    SafeFetcher::Options options = testOptions();
    options.timeout = std::chrono::milliseconds(800);
    SafeFetcher fetcher(options);
    const auto start = Clock::now();
    EXPECT_CONTAINS(refusal(fetcher, server.url()), "did not answer within 800 ms");
    EXPECT_LT(Clock::now() - start, std::chrono::milliseconds(2800));
}

TEST(SafeFetcher, ARefusedConnectionIsAClearError)
{
    std::uint16_t port = 0;
    {
        Poco::Net::ServerSocket probe(Poco::Net::SocketAddress("127.0.0.1", 0));
        port = probe.address().port();
    } // closed: nothing listens there now
    SafeFetcher fetcher(testOptions());
    EXPECT_EQ(
        refusal(fetcher, "http://127.0.0.1:" + std::to_string(port) + "/client.json"),
        "The client metadata document at 127.0.0.1 could not be used: its server refused the connection.");
}

// ---- helpers

TEST(SafeFetcher, ParsesMaxAge)
{
    EXPECT_EQ(SafeFetcher::parseMaxAge("max-age=60"), 60);
    EXPECT_EQ(SafeFetcher::parseMaxAge("public, Max-Age=86400, must-revalidate"), 86400);
    EXPECT_EQ(SafeFetcher::parseMaxAge("max-age=\"120\""), 120);
    EXPECT_EQ(SafeFetcher::parseMaxAge(""), 0);
    EXPECT_EQ(SafeFetcher::parseMaxAge("max-age=abc"), 0);
    EXPECT_EQ(SafeFetcher::parseMaxAge("max-age=-5"), 0);
    EXPECT_EQ(SafeFetcher::parseMaxAge("s-maxage=600"), 0);
    EXPECT_EQ(SafeFetcher::parseMaxAge("no-store, max-age=600"), 0);
    EXPECT_EQ(SafeFetcher::parseMaxAge("max-age=600, no-cache"), 0);
    EXPECT_EQ(SafeFetcher::parseMaxAge("max-age=99999999999999999999999"),
              std::numeric_limits<std::int64_t>::max());
}

TEST(SafeFetcher, RecognisesJsonMediaTypes)
{
    EXPECT_TRUE(SafeFetcher::isJsonMediaType("application/json"));
    EXPECT_TRUE(SafeFetcher::isJsonMediaType("Application/JSON; charset=utf-8"));
    EXPECT_TRUE(SafeFetcher::isJsonMediaType("application/oauth-client-metadata+json"));
    EXPECT_FALSE(SafeFetcher::isJsonMediaType(""));
    EXPECT_FALSE(SafeFetcher::isJsonMediaType("text/html"));
    EXPECT_FALSE(SafeFetcher::isJsonMediaType("application/+json"));
    EXPECT_FALSE(SafeFetcher::isJsonMediaType("application/a/b+json"));
    EXPECT_FALSE(SafeFetcher::isJsonMediaType("text/x+json"));
}

#include "oauth/SafeFetcher.h"

#include "oauth/AddressPolicy.h"
#include "platform/Sockets.h"
#include "util/Log.h"

#include <Poco/Exception.h>
#include <Poco/Net/Context.h>
#include <Poco/Net/DNS.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/Net/NetException.h>
#include <Poco/Net/SSLException.h>
#include <Poco/Net/SSLManager.h>
#include <Poco/Net/SecureStreamSocket.h>
#include <Poco/Net/SocketAddress.h>
#include <Poco/Net/StreamSocket.h>
#include <Poco/String.h>
#include <Poco/URI.h>

#include <openssl/ssl.h>
#include <openssl/x509v3.h>

#include <cctype>
#include <condition_variable>
#include <limits>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <thread>

namespace OuraMcp::OAuth {

namespace {

const char* const kComponent = "oauth";

using Clock = std::chrono::steady_clock;

/// The host as an error text may show it: a plain DNS name or address, else a neutral phrase (the URL came
/// from a stranger and could carry anything).
std::string printableHost(const std::string& host)
{
    if (host.empty() || host.size() > 253)
        return "the client's host";
    for (char c : host)
    {
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '.' && c != '-' && c != ':')
            return "the client's host";
    }
    return host;
}

[[noreturn]] void refuseUrl(const std::string& why)
{
    throw ClientMetadataFetcher::Error("The client_id is not a usable client metadata document URL: " + why +
                                       ".");
}

[[noreturn]] void fail(const std::string& host, const std::string& why)
{
    throw ClientMetadataFetcher::Error("The client metadata document at " + printableHost(host) +
                                       " could not be used: " + why + ".");
}

std::string sizeText(std::size_t bytes)
{
    if (bytes % 1024 == 0)
        return std::to_string(bytes / 1024) + " KiB";
    return std::to_string(bytes) + " bytes";
}

std::vector<Poco::Net::IPAddress> systemResolve(const std::string& host)
{
    try
    {
        return Poco::Net::DNS::hostByName(host).addresses();
    }
    catch (const Poco::Exception&)
    {
        return {};
    }
}

/// Runs the lookup on its own thread so that a resolver slower than the deadline cannot hold the caller:
/// past the deadline the caller leaves and the thread finishes (and is forgotten) on its own.
std::vector<Poco::Net::IPAddress>
resolveBefore(const std::string& host, const SafeFetcher::Resolver& resolver, Clock::time_point deadline)
{
    struct Outcome
    {
        std::mutex mutex;
        std::condition_variable done;
        bool finished = false;
        bool failed = false;
        std::vector<Poco::Net::IPAddress> addresses;
    };
    auto outcome = std::make_shared<Outcome>();
    std::thread([outcome, host, resolver] {
        std::vector<Poco::Net::IPAddress> addresses;
        bool failed = false;
        try
        {
            addresses = resolver ? resolver(host) : systemResolve(host);
        }
        catch (...)
        {
            failed = true;
        }
        std::lock_guard<std::mutex> lock(outcome->mutex);
        outcome->addresses = std::move(addresses);
        outcome->failed = failed;
        outcome->finished = true;
        outcome->done.notify_all();
    }).detach();
    std::unique_lock<std::mutex> lock(outcome->mutex);
    if (!outcome->done.wait_until(lock, deadline, [&] { return outcome->finished; }))
        fail(host, "its host name did not resolve in time");
    if (outcome->failed || outcome->addresses.empty())
        fail(host, "its host name does not resolve");
    return outcome->addresses;
}

/// Ends a fetch at its deadline whatever the server does: shuts the connection down (through a duplicate of
/// its descriptor, so that it never touches a descriptor number the fetch has already closed and the system
/// may have reused), which wakes a read blocked on a server that drips one byte at a time.
class Watchdog
{
public:
    explicit Watchdog(Clock::time_point deadline) : _deadline(deadline), _thread([this] { run(); }) {}

    ~Watchdog()
    {
        {
            std::lock_guard<std::mutex> lock(_mutex);
            _finished = true;
        }
        _changed.notify_all();
        _thread.join();
        if (_socket != Platform::Sockets::Invalid)
            Platform::Sockets::close(_socket);
    }

    Watchdog(const Watchdog&) = delete;
    Watchdog& operator=(const Watchdog&) = delete;

    void watch(Platform::Sockets::Native socket)
    {
        std::lock_guard<std::mutex> lock(_mutex);
        _socket = Platform::Sockets::duplicate(socket);
        if (_fired && _socket != Platform::Sockets::Invalid)
            Platform::Sockets::shutdownBoth(_socket);
    }

    bool fired() const
    {
        std::lock_guard<std::mutex> lock(_mutex);
        return _fired;
    }

private:
    void run()
    {
        std::unique_lock<std::mutex> lock(_mutex);
        if (_changed.wait_until(lock, _deadline, [this] { return _finished; }))
            return;
        _fired = true;
        if (_socket != Platform::Sockets::Invalid)
            Platform::Sockets::shutdownBoth(_socket);
    }

    Clock::time_point _deadline;
    mutable std::mutex _mutex;
    std::condition_variable _changed;
    bool _finished = false;
    bool _fired = false;
    Platform::Sockets::Native _socket = Platform::Sockets::Invalid;
    std::thread _thread; // last: started once the members it reads exist
};

Poco::Timespan remaining(Clock::time_point deadline)
{
    const auto left = std::chrono::duration_cast<std::chrono::microseconds>(deadline - Clock::now());
    return Poco::Timespan(std::max<Poco::Timespan::TimeDiff>(left.count(), 1000));
}

Poco::Net::Context::Ptr tlsContextFor(const std::string& host, const std::string& caLocation)
{
    // One context per fetch, so that the certificate check can be pinned to this fetch's host name: Poco's
    // own check would also accept a certificate for any name resolving to the same address. With the system
    // store as a directory of hashed certificates, OpenSSL reads only the certificates a chain needs.
    Poco::Net::Context::Params params;
    params.caLocation = caLocation;
    params.verificationMode = Poco::Net::Context::VERIFY_RELAXED;
    params.verificationDepth = 9;
    params.loadDefaultCAs = false;
    Poco::Net::Context::Ptr context = new Poco::Net::Context(Poco::Net::Context::TLS_CLIENT_USE, params);
    context->requireMinimumProtocol(Poco::Net::Context::PROTO_TLSV1_2);
    if (caLocation == Platform::TrustStore::systemLocation()) // Windows: trust lives outside OpenSSL's files
    {
        try
        {
            Platform::TrustStore::addSystemCertificates(SSL_CTX_get_cert_store(context->sslContext()));
        }
        catch (const std::runtime_error& e)
        {
            throw Poco::Net::SSLException(e.what());
        }
    }
    X509_VERIFY_PARAM* verify = SSL_CTX_get0_param(context->sslContext());
    Poco::Net::IPAddress literal;
    const int pinned = Poco::Net::IPAddress::tryParse(host, literal)
                           ? X509_VERIFY_PARAM_set1_ip_asc(verify, host.c_str())
                           : X509_VERIFY_PARAM_set1_host(verify, host.c_str(), host.size());
    if (pinned != 1)
        throw Poco::Net::SSLException("cannot pin the certificate check to the host");
    return context;
}

/// An HTTPS session over a socket that is already connected and past its handshake. Poco's own constructor
/// for a given socket sets the default port, which it refuses on a connected socket.
class ConnectedHttpsSession : public Poco::Net::HTTPSClientSession
{
public:
    explicit ConnectedHttpsSession(const Poco::Net::SecureStreamSocket& socket)
        : Poco::Net::HTTPSClientSession(socket.context())
    {
        attachSocket(socket);
    }
};

} // namespace

SafeFetcher::SafeFetcher() : SafeFetcher(Options()) {}

SafeFetcher::SafeFetcher(Options options) : _options(std::move(options))
{
    Poco::Net::initializeSSL();
}

SafeFetcher::~SafeFetcher()
{
    Poco::Net::uninitializeSSL();
}

std::int64_t SafeFetcher::parseMaxAge(const std::string& cacheControl)
{
    std::int64_t maxAge = 0;
    bool forbidden = false;
    std::size_t start = 0;
    while (start <= cacheControl.size())
    {
        const std::size_t comma = cacheControl.find(',', start);
        const std::string directive = Poco::toLower(Poco::trim(
            cacheControl.substr(start, comma == std::string::npos ? std::string::npos : comma - start)));
        start = comma == std::string::npos ? cacheControl.size() + 1 : comma + 1;
        if (directive == "no-store" || directive == "no-cache")
        {
            forbidden = true;
            continue;
        }
        const std::size_t equals = directive.find('=');
        if (equals == std::string::npos || Poco::trim(directive.substr(0, equals)) != "max-age")
            continue;
        std::string value = Poco::trim(directive.substr(equals + 1));
        if (value.size() >= 2 && value.front() == '"' && value.back() == '"')
            value = value.substr(1, value.size() - 2);
        if (value.empty())
            continue;
        std::int64_t parsed = 0;
        bool digits = true;
        for (char c : value)
        {
            if (!std::isdigit(static_cast<unsigned char>(c)))
            {
                digits = false;
                break;
            }
            // RFC 9111 5.2: a delta-seconds too large to represent means "as long as possible".
            if (parsed > (std::numeric_limits<std::int64_t>::max() - 9) / 10)
                parsed = std::numeric_limits<std::int64_t>::max();
            else
                parsed = parsed * 10 + (c - '0');
        }
        if (digits)
            maxAge = parsed;
    }
    return forbidden ? 0 : maxAge;
}

bool SafeFetcher::isJsonMediaType(const std::string& contentType)
{
    const std::string type = Poco::toLower(Poco::trim(contentType.substr(0, contentType.find(';'))));
    if (type == "application/json")
        return true;
    const std::string prefix = "application/";
    const std::string suffix = "+json";
    return type.size() > prefix.size() + suffix.size() && type.compare(0, prefix.size(), prefix) == 0 &&
           type.compare(type.size() - suffix.size(), suffix.size(), suffix) == 0 &&
           type.find('/', prefix.size()) == std::string::npos;
}

ClientMetadataFetcher::Document SafeFetcher::fetch(const std::string& url)
{
    const Clock::time_point deadline = Clock::now() + _options.timeout;

    // ---- the URL (draft-ietf-oauth-client-id-metadata-document: https, a path, no user info or fragment)
    Poco::URI uri;
    try
    {
        uri = Poco::URI(url);
    }
    catch (const Poco::Exception&)
    {
        refuseUrl("it is not a valid URL");
    }
    const std::string scheme = Poco::toLower(uri.getScheme());
    const bool https = scheme == "https";
    if (!https && !(scheme == "http" && _options.allowLoopbackHttp))
        refuseUrl("it must start with https://");
    const std::string host = uri.getHost();
    if (host.empty())
        refuseUrl("it has no host");
    if (!uri.getUserInfo().empty())
        refuseUrl("it must not contain a user name or password");
    if (!uri.getFragment().empty() || url.find('#') != std::string::npos)
        refuseUrl("it must not contain a fragment");
    const std::string path = uri.getPath();
    if (path.empty() || path == "/")
        refuseUrl("it must have a path, such as https://" + printableHost(host) + "/client.json");
    std::vector<std::string> segments;
    uri.getPathSegments(segments);
    for (const auto& segment : segments)
    {
        if (segment == "." || segment == "..")
            refuseUrl("its path must not contain . or .. segments");
    }
    const Poco::UInt16 port = uri.getPort();

    // ---- one lookup; every address it gives must be allowed
    std::vector<Poco::Net::IPAddress> addresses;
    Poco::Net::IPAddress literal;
    if (Poco::Net::IPAddress::tryParse(host, literal))
        addresses.push_back(literal);
    else
        addresses = resolveBefore(host, _options.resolver, deadline);
    for (const auto& address : addresses)
    {
        const AddressPolicy::Kind kind = AddressPolicy::classify(address);
        if (kind == AddressPolicy::Kind::Public)
            continue;
        if (_options.allowLoopbackHttp && AddressPolicy::isLocalTestAddress(address))
            continue;
        Util::Log::info(kComponent, "refused to fetch a client metadata document from " +
                                        printableHost(host) + ": it resolves to " +
                                        AddressPolicy::describe(kind));
        fail(host, "its host resolves to " + AddressPolicy::describe(kind) +
                       ", which this server does not connect to");
    }

    // ---- connect to a checked address (never a second lookup), then TLS with the original name
    Watchdog watchdog(deadline);
    Poco::Net::StreamSocket socket;
    bool connected = false;
    bool refused = false;
    for (const auto& address : addresses)
    {
        if (Clock::now() >= deadline)
            break;
        try
        {
            socket = Poco::Net::StreamSocket(address.family());
            socket.connect(Poco::Net::SocketAddress(address, port), remaining(deadline));
            connected = true;
            break;
        }
        catch (const Poco::Net::ConnectionRefusedException&)
        {
            refused = true;
        }
        catch (const Poco::Exception&)
        {}
    }
    if (!connected)
        fail(host, Clock::now() >= deadline ? "its server did not accept a connection in time"
                   : refused                ? "its server refused the connection"
                                            : "its server could not be reached");
    watchdog.watch(static_cast<Platform::Sockets::Native>(socket.impl()->sockfd()));
    socket.setReceiveTimeout(remaining(deadline));
    socket.setSendTimeout(remaining(deadline));
    socket.setNoDelay(true);

    const std::string timedOut =
        "its server did not answer within " + std::to_string(_options.timeout.count()) + " ms";
    std::unique_ptr<Poco::Net::HTTPClientSession> session;
    try
    {
        if (https)
        {
            Poco::Net::SecureStreamSocket secure =
                Poco::Net::SecureStreamSocket::attach(socket, host, tlsContextFor(host, _options.caLocation));
            session = std::make_unique<ConnectedHttpsSession>(secure);
        }
        else
        {
            session = std::make_unique<Poco::Net::HTTPClientSession>(socket);
        }
    }
    catch (const Poco::Exception&)
    {
        if (watchdog.fired())
            fail(host, timedOut);
        fail(host, "the TLS handshake with its server failed (certificate not trusted for this host, or no "
                   "common protocol)");
    }
    session->setKeepAlive(false);

    Poco::Net::HTTPRequest request(Poco::Net::HTTPRequest::HTTP_GET, uri.getPathAndQuery(),
                                   Poco::Net::HTTPMessage::HTTP_1_1);
    request.setHost(host, port);
    request.setKeepAlive(false);
    request.set("Accept", "application/json");
    request.set("User-Agent", std::string("oura-mcp/") + OURA_MCP_VERSION);

    Poco::Net::HTTPResponse response;
    std::string body;
    try
    {
        session->sendRequest(request);
        std::istream& in = session->receiveResponse(response);
        const int status = static_cast<int>(response.getStatus());
        if (status >= 300 && status < 400)
            fail(host, "its server answered with a redirect (HTTP " + std::to_string(status) +
                           "), which is not followed");
        if (status != 200)
            fail(host, "its server answered HTTP " + std::to_string(status) + " instead of 200");
        if (!isJsonMediaType(response.getContentType()))
            fail(host, "its server did not answer with a JSON media type (application/json)");
        const std::string tooLarge = "the document is larger than " + sizeText(_options.maxBytes);
        if (response.hasContentLength() && response.getContentLength64() > 0 &&
            static_cast<std::uint64_t>(response.getContentLength64()) > _options.maxBytes)
            fail(host, tooLarge);
        // Read at most one byte past the limit: enough to know the document is too large.
        char buffer[4096];
        while (body.size() <= _options.maxBytes)
        {
            const std::size_t want = std::min(sizeof buffer, _options.maxBytes + 1 - body.size());
            in.read(buffer, static_cast<std::streamsize>(want));
            const std::streamsize got = in.gcount();
            body.append(buffer, static_cast<std::size_t>(got));
            if (got < static_cast<std::streamsize>(want))
                break;
        }
        if (body.size() > _options.maxBytes)
            fail(host, tooLarge);
        if (watchdog.fired())
            fail(host, timedOut);
        // The stream turns a failed read (a receive timeout, a broken chunk) into badbit, not an exception.
        if (in.bad())
            fail(host, Clock::now() >= deadline ? timedOut
                                                : "its server broke the connection before the whole document "
                                                  "arrived");
        if (response.hasContentLength() &&
            static_cast<std::int64_t>(body.size()) < response.getContentLength64())
            fail(host, "its server closed the connection before the whole document arrived");
    }
    catch (const ClientMetadataFetcher::Error&)
    {
        throw;
    }
    catch (const Poco::Exception& e)
    {
        if (watchdog.fired() || dynamic_cast<const Poco::TimeoutException*>(&e) != nullptr)
            fail(host, timedOut);
        fail(host, "its server did not give a readable HTTP answer");
    }
    catch (const std::exception&)
    {
        if (watchdog.fired())
            fail(host, timedOut);
        fail(host, "its server did not give a readable HTTP answer");
    }

    Document document;
    document.json = std::move(body);
    document.maxAgeSeconds = parseMaxAge(response.get("Cache-Control", ""));
    return document;
}

} // namespace OuraMcp::OAuth

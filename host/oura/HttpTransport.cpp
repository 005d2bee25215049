#include "oura/HttpTransport.h"

#include "util/Log.h"

#include <Poco/Exception.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/Net/IPAddress.h>
#include <Poco/Net/NetException.h>
#include <Poco/Net/SSLException.h>
#include <Poco/Net/SSLManager.h>
#include <Poco/StreamCopier.h>
#include <Poco/String.h>
#include <Poco/URI.h>

#include <openssl/ssl.h>
#include <openssl/x509v3.h>

#include <stdexcept>

namespace OuraMcp::Oura {

namespace {

const char* const kComponent = "http";

Poco::Timespan toTimespan(std::chrono::milliseconds ms)
{
    return Poco::Timespan(static_cast<Poco::Timespan::TimeDiff>(ms.count()) * 1000);
}

} // namespace

bool HttpTransport::isLoopbackHost(const std::string& host)
{
    if (Poco::icompare(host, "localhost") == 0)
        return true;
    Poco::Net::IPAddress address;
    if (!Poco::Net::IPAddress::tryParse(host, address))
        return false;
    return address.isLoopback(); // 127.0.0.0/8 and ::1
}

HttpTransport::HttpTransport(const std::string& baseUrl, TransportOptions options)
    : _baseUrl(baseUrl), _options(std::move(options))
{
    Poco::URI uri;
    try
    {
        uri = Poco::URI(baseUrl);
    }
    catch (const Poco::Exception& e)
    {
        throw std::invalid_argument("The Oura API base URL '" + baseUrl +
                                    "' is not a valid URL: " + e.displayText());
    }
    _scheme = Poco::toLower(uri.getScheme());
    _host = uri.getHost();
    _port = uri.getPort();
    _basePath = uri.getPath();
    while (!_basePath.empty() && _basePath.back() == '/')
        _basePath.pop_back();
    if (_host.empty())
        throw std::invalid_argument("The Oura API base URL '" + baseUrl + "' has no host name.");
    if (!uri.getQuery().empty() || !uri.getFragment().empty() || !uri.getUserInfo().empty())
        throw std::invalid_argument("The Oura API base URL '" + baseUrl +
                                    "' must be scheme://host[:port][/path] without user, query or fragment.");
    if (_options.maxConnections == 0)
        _options.maxConnections = 1;

    if (_scheme == "http")
    {
        if (!isLoopbackHost(_host))
            throw std::invalid_argument(
                "Refusing plain http:// to '" + _host +
                "': bearer tokens would travel unencrypted. Use https://, or http:// only "
                "for a loopback test server (127.0.0.1, localhost, ::1).");
    }
    else if (_scheme != "https")
    {
        throw std::invalid_argument("The Oura API base URL '" + baseUrl +
                                    "' must start with https:// (or http:// "
                                    "for a loopback test server).");
    }
    // The TLS context is built on the first request, not here: loading the system CA store (~150 PEM
    // certificates) costs ~30 ms of CPU, which every start of the server would pay even when it only
    // lists tools or answers from the cache (see docs/performance.md, spawn -> initialize).
}

std::string HttpTransport::prepareTls()
{
    std::lock_guard<std::mutex> lock(_tlsMutex);
    if (_tls)
        return {};
    Poco::Net::initializeSSL();
    Poco::Net::Context::Params params;
    params.caLocation = _options.caLocation;
    params.verificationMode = Poco::Net::Context::VERIFY_RELAXED; // verify the chain and the host name
    params.verificationDepth = 9;
    params.loadDefaultCAs = true;
    try
    {
        Poco::AutoPtr<Poco::Net::Context> tls =
            new Poco::Net::Context(Poco::Net::Context::TLS_CLIENT_USE, params);
        tls->requireMinimumProtocol(Poco::Net::Context::PROTO_TLSV1_2);
        // Where the system keeps trust outside any file OpenSSL reads (Windows), copy it in. A custom
        // caLocation (tests, a corporate CA) replaces the system store there, as it adds to it here.
        if (_options.caLocation == Platform::TrustStore::systemLocation())
            Platform::TrustStore::addSystemCertificates(SSL_CTX_get_cert_store(tls->sslContext()));
        // Poco's own host-name check accepts a certificate for any name that resolves to the same
        // address, so DNS spoofing could pass it. Make OpenSSL check the exact name (or IP) during the
        // handshake, before a single byte of the request (and its bearer token) is sent.
        X509_VERIFY_PARAM* verify = SSL_CTX_get0_param(tls->sslContext());
        Poco::Net::IPAddress literal;
        const int pinned = Poco::Net::IPAddress::tryParse(_host, literal)
                               ? X509_VERIFY_PARAM_set1_ip_asc(verify, _host.c_str())
                               : X509_VERIFY_PARAM_set1_host(verify, _host.c_str(), _host.size());
        if (pinned != 1)
            throw Poco::Net::SSLException("cannot pin the certificate check to host " + _host);
        _tls = tls;
        return {};
    }
    catch (const Poco::Exception& e)
    {
        Poco::Net::uninitializeSSL();
        return "TLS failure: could not set up TLS with the system CA store (" +
               Platform::TrustStore::describe(_options.caLocation) + "): " + e.displayText();
    }
    catch (const std::exception& e) // the system store could not be opened
    {
        Poco::Net::uninitializeSSL();
        return "TLS failure: could not set up TLS with the system CA store (" +
               Platform::TrustStore::describe(_options.caLocation) + "): " + e.what();
    }
}

HttpTransport::~HttpTransport()
{
    {
        std::lock_guard<std::mutex> lock(_mutex);
        _idle.clear();
    }
    if (_tls)
    {
        _tls = nullptr;
        Poco::Net::uninitializeSSL();
    }
}

std::string HttpTransport::describe() const
{
    return _baseUrl;
}

std::unique_ptr<Poco::Net::HTTPClientSession> HttpTransport::makeSession() const
{
    std::unique_ptr<Poco::Net::HTTPClientSession> session;
    if (_scheme == "https")
        session = std::make_unique<Poco::Net::HTTPSClientSession>(_host, _port, _tls);
    else
        session = std::make_unique<Poco::Net::HTTPClientSession>(_host, _port);
    session->setKeepAlive(true);
    session->setTimeout(toTimespan(_options.connectTimeout), toTimespan(_options.readTimeout),
                        toTimespan(_options.readTimeout));
    return session;
}

std::unique_ptr<Poco::Net::HTTPClientSession> HttpTransport::checkout(bool& reused)
{
    {
        std::lock_guard<std::mutex> lock(_mutex);
        if (!_idle.empty())
        {
            auto session = std::move(_idle.back());
            _idle.pop_back();
            reused = true;
            return session;
        }
    }
    reused = false;
    return makeSession();
}

void HttpTransport::giveBack(std::unique_ptr<Poco::Net::HTTPClientSession> session)
{
    std::lock_guard<std::mutex> lock(_mutex);
    if (_idle.size() < _options.maxConnections)
        _idle.push_back(std::move(session));
}

bool HttpTransport::awaitAnswer(Poco::Net::HTTPClientSession& session,
                                const std::function<bool()>& cancelled) const
{
    // Waited in slices so that a cancel is noticed within one; after the read timeout receiveResponse()
    // reports the timeout as before.
    const auto deadline = std::chrono::steady_clock::now() + _options.readTimeout;
    while (std::chrono::steady_clock::now() < deadline)
    {
        if (cancelled())
            return false;
        if (session.socket().poll(Poco::Timespan(0, 100 * 1000),
                                  Poco::Net::Socket::SELECT_READ | Poco::Net::Socket::SELECT_ERROR))
            return true;
    }
    return true;
}

HttpResponse HttpTransport::exchange(Poco::Net::HTTPClientSession& session, const HttpRequest& request,
                                     bool& keepSession, bool& nothingReceived)
{
    HttpResponse out;
    keepSession = false;
    nothingReceived = true;
    std::string target = _basePath + request.path;
    if (target.empty() || target.front() != '/')
        target.insert(target.begin(), '/');
    if (!request.query.empty())
        target += '?' + encodeQuery(request.query);

    Poco::Net::HTTPRequest req(request.method, target, Poco::Net::HTTPMessage::HTTP_1_1);
    req.setKeepAlive(true);
    req.set("Accept", "application/json");
    req.set("User-Agent", std::string("oura-mcp/") + OURA_MCP_VERSION);
    for (const auto& [name, value] : request.headers)
        req.set(name, value);
    if (!request.body.empty() || request.method == "POST" || request.method == "PUT")
    {
        req.setContentLength(static_cast<std::streamsize>(request.body.size()));
        if (!request.contentType.empty())
            req.setContentType(request.contentType);
    }

    std::ostream& body = session.sendRequest(req);
    body << request.body;
    body.flush();
    if (request.cancelled && !awaitAnswer(session, request.cancelled))
    {
        // The caller's request was cancelled (e.g. its client disconnected): the connection is dropped, so
        // Oura's answer is never read.
        session.abort();
        HttpResponse cancelled;
        cancelled.networkError = "cancelled";
        return cancelled;
    }

    Poco::Net::HTTPResponse resp;
    std::istream& in = session.receiveResponse(resp);
    nothingReceived = false;
    out.status = static_cast<int>(resp.getStatus());
    for (const auto& [name, value] : resp)
        out.headers.emplace_back(name, value);
    std::string text;
    // One allocation for the announced length (capped: the length is the server's claim, not a fact).
    if (resp.hasContentLength() && resp.getContentLength64() > 0 && resp.getContentLength64() <= (16ll << 20))
        text.reserve(static_cast<std::size_t>(resp.getContentLength64()));
    Poco::StreamCopier::copyToString(in, text);

    if (resp.hasContentLength() && static_cast<long long>(text.size()) < resp.getContentLength64())
    {
        const std::string got = std::to_string(text.size());
        const std::string want = std::to_string(resp.getContentLength64());
        HttpResponse truncated;
        truncated.networkError = "the connection closed after " + got + " of " + want + " bytes (HTTP " +
                                 std::to_string(out.status) + " answer truncated)";
        return truncated;
    }
    out.body = std::move(text); // from here on shared, never copied (Body)
    keepSession = resp.getKeepAlive();
    return out;
}

HttpResponse HttpTransport::send(const HttpRequest& request)
{
    if (_scheme == "https")
    {
        const std::string problem = prepareTls();
        if (!problem.empty())
        {
            HttpResponse failed;
            failed.networkError = problem;
            return failed;
        }
    }
    // A pooled keep-alive connection may have been closed by the server while idle; that shows up as an
    // error before any byte of the answer. Only then, retry once on a fresh connection (GETs are safe).
    for (int attempt = 0; attempt < 2; ++attempt)
    {
        bool reused = false;
        auto session = checkout(reused);
        bool keep = false;
        bool nothingReceived = true;
        // A timeout means a slow server, not a stale connection. Only idempotent requests are repeated: a
        // POST to the token endpoint spends a single-use refresh token and must never be sent twice.
        bool staleSuspect = request.method == "GET" || request.method == "HEAD";
        std::string problem;
        try
        {
            HttpResponse response = exchange(*session, request, keep, nothingReceived);
            if (keep && response.status != 0)
                giveBack(std::move(session));
            Util::Log::debug(kComponent, request.method + " " + request.path + " -> " +
                                             (response.status ? std::to_string(response.status)
                                                              : "no answer: " + response.networkError));
            return response;
        }
        catch (const Poco::TimeoutException&)
        {
            problem = "timed out";
            staleSuspect = false;
        }
        catch (const Poco::Net::SSLException& e)
        {
            problem = "TLS failure: " + e.displayText();
        }
        catch (const Poco::Net::ConnectionRefusedException&)
        {
            problem = "connection refused by " + _host + ":" + std::to_string(_port);
        }
        catch (const Poco::Net::NoMessageException&)
        {
            problem = "the server closed the connection without answering";
        }
        catch (const Poco::Exception& e)
        {
            problem = e.displayText();
        }
        catch (const std::exception& e)
        {
            problem = e.what();
        }
        session->reset();
        if (reused && nothingReceived && staleSuspect && attempt == 0)
            continue;
        Util::Log::debug(kComponent, request.method + " " + request.path + " -> no answer: " + problem);
        HttpResponse failed;
        failed.networkError = problem;
        return failed;
    }
    HttpResponse failed;
    failed.networkError = "no answer";
    return failed;
}

} // namespace OuraMcp::Oura

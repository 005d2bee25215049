#pragma once

#include "oura/Transport.h"
#include "platform/TrustStore.h"

#include <Poco/AutoPtr.h>
#include <Poco/Net/Context.h>

#include <chrono>
#include <cstddef>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace Poco::Net {
class HTTPClientSession;
}

namespace OuraMcp::Oura {

struct TransportOptions
{
    std::chrono::milliseconds connectTimeout = std::chrono::seconds(10);
    std::chrono::milliseconds readTimeout = std::chrono::seconds(30);
    std::size_t maxConnections = 16; ///< idle keep-alive sessions kept for reuse (>= parallel windows)
    std::string caLocation = Platform::TrustStore::systemLocation();
    ///< The CAs to trust (a PEM file or a directory of hashed certificates). The default is the system's store:
    ///< /etc/ssl/certs on POSIX; "" on Windows, where the system's ROOT store is copied in instead.
};

/// The real network transport: HTTPS to Oura (certificates verified against the system CA store,
/// Platform::TrustStore; there is
/// no insecure mode) or plain HTTP to a loopback fake. Keeps a small pool of keep-alive sessions so
/// consecutive and parallel requests reuse connections. Never throws from send(): every network, TLS,
/// timeout or truncation problem comes back as status 0 with networkError. Never logs header values.
class HttpTransport : public Transport
{
public:
    explicit HttpTransport(const std::string& baseUrl, TransportOptions options = {});
    /// baseUrl: "https://api.ouraring.com" or "http://127.0.0.1:PORT". Throws std::invalid_argument for an
    /// unusable URL, an unknown scheme, or plain http:// to a host that is not loopback (127.0.0.0/8,
    /// localhost, ::1), because bearer tokens must never cross a network in clear text.

    ~HttpTransport() override;

    HttpResponse send(const HttpRequest& request) override;
    std::string describe() const override;

    static bool isLoopbackHost(const std::string& host);

private:
    std::string prepareTls();
    /// Builds the TLS context once (on the first https request); returns "" or why TLS cannot be used.
    std::unique_ptr<Poco::Net::HTTPClientSession> checkout(bool& reused);
    void giveBack(std::unique_ptr<Poco::Net::HTTPClientSession> session);
    std::unique_ptr<Poco::Net::HTTPClientSession> makeSession() const;
    bool awaitAnswer(Poco::Net::HTTPClientSession& session, const std::function<bool()>& cancelled) const;
    /// Waits until the answer starts to arrive; false as soon as cancelled() says true.
    HttpResponse exchange(Poco::Net::HTTPClientSession& session, const HttpRequest& request,
                          bool& keepSession, bool& nothingReceived);

    std::string _baseUrl;
    std::string _scheme;
    std::string _host;
    unsigned short _port = 0;
    std::string _basePath; ///< path part of the base URL without a trailing '/', usually ""
    TransportOptions _options;
    std::mutex _tlsMutex;
    Poco::AutoPtr<Poco::Net::Context> _tls; ///< null for http and until the first https request
    std::mutex _mutex;
    std::vector<std::unique_ptr<Poco::Net::HTTPClientSession>> _idle;
};

} // namespace OuraMcp::Oura

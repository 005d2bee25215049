#pragma once

#include "oauth/ClientMetadataFetcher.h"
#include "platform/TrustStore.h"

#include <Poco/Net/IPAddress.h>

#include <chrono>
#include <cstddef>
#include <functional>
#include <string>
#include <vector>

namespace OuraMcp::OAuth {

/// The ClientMetadataFetcher of the server: fetches a Client ID Metadata Document with Poco::Net while
/// refusing what would let a stranger aim the server at itself or its network (server-side request forgery):
///
///  - the URL must be https://host[:port]/path (a path is required, dot segments, user info and fragments
///    are refused);
///  - the host is resolved once and every address it resolves to must be public (AddressPolicy); the
///    connection then goes to that checked address, not to the result of a second lookup, so a name that
///    changes its answer between check and use (DNS rebinding) cannot steer it; the request still carries the
///    original Host, SNI and certificate name;
///  - redirects are not followed, the answer must be 200 with a JSON media type, the body is read up to
///    maxBytes and the whole fetch (lookup, connect, TLS, headers, body) ends at one deadline, however
///    slowly the server drips its bytes.
///
/// Thread-safe: every fetch has its own connection and TLS context; nothing is cached (the authorization
/// server keeps documents in the store for their max-age).
class SafeFetcher : public ClientMetadataFetcher
{
public:
    using Resolver = std::function<std::vector<Poco::Net::IPAddress>(const std::string& host)>;
    /// Returns every address of a host name; an empty result means the name does not resolve. May throw.

    struct Options
    {
        std::size_t maxBytes = 64 * 1024;
        std::chrono::milliseconds timeout = std::chrono::seconds(5); ///< the whole fetch, lookup to last byte
        bool allowLoopbackHttp = false;
        ///< Test setting only: also allow http:// and loopback, private and unique-local addresses (never
        ///< link-local, multicast or unspecified ones).
        std::string caLocation = Platform::TrustStore::systemLocation();
        ///< The trust anchors for https: a directory of hashed certificates (the system store, read lazily) or
        ///< one PEM file (tests inject their own CA this way). On Windows the default is "", the system's ROOT
        ///< store (copied into each fetch's TLS context).
        Resolver resolver; ///< empty: the system resolver (getaddrinfo); tests inject names
    };

    SafeFetcher();
    explicit SafeFetcher(Options options);
    ~SafeFetcher() override;
    SafeFetcher(const SafeFetcher&) = delete;
    SafeFetcher& operator=(const SafeFetcher&) = delete;

    Document fetch(const std::string& url) override;
    /// Throws Error naming at most the URL's host, never an address, a response body or a header value.

    static std::int64_t parseMaxAge(const std::string& cacheControl);
    /// The max-age of a Cache-Control value in seconds; 0 if there is none, if it is malformed, or if
    /// no-store or no-cache forbid keeping the answer.

    static bool isJsonMediaType(const std::string& contentType);
    /// application/json or any application/<x>+json, parameters and case ignored.

private:
    Options _options;
};

} // namespace OuraMcp::OAuth

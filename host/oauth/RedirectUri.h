#pragma once

#include <string>
#include <utility>
#include <vector>

namespace OuraMcp::OAuth {

/// The rules for the URIs codes are sent to. A redirect URI is where an authorization code goes, so it is
/// matched exactly against what the client registered (no prefix, no normalisation); the one latitude is the
/// port of a loopback IP literal, which RFC 8252 §7.3 requires because a native app listens on whatever port it
/// gets.
class RedirectUri
{
public:
    static std::string problemWith(const std::string& uri);
    /// "" if uri may be registered, otherwise one sentence saying why not: an absolute URI of at most 2,000
    /// characters without a fragment, user information, spaces or control characters; https with a host; http
    /// only for a loopback host (localhost, 127.0.0.0/8, [::1]); or a native app's private-use scheme, which must
    /// contain a period (RFC 8252 §7.1: reverse domain name), so that javascript:, data: and file: are refused.

    static bool matches(const std::string& registered, const std::string& presented);
    /// Byte-for-byte equality, or, for an http URI on 127.0.0.1-style or [::1] hosts, equality but for the
    /// port.

    static bool isLoopbackHost(const std::string& host);
    /// "localhost", an IPv4 address in 127.0.0.0/8, or "[::1]" / "::1".

    static std::string hostOf(const std::string& uri);
    /// The host of an absolute hierarchical URI ("" if it has none), for what a person is shown.

    static std::string withParameters(const std::string& uri,
                                      const std::vector<std::pair<std::string, std::string>>& parameters);
    /// uri with the parameters appended to its query (percent-encoded; empty values are left out).

    static std::string percentEncode(const std::string& text);
    /// Every byte but the unreserved set [A-Za-z0-9-._~] as %XX.
};

} // namespace OuraMcp::OAuth

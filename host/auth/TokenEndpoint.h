#pragma once

#include "auth/TokenStore.h"
#include "oura/Transport.h"

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>

namespace OuraMcp::Auth {

using TransportFactory = std::function<std::shared_ptr<Oura::Transport>(const std::string& origin)>;
/// Makes a transport for an origin such as "https://api.ouraring.com" or "http://127.0.0.1:5123"
/// (scheme://host[:port], no path). The app passes one that builds an Oura::HttpTransport.

/// What the token endpoint said.
struct TokenGrant
{
    enum class Outcome
    {
        Ok,           ///< tokens holds the new tokens
        InvalidGrant, ///< the code or refresh token is expired, used or revoked: log in again
        Rejected,     ///< another 4xx (invalid_client, ...): configuration problem
        Unavailable   ///< network error, timeout, 5xx, malformed answer: try again later
    };
    Outcome outcome = Outcome::Unavailable;
    TokenSet tokens;
    std::string error;   ///< the OAuth "error" code if any
    std::string message; ///< a sentence for logs or the user; never contains a secret
};

/// Talks to the OAuth token endpoint (client_secret_post). If the primary URL answers 400
/// invalid_request, the request is repeated at the fallback URL, where apps registered on Oura's new
/// developer portal must refresh (NOTES §4). Thread-safe.
class TokenEndpoint
{
public:
    struct Config
    {
        std::string tokenUrl;    ///< e.g. https://api.ouraring.com/oauth/token
        std::string fallbackUrl; ///< e.g. https://moi.ouraring.com/oauth/v2/ext/oauth-token; "" = none
        std::string clientId;
        std::string clientSecret;
        bool redactIssuedTokens = true;
        ///< Register every token it receives with the log redaction (one user: a handful over the process's
        ///< life). The multi-user server turns it off: its list would grow with every sign-in and refresh and
        ///< be scanned on every log line, and its tokens never meet a log line (they go sealed to the store).
    };

    TokenEndpoint(Config config, TransportFactory transports, std::function<std::int64_t()> now = {});
    /// now: unix seconds (tests inject a clock); default the system clock.

    TokenGrant refresh(const std::string& refreshToken);
    /// grant_type=refresh_token. The answer's refresh_token (rotated) replaces the old one; if the answer
    /// has none, the old one is kept.

    TokenGrant exchangeCode(const std::string& code, const std::string& redirectUri);
    /// grant_type=authorization_code.

    static bool splitUrl(const std::string& url, std::string& origin, std::string& path,
                         Oura::QueryParams& query);
    /// "https://h:1/a/b?x=1" -> origin "https://h:1", path "/a/b", query {x,1}. false if not absolute.

    std::shared_ptr<Oura::Transport> transportFor(const std::string& origin);
    /// Cached per origin.

private:
    TokenGrant post(const std::vector<std::pair<std::string, std::string>>& fields,
                    const std::string& oldRefresh);
    TokenGrant postTo(const std::string& url, const std::string& body, const std::string& oldRefresh);

    Config _config;
    TransportFactory _transports;
    std::function<std::int64_t()> _now;
    std::mutex _mutex;
    std::map<std::string, std::shared_ptr<Oura::Transport>> _cache;
};

} // namespace OuraMcp::Auth

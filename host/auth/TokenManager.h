#pragma once

#include "auth/TokenEndpoint.h"
#include "auth/TokenStore.h"
#include "oura/TokenProvider.h"

#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>

namespace OuraMcp::Config {
class Settings;
}

namespace OuraMcp::Auth {

/// The host's Oura::TokenProvider: tokens from the token file or the environment, refreshed with the
/// rotating single-use refresh token.
///
/// Which source wins (decided once, at construction):
///  - the token file, if it holds tokens AND (the environment has no OURA_REFRESH_TOKEN, OR the file's
///    refresh chain started from that same OURA_REFRESH_TOKEN (chain_origin hash), OR the file's current
///    refresh token equals it);
///  - otherwise the environment. OURA_ACCESS_TOKEN without OURA_REFRESH_TOKEN (and no usable file) is a
///    personal access token: a plain bearer token that is never refreshed.
/// So an environment refresh token is used once; its successor lives in the token file and keeps winning
/// while the environment still holds the (now spent) original. Putting a different refresh token in the
/// environment makes it win again.
///
/// Refresh happens when the token expires within 60 s (accessToken()) or after a 401
/// (refreshAfterUnauthorized()), single-flight: concurrent callers wait for the one POST in progress. The
/// rotated tokens are saved to the token file (TokenStore::save, atomic) before the new access token is
/// handed to anyone. Before a POST the token file is re-read: if another oura-mcp process sharing it has
/// already rotated the tokens, its fresh tokens are adopted instead (no POST, no spent refresh token).
/// Re-read, POST and save happen under an exclusive lock on the token file (TokenFileLock), so two
/// processes refreshing at the same moment do not both spend the same refresh token.
/// Thread-safe.
class TokenManager : public Oura::TokenProvider
{
public:
    struct Config
    {
        std::string envAccessToken;
        std::string envRefreshToken;
        std::string clientId;
        std::string clientSecret;
        std::string tokenUrl;
        std::string tokenUrlFallback;
    };

    enum class Source
    {
        None,
        TokenFile,
        Environment
    };

    TokenManager(Config config, std::shared_ptr<TokenStore> store, TransportFactory transports,
                 std::function<std::int64_t()> now = {});
    /// store may be null (no token file: rotated tokens then live in memory only). now: unix seconds.

    static std::unique_ptr<TokenManager> fromSettings(const OuraMcp::Config::Settings& settings,
                                                      TransportFactory transports);
    /// The usual construction: environment/.env tokens and client credentials, the token file, the token
    /// URLs, all from settings.

    std::string accessToken() override;
    bool refreshAfterUnauthorized(const std::string& rejectedToken) override;
    std::string loginHint() const override;

    struct Status
    {
        Source source = Source::None;
        bool hasAccessToken = false;
        bool hasRefreshToken = false;
        bool canRefresh = false;    ///< refresh token and client credentials present
        bool personalToken = false; ///< environment access token without refresh token
        std::int64_t expiresAt = 0; ///< unix s; 0 unknown
        std::string scope;
        bool loginRequired = false; ///< the last refresh said invalid_grant
    };
    Status status() const;
    /// For `auth status`/`doctor`; holds no token.

    static const char* sourceName(Source source); ///< "token file", "environment", "none"

    static Source chooseSource(const std::optional<TokenSet>& file, const std::string& envAccess,
                               const std::string& envRefresh);
    /// The rule above, exposed for `auth status` and tests.

    static std::string chainOriginFor(const std::string& envRefreshToken);
    /// "env:" + SHA-256 hex of the token.

    static const std::int64_t kRefreshMarginSeconds = 60;

private:
    bool refresh(std::uint64_t seenAttempt, const std::string& rejectedToken);
    bool adoptNewerFileTokens(const std::string& usedRefreshToken, const std::string& rejectedToken);
    /// Called with _refreshMutex held, before a POST.
    bool canRefreshLocked() const;

    Config _config;
    std::shared_ptr<TokenStore> _store;
    TokenEndpoint _endpoint;
    std::function<std::int64_t()> _now;

    mutable std::mutex _stateMutex; ///< guards the fields below; never held during I/O
    std::mutex _refreshMutex;       ///< held by the one caller talking to the token endpoint
    TokenSet _tokens;
    Source _source = Source::None;
    std::uint64_t _attempt = 0; ///< bumped after every refresh attempt, successful or not
    bool _loginRequired = false;
    std::string _lastError;
};

} // namespace OuraMcp::Auth

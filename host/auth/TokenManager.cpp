#include "auth/TokenManager.h"

#include "config/Settings.h"
#include "util/Log.h"

#include <Poco/DigestEngine.h>
#include <Poco/SHA2Engine.h>

#include <chrono>
#include <stdexcept>

namespace OuraMcp::Auth {

namespace {

const char* const kComponent = "auth";

const char* const kExpiredHint =
    "Your Oura login has expired or was revoked. Run `oura-mcp auth login` to sign in again.";

const char* const kNoCredentialsHint =
    "No Oura credentials are configured. Register an application at the Oura developer portal "
    "(https://developer.ouraring.com), set OURA_CLIENT_ID and OURA_CLIENT_SECRET (in the environment or in "
    "~/.config/oura-mcp/.env) and run `oura-mcp auth login`. A personal access token in OURA_ACCESS_TOKEN is "
    "still accepted, but Oura has deprecated personal access tokens.";

} // namespace

TokenManager::TokenManager(Config config, std::shared_ptr<TokenStore> store, TransportFactory transports,
                           std::function<std::int64_t()> now)
    : _config(std::move(config)), _store(std::move(store)),
      _endpoint({_config.tokenUrl, _config.tokenUrlFallback, _config.clientId, _config.clientSecret},
                std::move(transports), now),
      _now(now ? std::move(now) : unixNowSeconds)
{
    Util::Log::addSecret(_config.envAccessToken);
    Util::Log::addSecret(_config.envRefreshToken);
    Util::Log::addSecret(_config.clientSecret);

    std::optional<TokenSet> file;
    if (_store)
        file = _store->load();
    _source = chooseSource(file, _config.envAccessToken, _config.envRefreshToken);
    if (_source == Source::TokenFile)
    {
        _tokens = *file;
    }
    else if (_source == Source::Environment)
    {
        _tokens.accessToken = _config.envAccessToken;
        _tokens.refreshToken = _config.envRefreshToken;
        _tokens.expiresAt = 0; // unknown: used until it expires by a 401, or refreshed at once if absent
        _tokens.chainOrigin = _config.envRefreshToken.empty() ? "" : chainOriginFor(_config.envRefreshToken);
    }
    Util::Log::debug(kComponent, std::string("using tokens from: ") + sourceName(_source));
}

std::unique_ptr<TokenManager> TokenManager::fromSettings(const OuraMcp::Config::Settings& settings,
                                                         TransportFactory transports)
{
    Config config;
    config.envAccessToken = settings.accessToken();
    config.envRefreshToken = settings.refreshToken();
    config.clientId = settings.clientId();
    config.clientSecret = settings.clientSecret();
    config.tokenUrl = settings.tokenUrl();
    config.tokenUrlFallback = settings.tokenUrlFallback();
    std::shared_ptr<TokenStore> store;
    if (!settings.tokenFile().empty())
        store = std::make_shared<TokenStore>(settings.tokenFile());
    return std::make_unique<TokenManager>(std::move(config), std::move(store), std::move(transports));
}

const char* TokenManager::sourceName(Source source)
{
    switch (source)
    {
    case Source::TokenFile:
        return "token file";
    case Source::Environment:
        return "environment";
    case Source::None:
        break;
    }
    return "none";
}

std::string TokenManager::chainOriginFor(const std::string& envRefreshToken)
{
    Poco::SHA2Engine sha(Poco::SHA2Engine::SHA_256);
    sha.update(envRefreshToken);
    return "env:" + Poco::DigestEngine::digestToHex(sha.digest());
}

TokenManager::Source TokenManager::chooseSource(const std::optional<TokenSet>& file,
                                                const std::string& envAccess, const std::string& envRefresh)
{
    const bool fileUsable = file && !file->empty();
    if (fileUsable && (envRefresh.empty() || file->chainOrigin == chainOriginFor(envRefresh) ||
                       file->refreshToken == envRefresh))
        return Source::TokenFile;
    if (!envAccess.empty() || !envRefresh.empty())
        return Source::Environment;
    return fileUsable ? Source::TokenFile : Source::None;
}

bool TokenManager::canRefreshLocked() const
{
    return !_tokens.refreshToken.empty() && !_config.clientId.empty() && !_config.clientSecret.empty();
}

std::string TokenManager::accessToken()
{
    std::uint64_t seen = 0;
    {
        std::lock_guard<std::mutex> lock(_stateMutex);
        const bool fresh = !_tokens.accessToken.empty() &&
                           (_tokens.expiresAt == 0 || _tokens.expiresAt - _now() > kRefreshMarginSeconds);
        if (fresh || !canRefreshLocked())
            return _tokens.accessToken;
        seen = _attempt;
    }
    refresh(seen, {});
    std::lock_guard<std::mutex> lock(_stateMutex);
    return _tokens.accessToken;
}

bool TokenManager::refreshAfterUnauthorized(const std::string& rejectedToken)
{
    std::uint64_t seen = 0;
    {
        std::lock_guard<std::mutex> lock(_stateMutex);
        if (!_tokens.accessToken.empty() && _tokens.accessToken != rejectedToken)
            return true; // someone already replaced it
        if (!canRefreshLocked())
        {
            if (_tokens.accessToken == rejectedToken && !rejectedToken.empty())
                _lastError = "rejected";
            return false;
        }
        seen = _attempt;
    }
    return refresh(seen, rejectedToken);
}

bool TokenManager::refresh(std::uint64_t seenAttempt, const std::string& rejectedToken)
{
    std::lock_guard<std::mutex> flight(_refreshMutex);
    std::string refreshToken;
    {
        std::lock_guard<std::mutex> lock(_stateMutex);
        if (_attempt != seenAttempt)
        {
            // Another caller refreshed (or tried to) while we waited: no second POST.
            return !_tokens.accessToken.empty() && _tokens.accessToken != rejectedToken;
        }
        if (!canRefreshLocked())
            return false;
        refreshToken = _tokens.refreshToken;
    }

    // Other oura-mcp processes share the token file: from re-reading it to saving the successor, only one
    // of them may hold the single-use refresh token in flight.
    const auto fileLock = _store ? _store->lockExclusive() : nullptr;

    // Another oura-mcp process sharing the token file may have rotated the tokens already; our refresh
    // token is then spent, and the file holds its successor. Adopt it instead of refreshing.
    if (adoptNewerFileTokens(refreshToken, rejectedToken))
        return true;

    TokenGrant grant = _endpoint.refresh(refreshToken);

    if (grant.outcome == TokenGrant::Outcome::Ok)
    {
        TokenSet next = grant.tokens;
        {
            std::lock_guard<std::mutex> lock(_stateMutex);
            next.chainOrigin = _tokens.chainOrigin;
            if (next.scope.empty())
                next.scope = _tokens.scope; // a refresh cannot change the granted scopes
        }
        next.savedAt = _now();
        // The old refresh token is spent now: persist its successor before anyone uses the new access token.
        bool saved = false;
        if (_store)
        {
            try
            {
                _store->save(next);
                saved = true;
            }
            catch (const std::exception& e)
            {
                Util::Log::error(kComponent, std::string("could not save the refreshed Oura tokens (") +
                                                 e.what() +
                                                 "); they are kept in memory only and a restart will require "
                                                 "`oura-mcp auth login`");
            }
        }
        std::lock_guard<std::mutex> lock(_stateMutex);
        _tokens = std::move(next);
        if (saved)
            _source = Source::TokenFile;
        _loginRequired = false;
        _lastError.clear();
        ++_attempt;
        Util::Log::info(kComponent, "refreshed the Oura access token");
        return _tokens.accessToken != rejectedToken;
    }

    std::lock_guard<std::mutex> lock(_stateMutex);
    ++_attempt;
    _lastError = grant.message;
    if (grant.outcome == TokenGrant::Outcome::InvalidGrant)
    {
        _loginRequired = true;
        _tokens.refreshToken.clear();
        if (!rejectedToken.empty() && _tokens.accessToken == rejectedToken)
            _tokens.accessToken.clear();
        else if (_tokens.expiresAt != 0 && _tokens.expiresAt <= _now())
            _tokens.accessToken.clear();
        Util::Log::warning(kComponent, grant.message);
        return false;
    }
    Util::Log::warning(kComponent, "could not refresh the Oura access token: " + grant.message);
    return false;
}

bool TokenManager::adoptNewerFileTokens(const std::string& usedRefreshToken, const std::string& rejectedToken)
{
    if (!_store)
        return false;
    const auto onDisk = _store->load();
    if (!onDisk || onDisk->refreshToken.empty() || onDisk->refreshToken == usedRefreshToken ||
        onDisk->accessToken.empty() || onDisk->accessToken == rejectedToken)
        return false;
    if (onDisk->expiresAt != 0 && onDisk->expiresAt - _now() <= kRefreshMarginSeconds)
        return false;
    std::lock_guard<std::mutex> lock(_stateMutex);
    if (_source != Source::TokenFile && onDisk->chainOrigin != _tokens.chainOrigin)
        return false; // a login that is not ours (the environment won at start-up)
    _tokens = *onDisk;
    _source = Source::TokenFile;
    _loginRequired = false;
    _lastError.clear();
    ++_attempt;
    Util::Log::info(kComponent, "using the Oura tokens another oura-mcp process saved");
    return true;
}

std::string TokenManager::loginHint() const
{
    std::lock_guard<std::mutex> lock(_stateMutex);
    if (_loginRequired)
        return kExpiredHint;
    if (_source == Source::None)
        return kNoCredentialsHint;
    if (!_tokens.refreshToken.empty() && (_config.clientId.empty() || _config.clientSecret.empty()))
    {
        return "An Oura refresh token is available but OURA_CLIENT_ID and OURA_CLIENT_SECRET are not both "
               "set, "
               "so the login cannot be renewed. Set them, or run `oura-mcp auth login`.";
    }
    if (_tokens.refreshToken.empty() && !_tokens.accessToken.empty() && _source == Source::Environment)
    {
        return "Oura did not accept the access token in OURA_ACCESS_TOKEN (expired or revoked). Personal "
               "access "
               "tokens are deprecated by Oura: register an application at the Oura developer portal, set "
               "OURA_CLIENT_ID and OURA_CLIENT_SECRET and run `oura-mcp auth login`.";
    }
    if (!_lastError.empty() && _lastError != "rejected")
        return "Could not renew the Oura login: " + _lastError;
    return kExpiredHint;
}

TokenManager::Status TokenManager::status() const
{
    std::lock_guard<std::mutex> lock(_stateMutex);
    Status s;
    s.source = _source;
    s.hasAccessToken = !_tokens.accessToken.empty();
    s.hasRefreshToken = !_tokens.refreshToken.empty();
    s.canRefresh = canRefreshLocked();
    s.personalToken = _source == Source::Environment && _tokens.refreshToken.empty() && s.hasAccessToken;
    s.expiresAt = _tokens.expiresAt;
    s.scope = _tokens.scope;
    s.loginRequired = _loginRequired;
    return s;
}

} // namespace OuraMcp::Auth

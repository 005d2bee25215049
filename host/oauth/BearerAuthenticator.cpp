#include "oauth/BearerAuthenticator.h"

#include "store/SecretHash.h"
#include "store/StoreError.h"
#include "util/Log.h"

#include <cctype>

namespace OuraMcp::OAuth {

namespace {

constexpr std::size_t MaximumTokenLength = 1024;

bool isTokenCharacter(char c)
{
    return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '.' || c == '_' || c == '~' ||
           c == '+' || c == '/';
}

std::string joined(const std::vector<std::string>& values)
{
    std::string out;
    for (const auto& value : values)
        out += (out.empty() ? "" : " ") + value;
    return out;
}

} // namespace

BearerAuthenticator::BearerAuthenticator(AuthorizationServerOptions options, Store::UserStore& store)
    : _options(std::move(options)), _store(store), _resource(_options.resource()),
      _resourceMetadataUrl(_options.publicUrl + "/.well-known/oauth-protected-resource" + _options.mcpPath)
{
    _challenge = "Bearer resource_metadata=\"" + _resourceMetadataUrl + "\"";
    if (!_options.scopes.empty())
        _challenge += ", scope=\"" + joined(_options.scopes) + "\"";
}

std::optional<std::string> BearerAuthenticator::bearerToken(const std::string& header)
{
    if (header.size() < 7)
        return std::nullopt;
    static const char* scheme = "bearer";
    for (std::size_t i = 0; i < 6; ++i)
        if (std::tolower(static_cast<unsigned char>(header[i])) != scheme[i])
            return std::nullopt;
    std::size_t start = 6;
    if (header[start] != ' ')
        return std::nullopt;
    while (start < header.size() && header[start] == ' ')
        ++start;
    std::size_t end = header.size();
    while (end > start && header[end - 1] == ' ')
        --end;
    std::string token = header.substr(start, end - start);
    std::size_t padding = token.size();
    while (padding > 0 && token[padding - 1] == '=')
        --padding;
    if (padding == 0 || token.size() > MaximumTokenLength)
        return std::nullopt;
    for (std::size_t i = 0; i < padding; ++i)
        if (!isTokenCharacter(token[i]))
            return std::nullopt;
    return token;
}

Http::Authenticator::Outcome BearerAuthenticator::refuse(const std::string& reason, bool tokenPresented) const
{
    Outcome outcome;
    outcome.status = 401;
    outcome.reason = reason;
    outcome.wwwAuthenticate = _challenge;
    if (tokenPresented)
        outcome.wwwAuthenticate += ", error=\"invalid_token\", error_description=\"" + reason + "\"";
    return outcome;
}

std::optional<Store::AccessToken> BearerAuthenticator::remembered(const std::string& hash, std::int64_t now)
{
    std::lock_guard<std::mutex> lock(_mutex);
    const auto it = _checked.find(hash);
    if (it == _checked.end())
        return std::nullopt;
    if (now - it->second.checkedAt >= _options.tokenCheckMemory.count() || it->second.record.expiresAt <= now)
    {
        _checked.erase(it);
        return std::nullopt;
    }
    return it->second.record;
}

void BearerAuthenticator::remember(const std::string& hash, const Store::AccessToken& record,
                                   std::int64_t now)
{
    constexpr std::size_t MaxRemembered = 100000;
    std::lock_guard<std::mutex> lock(_mutex);
    if (_checked.size() >= MaxRemembered)
    {
        for (auto it = _checked.begin(); it != _checked.end();)
            it = now - it->second.checkedAt >= _options.tokenCheckMemory.count() ? _checked.erase(it)
                                                                                 : std::next(it);
        if (_checked.size() >= MaxRemembered)
            _checked.clear(); // a flood of distinct valid tokens: start over rather than grow
    }
    _checked[hash] = Checked{record, now};
}

Http::Authenticator::Outcome BearerAuthenticator::authenticate(const std::string& authorizationHeader)
{
    if (authorizationHeader.empty())
        return refuse("this server requires an OAuth access token", false);
    const auto token = bearerToken(authorizationHeader);
    if (!token)
        return refuse("the Authorization header is not a well-formed Bearer token", true);
    const std::int64_t now = _options.currentTime();
    const bool memory = _options.tokenCheckMemory.count() > 0;
    const std::string hash = memory ? Store::SecretHash::of(*token) : std::string();
    std::optional<Store::AccessToken> record = memory ? remembered(hash, now) : std::nullopt;
    try
    {
        if (!record)
        {
            record = _store.findAccessToken(*token, now);
            if (record && memory)
                remember(hash, *record, now);
        }
    }
    catch (const Store::StoreError& e)
    {
        Util::Log::error("oauth", std::string("access token check failed: ") + e.what());
        Outcome outcome;
        outcome.status = 503;
        outcome.reason = "the token store is unavailable";
        return outcome;
    }
    if (!record)
        return refuse("the access token is invalid, expired or revoked", true);
    if (record->resource != _resource)
        return refuse("the access token was issued for another resource", true);
    Outcome outcome;
    outcome.status = 200;
    outcome.principal = Http::Principal{record->userId, record->clientId, record->scopes};
    return outcome;
}

} // namespace OuraMcp::OAuth

#include "auth/TokenEndpoint.h"

#include "util/Json.h"
#include "util/Log.h"

#include <Poco/Exception.h>
#include <Poco/URI.h>

#include <cctype>
#include <chrono>
#include <cstdlib>

namespace OuraMcp::Auth {

namespace {

const char* const kComponent = "auth";

} // namespace

TokenEndpoint::TokenEndpoint(Config config, TransportFactory transports, std::function<std::int64_t()> now)
    : _config(std::move(config)), _transports(std::move(transports)),
      _now(now ? std::move(now) : unixNowSeconds)
{
    Util::Log::addSecret(_config.clientSecret);
}

bool TokenEndpoint::splitUrl(const std::string& url, std::string& origin, std::string& path,
                             Oura::QueryParams& query)
{
    try
    {
        const Poco::URI uri(url);
        if (uri.getScheme().empty() || uri.getHost().empty())
            return false;
        origin = uri.getScheme() + "://" + uri.getAuthority();
        path = uri.getPath().empty() ? "/" : uri.getPath();
        query.clear();
        for (const auto& [k, v] : uri.getQueryParameters())
            query.emplace_back(k, v);
        return true;
    }
    catch (const Poco::Exception&)
    {
        return false;
    }
}

std::shared_ptr<Oura::Transport> TokenEndpoint::transportFor(const std::string& origin)
{
    std::lock_guard<std::mutex> lock(_mutex);
    auto& slot = _cache[origin];
    if (!slot && _transports)
        slot = _transports(origin);
    return slot;
}

TokenGrant TokenEndpoint::refresh(const std::string& refreshToken)
{
    return post({{"grant_type", "refresh_token"},
                 {"refresh_token", refreshToken},
                 {"client_id", _config.clientId},
                 {"client_secret", _config.clientSecret}},
                refreshToken);
}

TokenGrant TokenEndpoint::exchangeCode(const std::string& code, const std::string& redirectUri)
{
    return post({{"grant_type", "authorization_code"},
                 {"code", code},
                 {"redirect_uri", redirectUri},
                 {"client_id", _config.clientId},
                 {"client_secret", _config.clientSecret}},
                {});
}

TokenGrant TokenEndpoint::post(const std::vector<std::pair<std::string, std::string>>& fields,
                               const std::string& oldRefresh)
{
    const std::string body = Oura::encodeQuery(fields);
    TokenGrant grant = postTo(_config.tokenUrl, body, oldRefresh);
    if (grant.outcome == TokenGrant::Outcome::Rejected && grant.error == "invalid_request" &&
        !_config.fallbackUrl.empty() && _config.fallbackUrl != _config.tokenUrl)
    {
        // Apps from the new developer portal are refused at the classic endpoint with exactly this error.
        Util::Log::info(kComponent,
                        "the token endpoint answered invalid_request; retrying at " + _config.fallbackUrl);
        grant = postTo(_config.fallbackUrl, body, oldRefresh);
    }
    return grant;
}

TokenGrant TokenEndpoint::postTo(const std::string& url, const std::string& body,
                                 const std::string& oldRefresh)
{
    TokenGrant grant;
    std::string origin;
    Oura::HttpRequest request;
    request.method = "POST";
    if (!splitUrl(url, origin, request.path, request.query))
    {
        grant.outcome = TokenGrant::Outcome::Rejected;
        grant.message = "The token URL \"" + url + "\" is not an absolute URL.";
        return grant;
    }
    auto transport = transportFor(origin);
    if (!transport)
    {
        grant.outcome = TokenGrant::Outcome::Unavailable;
        grant.message = "No HTTP transport is available for " + origin + ".";
        return grant;
    }
    request.body = body;
    request.contentType = "application/x-www-form-urlencoded";
    request.headers.emplace_back("Accept", "application/json");

    const Oura::HttpResponse response = transport->send(request);
    if (response.status == 0)
    {
        grant.outcome = TokenGrant::Outcome::Unavailable;
        grant.message = Util::Log::redact("Could not reach the Oura token endpoint " + url + ": " +
                                          response.networkError);
        return grant;
    }

    const Json json = Json::parse(response.body, nullptr, false);
    const bool isObject = !json.is_discarded() && json.is_object();
    auto str = [&](const char* key) {
        if (!isObject)
            return std::string();
        const auto it = json.find(key);
        return it != json.end() && it->is_string() ? it->get<std::string>() : std::string();
    };

    if (response.status == 200)
    {
        grant.tokens.accessToken = str("access_token");
        if (grant.tokens.accessToken.empty())
        {
            grant.outcome = TokenGrant::Outcome::Unavailable;
            grant.message = "The Oura token endpoint answered 200 without an access token.";
            return grant;
        }
        grant.tokens.refreshToken = str("refresh_token");
        if (grant.tokens.refreshToken.empty())
            grant.tokens.refreshToken = oldRefresh;
        if (_config.redactIssuedTokens)
        {
            Util::Log::addSecret(grant.tokens.accessToken);
            Util::Log::addSecret(grant.tokens.refreshToken);
        }
        grant.tokens.scope = str("scope");
        grant.tokens.tokenType = str("token_type").empty() ? "Bearer" : str("token_type");
        const auto expires = json.find("expires_in");
        const std::int64_t now = _now();
        if (expires != json.end() && expires->is_number())
            grant.tokens.expiresAt = now + expires->get<std::int64_t>();
        else if (expires != json.end() && expires->is_string())
            grant.tokens.expiresAt = now + std::atoll(expires->get<std::string>().c_str());
        grant.tokens.savedAt = now;
        grant.outcome = TokenGrant::Outcome::Ok;
        return grant;
    }

    grant.error = str("error");
    std::string description = str("error_description");
    if (description.size() > 200)
        description.resize(200);
    const std::string detail = "HTTP " + std::to_string(response.status) +
                               (grant.error.empty() ? std::string() : ", " + grant.error) +
                               (description.empty() ? std::string() : ": " + description);
    if (grant.error == "invalid_grant")
    {
        grant.outcome = TokenGrant::Outcome::InvalidGrant;
        grant.message = Util::Log::redact("The Oura login is no longer valid (" + detail + ").");
    }
    else if (response.status >= 400 && response.status < 500 && response.status != 429)
    {
        grant.outcome = TokenGrant::Outcome::Rejected;
        grant.message = Util::Log::redact("The Oura token endpoint refused the request (" + detail +
                                          "). Check OURA_CLIENT_ID and OURA_CLIENT_SECRET.");
    }
    else
    {
        grant.outcome = TokenGrant::Outcome::Unavailable;
        grant.message = Util::Log::redact("The Oura token endpoint is unavailable (" + detail + ").");
    }
    return grant;
}

} // namespace OuraMcp::Auth

#include "app/OuraAccount.h"

#include "util/Json.h"
#include "util/Log.h"

#include <Poco/URI.h>

#include <cctype>
#include <stdexcept>

namespace OuraMcp::App {

using Auth::TokenEndpoint;
using Auth::TokenGrant;
using Auth::TransportFactory;

namespace {

const char* const kComponent = "auth";
const char* const kCallbackPath = "/oauth/oura/callback";
const char* const kPersonalInfoPath = "/v2/usercollection/personal_info";

using Error = OAuth::UpstreamAccount::Error;

/// An OAuth error code as Oura sent it, if it looks like one (RFC 6749 codes are lowercase words joined by
/// '_'); anything else is not repeated, since it is text from the other side.
std::string safeErrorCode(const std::string& code)
{
    if (code.empty() || code.size() > 40)
        return {};
    for (char c : code)
    {
        if (!std::islower(static_cast<unsigned char>(c)) && c != '_')
            return {};
    }
    return code;
}

std::string statusText(const TokenGrant& grant)
{
    const std::string code = safeErrorCode(grant.error);
    return code.empty() ? std::string() : " (" + code + ")";
}

std::string withoutTrailingSlash(std::string url)
{
    while (!url.empty() && url.back() == '/')
        url.pop_back();
    return url;
}

void requireAbsolute(const std::string& name, const std::string& url)
{
    std::string origin;
    std::string path;
    Oura::QueryParams query;
    if (url.empty() || !TokenEndpoint::splitUrl(url, origin, path, query))
        throw std::invalid_argument(name + " must be an absolute URL (it is \"" + url + "\").");
}

} // namespace

OuraAccount::Options OuraAccount::fromSettings(const Config::Settings& settings, const std::string& publicUrl)
{
    Options options;
    options.authorizeUrl = settings.authorizeUrl();
    options.tokenUrl = settings.tokenUrl();
    options.tokenUrlFallback = settings.tokenUrlFallback();
    options.revokeUrl = settings.revokeUrl();
    options.apiBaseUrl = settings.apiBaseUrl();
    options.clientId = settings.clientId();
    options.clientSecret = settings.clientSecret();
    options.publicUrl = publicUrl;
    return options;
}

OuraAccount::OuraAccount(Options options, TransportFactory transports)
    : _options(std::move(options)),
      _endpoint({_options.tokenUrl, _options.tokenUrlFallback, _options.clientId, _options.clientSecret,
                 /*redactIssuedTokens=*/false},
                std::move(transports))
{
    if (_options.clientId.empty() || _options.clientSecret.empty())
        throw std::invalid_argument(
            "Signing in with Oura needs OURA_CLIENT_ID and OURA_CLIENT_SECRET of an Oura "
            "application whose redirect URI is " +
            withoutTrailingSlash(_options.publicUrl) + kCallbackPath + ".");
    _options.publicUrl = withoutTrailingSlash(_options.publicUrl);
    _options.apiBaseUrl = withoutTrailingSlash(_options.apiBaseUrl);
    requireAbsolute("The public URL", _options.publicUrl);
    requireAbsolute("OURA_AUTHORIZE_URL", _options.authorizeUrl);
    requireAbsolute("OURA_TOKEN_URL", _options.tokenUrl);
    requireAbsolute("OURA_REVOKE_URL", _options.revokeUrl);
    requireAbsolute("OURA_API_BASE_URL", _options.apiBaseUrl);
    Util::Log::addSecret(_options.clientSecret);
}

std::string OuraAccount::redirectUri() const
{
    return _options.publicUrl + kCallbackPath;
}

std::string OuraAccount::authorizeUrl(const std::string& state, const std::string& scopes) const
{
    Poco::URI authorize(_options.authorizeUrl);
    authorize.addQueryParameter("response_type", "code");
    authorize.addQueryParameter("client_id", _options.clientId);
    authorize.addQueryParameter("redirect_uri", redirectUri());
    if (!scopes.empty()) // omitted, Oura asks the user for every scope (NOTES §4)
        authorize.addQueryParameter("scope", scopes);
    authorize.addQueryParameter("state", state);
    return authorize.toString();
}

OAuth::UpstreamAccount::Linked OuraAccount::exchange(const std::string& code, std::int64_t now)
{
    if (code.empty())
        throw Error("Oura's sign-in came back without an authorization code. Please sign in again.");

    const TokenGrant grant = _endpoint.exchangeCode(code, redirectUri());
    switch (grant.outcome)
    {
    case TokenGrant::Outcome::Ok:
        break;
    case TokenGrant::Outcome::InvalidGrant:
        throw Error("Oura did not accept the sign-in: the authorization code is invalid, expired or already "
                    "used. Please sign in again.");
    case TokenGrant::Outcome::Rejected:
        Util::Log::warning(kComponent, "Oura's token endpoint refused the authorization code exchange" +
                                           statusText(grant) +
                                           "; check OURA_CLIENT_ID, OURA_CLIENT_SECRET "
                                           "and the redirect URI " +
                                           redirectUri() + " of the Oura application");
        throw Error("Oura refused to complete the sign-in" + statusText(grant) +
                    ". The server's Oura application may be misconfigured; please tell its operator.");
    case TokenGrant::Outcome::Unavailable:
        throw Error("Oura could not be reached to complete the sign-in. Please try again in a moment.");
    }

    Linked linked;
    linked.tokens.accessToken = grant.tokens.accessToken;
    linked.tokens.refreshToken = grant.tokens.refreshToken;
    linked.tokens.scopes = grant.tokens.scope;
    // The token endpoint dates the expiry by its own clock; this call's clock is the caller's.
    linked.tokens.expiresAt =
        grant.tokens.expiresAt == 0 ? 0 : now + (grant.tokens.expiresAt - grant.tokens.savedAt);

    std::string origin;
    Oura::HttpRequest request;
    if (!TokenEndpoint::splitUrl(_options.apiBaseUrl + kPersonalInfoPath, origin, request.path,
                                 request.query))
        throw Error("The Oura API URL is not usable."); // checked in the constructor; kept for safety
    request.headers.emplace_back("Authorization", "Bearer " + linked.tokens.accessToken);
    const auto transport = _endpoint.transportFor(origin);
    const Oura::HttpResponse response = transport ? transport->send(request) : Oura::HttpResponse{};
    if (response.status != 200)
    {
        revokeQuietly(linked.tokens.accessToken);
        if (response.status == 0)
            throw Error("Oura could not be reached to read who signed in. Please try again in a moment.");
        if (response.status == 403)
            throw Error("Oura did not let this sign-in read the account (HTTP 403: the Oura membership may "
                        "have lapsed).");
        throw Error("Oura did not tell who signed in (HTTP " + std::to_string(response.status) +
                    "). Please sign in again.");
    }
    const Json info = Json::parse(response.body, nullptr, false);
    const auto id = info.is_object() ? info.find("id") : info.end();
    if (!info.is_object() || id == info.end() || !id->is_string() || id->get<std::string>().empty())
    {
        revokeQuietly(linked.tokens.accessToken);
        throw Error("Oura's answer about who signed in carried no user id. Please sign in again.");
    }
    linked.ouraUserId = id->get<std::string>();
    return linked;
}

void OuraAccount::revoke(const Store::OuraTokens& tokens)
{
    if (tokens.accessToken.empty())
        return; // nothing Oura could be told about
    std::string origin;
    Oura::HttpRequest request;
    request.method = "GET";
    if (!TokenEndpoint::splitUrl(_options.revokeUrl, origin, request.path, request.query))
        throw Error("The Oura revoke URL is not usable.");
    // GET <revoke>?access_token=… (NOTES §4). The token travels in the query, which HttpTransport never logs.
    request.query.emplace_back("access_token", tokens.accessToken);
    const auto transport = _endpoint.transportFor(origin);
    const Oura::HttpResponse response = transport ? transport->send(request) : Oura::HttpResponse{};
    if (response.status >= 200 && response.status < 300)
        return;
    // Oura no longer knowing the token (expired, already revoked) is what revoking wanted.
    const Json answer = Json::parse(response.body, nullptr, false);
    const std::string error = answer.is_object() && answer.contains("error") && answer["error"].is_string()
                                  ? answer["error"].get<std::string>()
                                  : std::string();
    if (response.status == 401 || response.status == 404 ||
        (response.status == 400 && (error == "invalid_token" || error == "invalid_grant")))
    {
        Util::Log::info(kComponent, "Oura answered HTTP " + std::to_string(response.status) +
                                        " to a revocation: the token was no longer valid");
        return;
    }
    if (response.status == 0)
        throw Error("Oura could not be reached to revoke the sign-in. Please try again in a moment.");
    throw Error("Oura did not confirm the revocation (HTTP " + std::to_string(response.status) +
                "). Please try again in a moment.");
}

void OuraAccount::revokeQuietly(const std::string& accessToken)
{
    try
    {
        Store::OuraTokens tokens;
        tokens.accessToken = accessToken;
        revoke(tokens);
    }
    catch (const Error&)
    {
        Util::Log::warning(kComponent, "could not revoke the Oura tokens of a sign-in that failed");
    }
}

} // namespace OuraMcp::App

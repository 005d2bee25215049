#include "oauth/TokenService.h"

#include "oauth/OAuthError.h"
#include "oauth/Pkce.h"
#include "oauth/Replies.h"
#include "oauth/Scopes.h"
#include "store/SecretHash.h"
#include "store/StoreError.h"
#include "util/Base64Url.h"
#include "util/Log.h"

#include <Poco/Base64Decoder.h>
#include <Poco/Exception.h>
#include <Poco/String.h>
#include <Poco/URI.h>

#include <sstream>

namespace OuraMcp::OAuth {

namespace {

std::string parameter(const std::map<std::string, std::string>& parameters, const std::string& name)
{
    const auto it = parameters.find(name);
    return it == parameters.end() ? std::string() : it->second;
}

struct BasicCredentials
{
    bool present = false;
    std::string clientId;
    std::string secret;
};

/// "Basic base64(urlencode(id) ":" urlencode(secret))" (RFC 6749 §2.3.1).
BasicCredentials basicCredentials(const std::string& header)
{
    BasicCredentials credentials;
    if (header.size() < 6 || Poco::icompare(header.substr(0, 6), "basic ") != 0)
        return credentials;
    credentials.present = true;
    std::string decoded;
    try
    {
        std::istringstream in(header.substr(6));
        Poco::Base64Decoder decoder(in);
        std::ostringstream out;
        out << decoder.rdbuf();
        decoded = out.str();
    }
    catch (const Poco::Exception&)
    {
        throw OAuthError("invalid_client", "the Basic credentials are not valid base64", 401);
    }
    const auto colon = decoded.find(':');
    if (colon == std::string::npos)
        throw OAuthError("invalid_client", "the Basic credentials hold no colon", 401);
    try
    {
        Poco::URI::decode(decoded.substr(0, colon), credentials.clientId);
        Poco::URI::decode(decoded.substr(colon + 1), credentials.secret);
    }
    catch (const Poco::Exception&)
    {
        throw OAuthError("invalid_client", "the Basic credentials are not properly encoded", 401);
    }
    return credentials;
}

Json tokenAnswer(const std::string& accessToken, std::int64_t expiresIn, const std::string& refreshToken,
                 const std::string& scopes)
{
    return Json{{"access_token", accessToken},
                {"token_type", "Bearer"},
                {"expires_in", expiresIn},
                {"refresh_token", refreshToken},
                {"scope", scopes}};
}

} // namespace

TokenService::TokenService(const AuthorizationServerOptions& options, Store::UserStore& store,
                           ClientDirectory& clients)
    : _options(options), _store(store), _clients(clients)
{}

ClientInfo TokenService::authenticateClient(const Http::WebRequest& request) const
{
    const BasicCredentials basic = basicCredentials(request.authorization);
    const std::string formId = parameter(request.form, "client_id");
    const std::string formSecret = parameter(request.form, "client_secret");
    if (basic.present && !formSecret.empty())
        throw OAuthError("invalid_request", "the client authenticated in two ways; use one");
    if (basic.present && !formId.empty() && formId != basic.clientId)
        throw OAuthError("invalid_request", "client_id differs from the client of the Basic credentials");
    const std::string clientId = basic.present ? basic.clientId : formId;
    const std::string secret = basic.present ? basic.secret : formSecret;
    if (clientId.empty())
        throw OAuthError("invalid_client", "the request names no client (client_id)", 401);
    const auto client = _clients.find(clientId);
    if (!client)
        throw OAuthError("invalid_client", "the client is unknown", 401);
    if (!client->confidential())
    {
        if (!secret.empty())
            throw OAuthError("invalid_client", "this client is public and has no secret", 401);
        return *client;
    }
    if (secret.empty())
        throw OAuthError("invalid_client", "this client must authenticate with its client secret", 401);
    if (!_store.checkClientSecret(clientId, secret))
        throw OAuthError("invalid_client", "the client authentication failed", 401);
    return *client;
}

Http::WebResponse TokenService::token(const Http::WebRequest& request)
{
    try
    {
        if (request.contentType != "application/x-www-form-urlencoded")
            throw OAuthError("invalid_request",
                             "the token request must be application/x-www-form-urlencoded");
        if (!request.repeated.empty())
            throw OAuthError("invalid_request",
                             "the parameter " + request.repeated.front() + " is given more than once");
        const std::string grantType = parameter(request.form, "grant_type");
        if (grantType.empty())
            throw OAuthError("invalid_request", "grant_type is missing");
        if (grantType != "authorization_code" && grantType != "refresh_token")
            throw OAuthError("unsupported_grant_type",
                             "grant_type must be authorization_code or refresh_token");
        const ClientInfo client = authenticateClient(request);
        if (grantType == "authorization_code")
            return exchangeCode(request, client);
        return refresh(request, client);
    }
    catch (const OAuthError& e)
    {
        Http::WebResponse response = Replies::error(e.error(), e.what(), e.status());
        if (e.status() == 401 && !request.authorization.empty())
            response.headers.emplace_back("WWW-Authenticate", "Basic realm=\"" + _options.serviceName + "\"");
        return response;
    }
    catch (const Store::StoreError& e)
    {
        Util::Log::error("oauth", std::string("token request failed: ") + e.what());
        return Replies::error("server_error", "the token store is unavailable", 500);
    }
}

Http::WebResponse TokenService::exchangeCode(const Http::WebRequest& request, const ClientInfo& client)
{
    const std::string code = parameter(request.form, "code");
    if (code.empty())
        throw OAuthError("invalid_request", "code is missing");
    const std::string verifier = parameter(request.form, "code_verifier");
    if (verifier.empty())
        throw OAuthError("invalid_request", "code_verifier is required (PKCE)");
    const std::int64_t now = _options.currentTime();
    const auto consumption = _store.consumeAuthorizationCode(code, now);
    switch (consumption.outcome)
    {
    case Store::UserStore::CodeOutcome::Consumed:
        break;
    case Store::UserStore::CodeOutcome::Replayed:
        Util::Log::warning("oauth", "an authorization code of client " + client.clientId +
                                        " was presented twice; the tokens issued from it are revoked");
        throw OAuthError("invalid_grant", "the authorization code was already used");
    case Store::UserStore::CodeOutcome::Expired:
        throw OAuthError("invalid_grant", "the authorization code has expired");
    case Store::UserStore::CodeOutcome::Unknown:
        throw OAuthError("invalid_grant", "the authorization code is not valid");
    }
    // The code is spent now whatever follows: a wrong verifier or client cannot try again with it.
    const Store::AuthorizationCode& record = consumption.code;
    if (record.clientId != client.clientId)
        throw OAuthError("invalid_grant", "the authorization code was issued to another client");
    const std::string redirectUri = parameter(request.form, "redirect_uri");
    if (!redirectUri.empty() && redirectUri != record.redirectUri)
        throw OAuthError("invalid_grant", "redirect_uri differs from the one of the authorization request");
    if (!Pkce::isValidVerifier(verifier))
        throw OAuthError("invalid_grant", "code_verifier must be 43-128 characters of [A-Za-z0-9-._~]");
    if (!Pkce::verify(verifier, record.codeChallenge))
        throw OAuthError("invalid_grant", "code_verifier does not match the code_challenge");
    const std::string resource = parameter(request.form, "resource");
    if (!resource.empty() && resource != record.resource)
        throw OAuthError("invalid_target", "resource differs from the one the authorization was given for");

    const std::string familyId = _store.startRefreshFamily(record.clientId, record.userId, code, now);
    const std::string accessToken = AccessTokenPrefix + Store::SecretHash::generateSecret();
    _store.saveAccessToken(accessToken,
                           Store::AccessToken{record.clientId, record.userId, record.scopes, record.resource,
                                              familyId, now + _options.accessTokenLifetime.count()});
    const std::string refreshToken = RefreshTokenPrefix + Store::SecretHash::generateSecret();
    _store.saveRefreshToken(refreshToken, Store::RefreshToken{record.clientId, record.userId, record.scopes,
                                                              record.resource, familyId,
                                                              now + _options.refreshTokenLifetime.count()});
    return Replies::json(
        200, tokenAnswer(accessToken, _options.accessTokenLifetime.count(), refreshToken, record.scopes));
}

Http::WebResponse TokenService::refresh(const Http::WebRequest& request, const ClientInfo& client)
{
    const std::string presented = parameter(request.form, "refresh_token");
    if (presented.empty())
        throw OAuthError("invalid_request", "refresh_token is missing");
    // What can be refused without the token's record is refused before rotating it, so that a client's
    // malformed request does not spend its refresh token.
    const std::string resource = parameter(request.form, "resource");
    if (!resource.empty() && resource != _options.resource())
        throw OAuthError("invalid_target", "resource must be " + _options.resource());
    const bool narrowing = request.form.count("scope") != 0;
    const auto requested = Scopes::split(parameter(request.form, "scope"));
    if (narrowing)
        Scopes::within(requested, _options.scopes);

    const std::int64_t now = _options.currentTime();
    const std::string successor = RefreshTokenPrefix + Store::SecretHash::generateSecret();
    const auto rotation =
        _store.rotateRefreshToken(presented, successor, now + _options.refreshTokenLifetime.count(), now);
    switch (rotation.outcome)
    {
    case Store::UserStore::RotationOutcome::Rotated:
        break;
    case Store::UserStore::RotationOutcome::Reused:
        Util::Log::warning("oauth", "a spent refresh token of client " + client.clientId +
                                        " was presented again; its family is revoked");
        throw OAuthError("invalid_grant", "the refresh token was already used; its tokens are revoked");
    case Store::UserStore::RotationOutcome::Expired:
        throw OAuthError("invalid_grant", "the refresh token has expired");
    case Store::UserStore::RotationOutcome::Revoked:
        throw OAuthError("invalid_grant", "the refresh token has been revoked");
    case Store::UserStore::RotationOutcome::Unknown:
        throw OAuthError("invalid_grant", "the refresh token is not valid");
    }
    const Store::RefreshToken& record = rotation.token;
    if (record.clientId != client.clientId)
    {
        // Another client holding this token means it leaked: the family goes.
        _store.revokeFamily(record.familyId);
        Util::Log::warning("oauth", "client " + client.clientId + " presented a refresh token of client " +
                                        record.clientId + "; its family is revoked");
        throw OAuthError("invalid_grant", "the refresh token was issued to another client");
    }
    std::string scopes = record.scopes;
    if (narrowing)
    {
        // A refresh may narrow the scope of the access token, never widen the grant (RFC 6749 §6).
        try
        {
            scopes = Scopes::join(Scopes::within(requested, Scopes::split(record.scopes)));
        }
        catch (const OAuthError&)
        {
            _store.revokeFamily(record.familyId); // its successor was never handed out
            throw;
        }
    }
    const std::string accessToken = AccessTokenPrefix + Store::SecretHash::generateSecret();
    _store.saveAccessToken(accessToken,
                           Store::AccessToken{record.clientId, record.userId, scopes, record.resource,
                                              record.familyId, now + _options.accessTokenLifetime.count()});
    return Replies::json(200,
                         tokenAnswer(accessToken, _options.accessTokenLifetime.count(), successor, scopes));
}

Http::WebResponse TokenService::revoke(const Http::WebRequest& request)
{
    try
    {
        if (request.contentType != "application/x-www-form-urlencoded")
            throw OAuthError("invalid_request",
                             "the revocation request must be application/x-www-form-urlencoded");
        if (!request.repeated.empty())
            throw OAuthError("invalid_request",
                             "the parameter " + request.repeated.front() + " is given more than once");
        const std::string token = parameter(request.form, "token");
        if (token.empty())
            throw OAuthError("invalid_request", "token is missing");
        const ClientInfo client = authenticateClient(request);
        const std::int64_t now = _options.currentTime();
        // Whoever holds a token may end it: a token presented by another client has leaked, and revoking is
        // the safe answer either way.
        if (token.compare(0, 8, AccessTokenPrefix) == 0)
        {
            const auto record = _store.findAccessToken(token, now);
            if (record && !record->familyId.empty())
                _store.revokeFamily(record->familyId);
        }
        else if (token.compare(0, 8, RefreshTokenPrefix) == 0)
        {
            // The store finds a refresh token's family only by rotating it; the successor dies with the family.
            const auto rotation = _store.rotateRefreshToken(
                token, RefreshTokenPrefix + Store::SecretHash::generateSecret(), now, now);
            if (rotation.outcome == Store::UserStore::RotationOutcome::Rotated)
                _store.revokeFamily(rotation.token.familyId);
        }
        Util::Log::info("oauth", "client " + client.clientId + " revoked a token");
        return Replies::json(200, Json::object());
    }
    catch (const OAuthError& e)
    {
        Http::WebResponse response = Replies::error(e.error(), e.what(), e.status());
        if (e.status() == 401 && !request.authorization.empty())
            response.headers.emplace_back("WWW-Authenticate", "Basic realm=\"" + _options.serviceName + "\"");
        return response;
    }
    catch (const Store::StoreError& e)
    {
        Util::Log::error("oauth", std::string("revocation failed: ") + e.what());
        return Replies::error("server_error", "the token store is unavailable", 500);
    }
}

} // namespace OuraMcp::OAuth

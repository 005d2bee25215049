#include "oauth/AuthorizeFlow.h"

#include "oauth/ConsentPage.h"
#include "oauth/OAuthError.h"
#include "oauth/Pkce.h"
#include "oauth/RedirectUri.h"
#include "oauth/Replies.h"
#include "oauth/Scopes.h"
#include "store/SecretHash.h"
#include "store/StoreError.h"
#include "util/Base64Url.h"
#include "util/ConstantTime.h"
#include "util/Log.h"
#include "util/Utf8.h"

#include <algorithm>

namespace OuraMcp::OAuth {

namespace {

const char* const ConsentPurpose = "consent";
const char* const UpstreamPurpose = "upstream";

std::string parameter(const std::map<std::string, std::string>& parameters, const std::string& name)
{
    const auto it = parameters.find(name);
    return it == parameters.end() ? std::string() : it->second;
}

std::string claim(const Json& claims, const char* name)
{
    const auto it = claims.find(name);
    return it != claims.end() && it->is_string() ? it->get<std::string>() : std::string();
}

} // namespace

AuthorizeFlow::AuthorizeFlow(const AuthorizationServerOptions& options, Store::UserStore& store,
                             UpstreamAccount& upstream, ClientDirectory& clients, const SignedBlob& blobs)
    : _options(options), _store(store), _upstream(upstream), _clients(clients), _blobs(blobs),
      _secureCookie(options.publicUrl.compare(0, 8, "https://") == 0)
{
    _cookieName = _secureCookie ? "__Host-omcp_browser" : "omcp_browser";
}

Http::WebResponse AuthorizeFlow::errorPage(int status, const std::string& message) const
{
    return Replies::html(status, ConsentPage::error(_options.serviceName, message));
}

Http::WebResponse AuthorizeFlow::redirectError(const std::string& redirectUri, const std::string& state,
                                               const std::string& error, const std::string& description) const
{
    return Replies::redirect(RedirectUri::withParameters(redirectUri, {{"error", error},
                                                                       {"error_description", description},
                                                                       {"state", state},
                                                                       {"iss", _options.publicUrl}}));
}

std::string AuthorizeFlow::cookieNonce(const Http::WebRequest& request) const
{
    // Cookie: a=b; c=d. The nonce is our own 43-character base64url value; anything else is ignored.
    const std::string& header = request.cookie;
    std::size_t i = 0;
    while (i < header.size())
    {
        while (i < header.size() && (header[i] == ' ' || header[i] == ';'))
            ++i;
        const std::size_t end = std::min(header.find(';', i), header.size());
        const std::string pair = header.substr(i, end - i);
        const auto eq = pair.find('=');
        if (eq != std::string::npos && pair.compare(0, eq, _cookieName) == 0 && eq == _cookieName.size())
        {
            const std::string value = pair.substr(eq + 1);
            if (value.size() == 43 && std::all_of(value.begin(), value.end(), Util::Base64Url::isAlphabet))
                return value;
        }
        i = end + 1;
    }
    return "";
}

std::string AuthorizeFlow::setCookie(const std::string& nonce) const
{
    // Lax: the cookie comes back on the top-level GET from Oura's sign-in, and on our own form's POST, but
    // not on a POST another site makes the browser send.
    std::string cookie = _cookieName + "=" + nonce + "; Path=/; HttpOnly; SameSite=Lax; Max-Age=" +
                         std::to_string(_options.consentLifetime.count() * 2);
    if (_secureCookie)
        cookie += "; Secure";
    return cookie;
}

bool AuthorizeFlow::sameBrowser(const Http::WebRequest& request, const Json& claims) const
{
    const std::string nonce = cookieNonce(request);
    return !nonce.empty() && Util::ConstantTime::equal(Store::SecretHash::of(nonce), claim(claims, "n"));
}

Http::WebResponse AuthorizeFlow::authorize(const Http::WebRequest& request)
{
    const auto& q = request.query;
    if (!request.repeated.empty())
        return errorPage(400, "The parameter " + request.repeated.front() + " is given more than once.");
    const std::string clientId = parameter(q, "client_id");
    const std::int64_t now = _options.currentTime();
    ClientInfo client;
    try
    {
        client = _clients.resolve(clientId, now);
    }
    catch (const OAuthError& e)
    {
        return errorPage(e.status() >= 500 ? 500 : 400, e.what());
    }
    catch (const Store::StoreError& e)
    {
        Util::Log::error("oauth", std::string("client lookup failed: ") + e.what());
        return errorPage(503, "The server cannot reach its database. Try again in a moment.");
    }
    const std::string redirectUri = parameter(q, "redirect_uri");
    if (redirectUri.empty())
        return errorPage(400, "The request has no redirect_uri.");
    const bool registered =
        std::any_of(client.redirectUris.begin(), client.redirectUris.end(),
                    [&](const std::string& uri) { return RedirectUri::matches(uri, redirectUri); });
    if (!registered)
        return errorPage(400, "The redirect_uri is not one this client registered.");

    // From here on the redirect URI is the client's own, so errors go back to it (RFC 6749 §4.1.2.1).
    const std::string state = parameter(q, "state");
    if (state.size() > MaximumStateLength)
        return redirectError(redirectUri, "", "invalid_request", "state is longer than 2048 characters");
    if (!Util::Utf8::valid(state))
        return redirectError(redirectUri, "", "invalid_request", "state is not valid UTF-8");
    const std::string responseType = parameter(q, "response_type");
    if (responseType.empty())
        return redirectError(redirectUri, state, "invalid_request", "response_type is missing");
    if (responseType != "code")
        return redirectError(redirectUri, state, "unsupported_response_type",
                             "only response_type=code is supported");
    const std::string challenge = parameter(q, "code_challenge");
    const std::string method = parameter(q, "code_challenge_method");
    if (challenge.empty())
        return redirectError(redirectUri, state, "invalid_request",
                             "code_challenge is required (PKCE with S256)");
    if (method != "S256")
        return redirectError(redirectUri, state, "invalid_request",
                             "code_challenge_method must be S256 (plain is not accepted)");
    if (!Pkce::isValidChallenge(challenge))
        return redirectError(redirectUri, state, "invalid_request",
                             "code_challenge must be 43 characters of base64url (an S256 challenge)");
    const std::string resource = parameter(q, "resource");
    if (!resource.empty() && resource != _options.resource())
        return redirectError(redirectUri, state, "invalid_target",
                             "resource must be " + _options.resource() +
                                 ", the only resource this server protects");
    std::vector<std::string> scopes = _options.scopes;
    if (q.count("scope") != 0)
    {
        try
        {
            scopes = Scopes::within(Scopes::split(parameter(q, "scope")), _options.scopes);
        }
        catch (const OAuthError& e)
        {
            return redirectError(redirectUri, state, e.error(), e.what());
        }
    }

    // The browser's existing nonce is kept, so that two authorizations started in two tabs both finish.
    std::string nonce = cookieNonce(request);
    if (nonce.empty())
        nonce = Store::SecretHash::generateSecret();
    const Json claims{{"c", client.clientId},
                      {"r", redirectUri},
                      {"cc", challenge},
                      {"s", state},
                      {"sc", Scopes::join(scopes)},
                      {"rs", _options.resource()},
                      {"n", Store::SecretHash::of(nonce)}};
    ConsentPage::Details details;
    details.serviceName = _options.serviceName;
    details.clientName = client.name;
    details.clientId = client.clientId;
    details.redirectHost = RedirectUri::hostOf(redirectUri);
    if (details.redirectHost.empty())
        details.redirectHost =
            redirectUri.substr(0, redirectUri.find(':')) + ": (an application on this device)";
    details.scopes = scopes;
    details.action = _options.publicUrl + DecisionPath;
    details.consentField = _blobs.seal(ConsentPurpose, claims, now + _options.consentLifetime.count());
    Http::WebResponse response = Replies::html(200, ConsentPage::render(details));
    response.headers.emplace_back("Set-Cookie", setCookie(nonce));
    return response;
}

Http::WebResponse AuthorizeFlow::decide(const Http::WebRequest& request)
{
    if (!request.repeated.empty())
        return errorPage(400, "The field " + request.repeated.front() + " is given more than once.");
    const auto claims =
        _blobs.open(ConsentPurpose, parameter(request.form, "consent"), _options.currentTime());
    if (!claims)
        return errorPage(
            400, "The consent form is missing, altered or expired. Start again from the application.");
    if (!sameBrowser(request, *claims))
        return errorPage(400,
                         "This browser did not start this authorization (its sign-in cookie is missing or "
                         "different). Start again from the application.");
    const std::string redirectUri = claim(*claims, "r");
    const std::string state = claim(*claims, "s");
    const std::string decision = parameter(request.form, "decision");
    if (decision == "deny")
        return redirectError(redirectUri, state, "access_denied", "the user denied access");
    if (decision != "allow")
        return errorPage(400, "The decision must be allow or deny.");
    Json upstream = *claims;
    upstream.erase("exp");
    const std::string upstreamState =
        _blobs.seal(UpstreamPurpose, upstream, _options.currentTime() + _options.consentLifetime.count());
    Http::WebResponse response =
        Replies::redirect(_upstream.authorizeUrl(upstreamState, claim(*claims, "sc")));
    // Renewed so that it outlives the upstream state, which is younger than the consent form.
    response.headers.emplace_back("Set-Cookie", setCookie(cookieNonce(request)));
    return response;
}

Http::WebResponse AuthorizeFlow::callback(const Http::WebRequest& request)
{
    const auto& q = request.query;
    if (!request.repeated.empty())
        return errorPage(400, "The parameter " + request.repeated.front() + " is given more than once.");
    const std::int64_t now = _options.currentTime();
    const auto claims = _blobs.open(UpstreamPurpose, parameter(q, "state"), now);
    if (!claims)
        return errorPage(
            400, "The sign-in state is missing, altered or expired. Start again from the application.");
    if (!sameBrowser(request, *claims))
        return errorPage(400, "This browser did not start this sign-in (its sign-in cookie is missing or "
                              "different). Start again from the application.");
    const std::string clientId = claim(*claims, "c");
    const std::string redirectUri = claim(*claims, "r");
    const std::string state = claim(*claims, "s");
    const std::string upstreamError = parameter(q, "error");
    if (!upstreamError.empty())
    {
        if (upstreamError == "access_denied")
            return redirectError(redirectUri, state, "access_denied", "the user denied access at Oura");
        Util::Log::warning("oauth", "Oura's sign-in answered an error for client " + clientId);
        return redirectError(redirectUri, state, "server_error", "signing in with Oura failed");
    }
    const std::string code = parameter(q, "code");
    if (code.empty())
        return redirectError(redirectUri, state, "server_error",
                             "Oura's sign-in returned no authorization code");
    try
    {
        const UpstreamAccount::Linked linked = _upstream.exchange(code, now);
        if (linked.ouraUserId.empty())
            return redirectError(redirectUri, state, "server_error", "Oura did not say who signed in");
        const Store::User user = _store.findOrCreateUser(linked.ouraUserId, now);
        _store.saveOuraTokens(user.id, linked.tokens, now);
        // The person may untick scopes at Oura; the grant is what was asked for and Oura granted.
        const std::string scopes =
            Scopes::join(Scopes::grantedBy(Scopes::split(claim(*claims, "sc")), linked.tokens.scopes));
        const std::string resource = claim(*claims, "rs");
        _store.saveGrant(Store::Grant{user.id, clientId, scopes, resource, now});
        const std::string authorizationCode = "omcp_ac_" + Store::SecretHash::generateSecret();
        Store::AuthorizationCode record;
        record.clientId = clientId;
        record.userId = user.id;
        record.redirectUri = redirectUri;
        record.codeChallenge = claim(*claims, "cc");
        record.scopes = scopes;
        record.resource = resource;
        record.expiresAt = now + _options.codeLifetime.count();
        _store.saveAuthorizationCode(authorizationCode, record);
        Util::Log::info("oauth", "user " + user.id + " authorized client " + clientId + " (" + scopes + ")");
        return Replies::redirect(RedirectUri::withParameters(
            redirectUri, {{"code", authorizationCode}, {"state", state}, {"iss", _options.publicUrl}}));
    }
    catch (const UpstreamAccount::Error& e)
    {
        // The upstream's text is safe to log by its contract; the client gets a fixed sentence.
        Util::Log::warning("oauth", std::string("Oura sign-in failed: ") + e.what());
        return redirectError(redirectUri, state, "server_error", "signing in with Oura failed");
    }
    catch (const Store::StoreError& e)
    {
        Util::Log::error("oauth", std::string("authorization not saved: ") + e.what());
        return redirectError(redirectUri, state, "server_error",
                             "the server could not save the authorization");
    }
}

} // namespace OuraMcp::OAuth

#pragma once

#include "http/WebExchange.h"
#include "oauth/AuthorizationServerOptions.h"
#include "oauth/ClientDirectory.h"
#include "oauth/SignedBlob.h"
#include "oauth/UpstreamAccount.h"
#include "store/UserStore.h"

#include <string>
#include <vector>

namespace OuraMcp::OAuth {

/// The browser's part of the authorization code flow, from the client's /authorize request to the code sent
/// back to its redirect URI, through our consent page and Oura's sign-in:
///
///     GET /authorize  ->  consent page (signed "consent" field, browser-binding cookie)
///     POST /authorize/decision  ->  302 to Oura with a signed state (or access_denied to the client)
///     GET /oauth/oura/callback  ->  user, Oura tokens, grant, code  ->  302 to the client's redirect URI
///
/// Nothing is kept in memory between the steps: everything a later step needs travels in blobs signed with
/// options.stateKey, so any replica can finish what another started. The cookie holds a random nonce whose hash
/// is inside each blob: a request forged by another site, or a state replayed in another browser, lacks it.
/// Until the client and its redirect URI are known to be genuine, errors are shown as a page and never
/// redirected (RFC 6749 §4.1.2.1). Thread-safe.
class AuthorizeFlow
{
public:
    AuthorizeFlow(const AuthorizationServerOptions& options, Store::UserStore& store,
                  UpstreamAccount& upstream, ClientDirectory& clients, const SignedBlob& blobs);

    Http::WebResponse authorize(const Http::WebRequest& request);
    Http::WebResponse decide(const Http::WebRequest& request);
    Http::WebResponse callback(const Http::WebRequest& request);

    const std::string& cookieName() const { return _cookieName; }
    ///< "__Host-omcp_browser" when publicUrl is https, "omcp_browser" otherwise (__Host- needs Secure)

    static constexpr const char* DecisionPath = "/authorize/decision";
    static constexpr const char* CallbackPath = "/oauth/oura/callback";
    static constexpr std::size_t MaximumStateLength = 2048;

private:
    Http::WebResponse errorPage(int status, const std::string& message) const;
    Http::WebResponse redirectError(const std::string& redirectUri, const std::string& state,
                                    const std::string& error, const std::string& description) const;
    std::string cookieNonce(const Http::WebRequest& request) const;
    std::string setCookie(const std::string& nonce) const;
    bool sameBrowser(const Http::WebRequest& request, const Json& claims) const;

    const AuthorizationServerOptions& _options;
    Store::UserStore& _store;
    UpstreamAccount& _upstream;
    ClientDirectory& _clients;
    const SignedBlob& _blobs;
    std::string _cookieName;
    bool _secureCookie;
};

} // namespace OuraMcp::OAuth

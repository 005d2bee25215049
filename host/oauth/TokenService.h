#pragma once

#include "http/WebExchange.h"
#include "oauth/AuthorizationServerOptions.h"
#include "oauth/ClientDirectory.h"
#include "store/UserStore.h"

#include <string>

namespace OuraMcp::OAuth {

/// The token endpoint (RFC 6749 §3.2, OAuth 2.1: authorization_code with PKCE, refresh_token with rotation) and
/// the revocation endpoint (RFC 7009). Every token is opaque: a prefix and 256 random bits, kept by the store as
/// a SHA-256 only. Thread-safe.
class TokenService
{
public:
    TokenService(const AuthorizationServerOptions& options, Store::UserStore& store,
                 ClientDirectory& clients);

    Http::WebResponse token(const Http::WebRequest& request);
    /// POST /token. Errors are RFC 6749 §5.2 JSON; a failed client authentication is 401 invalid_client.

    Http::WebResponse revoke(const Http::WebRequest& request);
    /// POST /revoke: revokes the family of the access or refresh token presented (a token we do not know is
    /// not an error, RFC 7009 §2.2); 200 unless the client fails to authenticate.

    static constexpr const char* AccessTokenPrefix = "omcp_at_";
    static constexpr const char* RefreshTokenPrefix = "omcp_rt_";

private:
    ClientInfo authenticateClient(const Http::WebRequest& request) const;
    Http::WebResponse exchangeCode(const Http::WebRequest& request, const ClientInfo& client);
    Http::WebResponse refresh(const Http::WebRequest& request, const ClientInfo& client);

    const AuthorizationServerOptions& _options;
    Store::UserStore& _store;
    ClientDirectory& _clients;
};

} // namespace OuraMcp::OAuth

#pragma once

#include "http/Authenticator.h"
#include "http/Route.h"
#include "oauth/AuthorizationServerOptions.h"
#include "oauth/AuthorizeFlow.h"
#include "oauth/BearerAuthenticator.h"
#include "oauth/ClientDirectory.h"
#include "oauth/ClientMetadataFetcher.h"
#include "oauth/SignedBlob.h"
#include "oauth/TokenService.h"
#include "oauth/UpstreamAccount.h"
#include "store/UserStore.h"
#include "util/Json.h"

#include <string>

namespace OuraMcp::OAuth {

/// oura-mcp as an OAuth 2.1 authorization server for MCP clients, in front of Oura's own OAuth: a person signs in
/// with Oura, and the MCP client gets our tokens, which name that person. Served beside the MCP endpoint:
///
///   GET  /.well-known/oauth-authorization-server      RFC 8414 metadata (also /.well-known/openid-configuration)
///   GET  /.well-known/oauth-protected-resource[/mcp]  RFC 9728 metadata of the MCP endpoint
///   GET  /authorize, POST /authorize/decision,
///   GET  /oauth/oura/callback                         the browser's flow (AuthorizeFlow)
///   POST /token, POST /revoke                         TokenService
///   POST /register                                    RFC 7591 (when options.dynamicRegistration)
///
/// authenticator() checks the bearer token of every MCP request. Everything that outlives a request is in the
/// store, everything between the browser's steps in signed blobs, so replicas sharing the store and the state key
/// serve one another's users. Thread-safe; serve() never throws.
class AuthorizationServer : public Http::Route
{
public:
    AuthorizationServer(AuthorizationServerOptions options, Store::UserStore& store,
                        UpstreamAccount& upstream, ClientMetadataFetcher& fetcher);
    /// Throws std::invalid_argument if publicUrl is not an absolute http(s) URL without a trailing slash,
    /// mcpPath does not start with '/', or the state key is shorter than 32 bytes.

    AuthorizationServer(const AuthorizationServer&) = delete;
    AuthorizationServer& operator=(const AuthorizationServer&) = delete;
    ///< its parts hold references to one another

    bool handles(const std::string& method, const std::string& path) const override;
    Http::WebResponse serve(const Http::WebRequest& request) override;

    Http::Authenticator& authenticator() { return _bearer; }
    ///< the bearer check for the MCP endpoint, bound to publicUrl + mcpPath

    Json authorizationServerMetadata() const;
    Json protectedResourceMetadata() const;

    const AuthorizationServerOptions& options() const { return _options; }

private:
    Http::WebResponse route(const Http::WebRequest& request);
    Http::WebResponse registerClient(const Http::WebRequest& request);

    AuthorizationServerOptions _options;
    SignedBlob _blobs;
    ClientDirectory _clients;
    AuthorizeFlow _flow;
    TokenService _tokens;
    BearerAuthenticator _bearer;
    std::string _protectedResourcePath;
};

} // namespace OuraMcp::OAuth

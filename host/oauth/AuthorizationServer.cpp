#include "oauth/AuthorizationServer.h"

#include "oauth/OAuthError.h"
#include "oauth/Replies.h"
#include "store/StoreError.h"
#include "util/Log.h"

#include <stdexcept>

namespace OuraMcp::OAuth {

namespace {

const char* const AuthorizationServerMetadataPath = "/.well-known/oauth-authorization-server";
const char* const OpenIdConfigurationPath = "/.well-known/openid-configuration";
const char* const ProtectedResourcePath = "/.well-known/oauth-protected-resource";

const AuthorizationServerOptions& checked(const AuthorizationServerOptions& options)
{
    const std::string& url = options.publicUrl;
    const bool scheme = url.compare(0, 8, "https://") == 0 || url.compare(0, 7, "http://") == 0;
    if (!scheme || url.back() == '/' || url.find_first_of("?# ") != std::string::npos)
        throw std::invalid_argument(
            "the public URL must be an absolute http(s) URL without a trailing slash, "
            "query or fragment");
    if (options.mcpPath.empty() || options.mcpPath[0] != '/')
        throw std::invalid_argument("the MCP path must start with '/'");
    return options;
}

/// Metadata is public and the same for everyone (serve() lets any origin read it).
Http::WebResponse publicDocument(const Json& document)
{
    Http::WebResponse response = Replies::json(200, document, false);
    response.headers.emplace_back("Cache-Control", "max-age=300");
    return response;
}

bool isMetadataPath(const std::string& path, const std::string& protectedResourcePath)
{
    return path == AuthorizationServerMetadataPath || path == OpenIdConfigurationPath ||
           path == ProtectedResourcePath || path == protectedResourcePath;
}

/// The paths a browser-based MCP client (the MCP Inspector, a web app) calls with fetch() from its own origin:
/// the metadata, /token, /revoke and /register. None of them reads a cookie or answers differently by origin
/// (a code needs its PKCE verifier, a token or secret is in the request), so any origin may read their answers,
/// errors included, as the MCP SDKs' own authorization servers allow. The browser's steps (/authorize, the
/// consent form, the callback) are navigations and stay closed.
bool isOpenToOtherOrigins(const std::string& path, const std::string& protectedResourcePath)
{
    return isMetadataPath(path, protectedResourcePath) || path == "/token" || path == "/revoke" ||
           path == "/register";
}

/// The answer to a CORS preflight (a JSON registration, an Authorization header, the MCP-Protocol-Version
/// header the SDKs send with discovery all need one).
Http::WebResponse preflight(const std::string& method)
{
    Http::WebResponse response;
    response.status = 204;
    response.contentType = "text/plain";
    response.headers = {{"Access-Control-Allow-Methods", method + ", OPTIONS"},
                        {"Access-Control-Allow-Headers", "Authorization, Content-Type, MCP-Protocol-Version"},
                        {"Access-Control-Max-Age", "86400"}};
    return response;
}

} // namespace

AuthorizationServer::AuthorizationServer(AuthorizationServerOptions options, Store::UserStore& store,
                                         UpstreamAccount& upstream, ClientMetadataFetcher& fetcher)
    : _options(checked(options)), _blobs(_options.stateKey),
      _clients(store, fetcher, _options.dynamicRegistration, _options.clientIdMetadataDocuments),
      _flow(_options, store, upstream, _clients, _blobs), _tokens(_options, store, _clients),
      _bearer(_options, store), _protectedResourcePath(std::string(ProtectedResourcePath) + _options.mcpPath)
{}

Json AuthorizationServer::authorizationServerMetadata() const
{
    const std::string& base = _options.publicUrl;
    Json metadata{{"issuer", base},
                  {"authorization_endpoint", base + "/authorize"},
                  {"token_endpoint", base + "/token"}};
    if (_options.dynamicRegistration)
        metadata["registration_endpoint"] = base + "/register";
    metadata["revocation_endpoint"] = base + "/revoke";
    metadata["scopes_supported"] = _options.scopes;
    metadata["response_types_supported"] = {"code"};
    metadata["response_modes_supported"] = {"query"};
    metadata["grant_types_supported"] = {"authorization_code", "refresh_token"};
    metadata["code_challenge_methods_supported"] = {"S256"};
    metadata["token_endpoint_auth_methods_supported"] = {"none", "client_secret_post", "client_secret_basic"};
    metadata["revocation_endpoint_auth_methods_supported"] = {"none", "client_secret_post",
                                                              "client_secret_basic"};
    // claude.ai uses metadata documents only when this is true and "none" is among the methods above.
    metadata["client_id_metadata_document_supported"] = _options.clientIdMetadataDocuments;
    metadata["authorization_response_iss_parameter_supported"] = true;
    return metadata;
}

Json AuthorizationServer::protectedResourceMetadata() const
{
    return Json{{"resource", _options.resource()},
                {"authorization_servers", {_options.publicUrl}},
                {"scopes_supported", _options.scopes},
                {"bearer_methods_supported", {"header"}},
                {"resource_name", _options.serviceName}};
}

bool AuthorizationServer::handles(const std::string&, const std::string& path) const
{
    return path == AuthorizationServerMetadataPath || path == OpenIdConfigurationPath ||
           path == ProtectedResourcePath || path == _protectedResourcePath || path == "/authorize" ||
           path == AuthorizeFlow::DecisionPath || path == AuthorizeFlow::CallbackPath || path == "/token" ||
           path == "/revoke" || (path == "/register" && _options.dynamicRegistration);
}

Http::WebResponse AuthorizationServer::serve(const Http::WebRequest& request)
{
    Http::WebResponse response;
    try
    {
        response = route(request);
    }
    catch (const std::exception& e)
    {
        // Our own texts never carry a secret, and the logger redacts registered ones besides.
        Util::Log::error("oauth", std::string("request to ") + request.path + " failed: " + e.what());
        response =
            Replies::error("server_error", "the authorization server failed to answer this request", 500);
    }
    if (isOpenToOtherOrigins(request.path, _protectedResourcePath))
        response.headers.emplace_back("Access-Control-Allow-Origin", "*");
    return response;
}

Http::WebResponse AuthorizationServer::route(const Http::WebRequest& request)
{
    const std::string& path = request.path;
    const bool get = request.method == "GET" || request.method == "HEAD";
    const bool post = request.method == "POST";
    if (request.method == "OPTIONS" && isOpenToOtherOrigins(path, _protectedResourcePath))
        return preflight(isMetadataPath(path, _protectedResourcePath) ? "GET" : "POST");
    if (path == AuthorizationServerMetadataPath || path == OpenIdConfigurationPath)
        return get ? publicDocument(authorizationServerMetadata()) : Replies::methodNotAllowed("GET");
    if (path == ProtectedResourcePath || path == _protectedResourcePath)
        return get ? publicDocument(protectedResourceMetadata()) : Replies::methodNotAllowed("GET");
    if (path == "/authorize")
        return get ? _flow.authorize(request) : Replies::methodNotAllowed("GET");
    if (path == AuthorizeFlow::DecisionPath)
        return post ? _flow.decide(request) : Replies::methodNotAllowed("POST");
    if (path == AuthorizeFlow::CallbackPath)
        return get ? _flow.callback(request) : Replies::methodNotAllowed("GET");
    if (path == "/token")
        return post ? _tokens.token(request) : Replies::methodNotAllowed("POST");
    if (path == "/revoke")
        return post ? _tokens.revoke(request) : Replies::methodNotAllowed("POST");
    if (path == "/register" && _options.dynamicRegistration)
        return post ? registerClient(request) : Replies::methodNotAllowed("POST");
    return Replies::error("invalid_request", "no such path", 404);
}

Http::WebResponse AuthorizationServer::registerClient(const Http::WebRequest& request)
{
    if (request.contentType != "application/json")
        return Replies::error("invalid_client_metadata", "the registration request must be application/json");
    try
    {
        return Replies::json(201, _clients.registerClient(request.body, _options.currentTime()));
    }
    catch (const OAuthError& e)
    {
        return Replies::error(e.error(), e.what(), e.status());
    }
    catch (const Store::StoreError& e)
    {
        Util::Log::error("oauth", std::string("client registration failed: ") + e.what());
        return Replies::error("server_error", "the client could not be stored", 500);
    }
}

} // namespace OuraMcp::OAuth

#pragma once

#include "oauth/ClientMetadataFetcher.h"
#include "store/UserStore.h"
#include "util/Json.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace OuraMcp::OAuth {

/// An MCP client as the authorization server needs it, whichever way it became known.
struct ClientInfo
{
    std::string clientId;
    std::string kind; ///< "dcr" (registered here) or "cimd" (a Client ID Metadata Document)
    std::string name; ///< client_name, "" if none
    std::vector<std::string> redirectUris;
    std::string tokenEndpointAuthMethod = "none"; ///< "none", "client_secret_post" or "client_secret_basic"

    bool confidential() const { return tokenEndpointAuthMethod != "none"; }
};

/// Where clients come from: Dynamic Client Registration (RFC 7591) kept in the store, and Client ID Metadata
/// Documents (draft-ietf-oauth-client-id-metadata-document), fetched when a client_id is an https URL and kept
/// in the store as a cache for the document's max-age (bounded to 5 minutes .. 24 hours). Thread-safe as the
/// store and the fetcher are.
class ClientDirectory
{
public:
    ClientDirectory(Store::UserStore& store, ClientMetadataFetcher& fetcher, bool dynamicRegistration,
                    bool metadataDocuments);

    ClientInfo resolve(const std::string& clientId, std::int64_t now);
    /// For an authorization request: the registered client, or the metadata document of an https client_id
    /// (from the cache while it is fresh, otherwise fetched, validated and cached). Throws OAuthError
    /// ("invalid_client" or "invalid_request") with a description fit for the error page.

    std::optional<ClientInfo> find(const std::string& clientId);
    /// For the token and revocation endpoints: the registered client; for an https client_id of a metadata
    /// document, the cached entry even if stale, or else a public client of that id (a metadata document
    /// client is always public here, and the code or refresh token it presents names its client_id, so there
    /// is nothing to fetch). Nothing if the id is unknown.

    Json registerClient(const std::string& body, std::int64_t now);
    /// RFC 7591: validates the JSON registration request, stores the client (a generated secret only as its
    /// hash) and returns the response document (201). Throws OAuthError "invalid_redirect_uri" or
    /// "invalid_client_metadata".

    static ClientInfo parseMetadataDocument(const std::string& url, const std::string& json);
    /// Validates a fetched document: a JSON object whose client_id equals url exactly, a non-empty
    /// redirect_uris array of acceptable redirect URIs (RedirectUri::problemWith), an optional string
    /// client_name, and no client secret or token endpoint authentication other than "none". Throws
    /// OAuthError("invalid_client").

    static std::string problemWithMetadataUrl(const std::string& clientId);
    /// "" if clientId may name a metadata document: an https URL with a host and a path, no fragment, user
    /// information or dot segments; otherwise why not.

    static bool looksLikeMetadataUrl(const std::string& clientId);
    /// True if clientId starts with "https://" (our own client ids never do).

    static constexpr std::size_t MaximumRegistrationSize = 16 * 1024;
    static constexpr std::size_t MaximumRedirectUris = 20;
    static constexpr std::int64_t MinimumCacheSeconds = 5 * 60;
    static constexpr std::int64_t MaximumCacheSeconds = 24 * 60 * 60;

private:
    static ClientInfo fromStored(const Store::Client& client);

    Store::UserStore& _store;
    ClientMetadataFetcher& _fetcher;
    bool _dynamicRegistration;
    bool _metadataDocuments;
};

} // namespace OuraMcp::OAuth

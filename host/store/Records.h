#pragma once

#include <cstdint>
#include <string>

namespace OuraMcp::Store {

// The rows of the store as the rest of the host sees them. Times are Unix seconds (UTC). Our own secrets
// (codes, access and refresh tokens, client secrets) never appear here: they are presented to the store and
// only their SHA-256 is kept.

/// A person behind the server, known by Oura's user id and named everywhere else by a pseudonymous id.
struct User
{
    std::string id;         ///< pseudonymous ("u_" + 32 hex digits), used in logs, audit lines and commands
    std::string ouraUserId; ///< Oura's id for the person (from the personal_info of the first sign-in)
    std::int64_t createdAt = 0;
};

/// One user's Oura OAuth tokens; kept sealed (AES-256-GCM) in the database.
struct OuraTokens
{
    std::string accessToken;
    std::string refreshToken;
    std::int64_t expiresAt = 0; ///< when the access token expires
    std::string scopes;         ///< space-separated, as Oura granted them
};

/// An MCP client: a Dynamic Client Registration or a cached Client ID Metadata Document.
struct Client
{
    std::string clientId; ///< our generated id (DCR) or the metadata document's https URL (CIMD)
    std::string kind;     ///< "dcr" or "cimd"
    std::string metadata; ///< the registration or document as JSON text
    std::int64_t createdAt = 0;
    std::int64_t expiresAt = 0; ///< CIMD cache expiry; 0 for a registration that does not expire
    bool hasSecret = false;     ///< a confidential DCR client (its secret is kept only as a hash)
};

/// What a user allowed a client: the consent that codes and tokens are issued under.
struct Grant
{
    std::string userId;
    std::string clientId;
    std::string scopes;
    std::string resource;
    std::int64_t createdAt = 0;
};

/// An authorization code (stored by hash; single use).
struct AuthorizationCode
{
    std::string clientId;
    std::string userId;
    std::string redirectUri;
    std::string codeChallenge; ///< PKCE S256 challenge
    std::string scopes;
    std::string resource; ///< RFC 8707 resource the tokens will be bound to
    std::int64_t expiresAt = 0;
};

/// An access token of our authorization server (stored by hash).
struct AccessToken
{
    std::string clientId;
    std::string userId;
    std::string scopes;
    std::string resource;
    std::string familyId; ///< the refresh-token family it was issued with ("" if none)
    std::int64_t expiresAt = 0;
};

/// A refresh token of our authorization server (stored by hash), one of a family of rotations.
struct RefreshToken
{
    std::string clientId;
    std::string userId;
    std::string scopes;
    std::string resource;
    std::string familyId;
    std::int64_t expiresAt = 0;
};

} // namespace OuraMcp::Store

#pragma once

#include "store/LockedUser.h"
#include "store/Records.h"
#include "store/StoreKey.h"

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace OuraMcp::Store {

/// Everything remote, multi-user operation keeps: users, their Oura tokens, MCP clients, grants, and the
/// codes and tokens of our own authorization server. One interface, two engines (SqliteUserStore, the
/// default, and PostgresUserStore for several replicas sharing one database).
///
/// Guarantees common to every method: thread-safe (each call takes its own connection); every write is one
/// transaction; Oura tokens are sealed with the StoreKey (AES-256-GCM, the user id as associated data) before
/// they reach the database; our own secrets are presented to the store and only their SHA-256 is kept; errors
/// are StoreError whose text names the operation and never a token, secret, key or user datum.
class UserStore
{
public:
    virtual ~UserStore() = default;

    static std::unique_ptr<UserStore> open(const std::string& location, std::shared_ptr<const StoreKey> key);
    /// "postgresql://…" or "postgres://…" (a libpq URI) opens PostgreSQL; anything else ("sqlite:PATH" or a
    /// plain path) the SQLite file. Applies pending schema migrations; throws SchemaTooNewError for a database
    /// of a newer oura-mcp.

    virtual std::int64_t schemaVersion() = 0;
    /// The database's schema version after opening (== latestSchemaVersion()).

    static std::int64_t latestSchemaVersion();

    // Users

    virtual User findOrCreateUser(const std::string& ouraUserId, std::int64_t now) = 0;
    /// The user with that Oura id, created with a fresh pseudonymous id if there is none. Two replicas
    /// creating the same user at once get the same row.

    virtual std::optional<User> findUser(const std::string& userId) = 0;
    virtual std::optional<User> findUserByOuraId(const std::string& ouraUserId) = 0;
    virtual std::vector<User> listUsers() = 0;

    virtual bool deleteUser(const std::string& userId) = 0;
    /// Deletes the user and every row of theirs (Oura tokens, grants, codes, access and refresh tokens and
    /// their families) in one transaction; false if there was no such user. Revoking the Oura token at Oura
    /// first is the caller's job.

    // Oura tokens (sealed at rest)

    virtual void saveOuraTokens(const std::string& userId, const OuraTokens& tokens, std::int64_t now) = 0;
    virtual std::optional<OuraTokens> ouraTokens(const std::string& userId) = 0;

    virtual void withUserLock(const std::string& userId, const std::function<void(LockedUser&)>& fn) = 0;
    /// Runs fn holding the user's lock across threads and replicas (PostgreSQL: SELECT … FOR UPDATE of the
    /// user's row; SQLite: BEGIN IMMEDIATE, which serialises every writer of the file), in one transaction
    /// that commits when fn returns and rolls back if it throws. Throws StoreError if there is no such user.

    std::optional<OuraTokens> rotateOuraTokens(
        const std::string& userId,
        const std::function<std::optional<OuraTokens>(const std::optional<OuraTokens>& current)>& refresh);
    /// The single-flight Oura refresh: under the user lock, hands refresh the tokens as they are now (another
    /// replica may have refreshed them meanwhile); new tokens it returns are committed before this returns,
    /// so a rotated refresh token is durable before anyone uses it. Returns the tokens to use.

    virtual std::size_t resealOuraTokens() = 0;
    /// Re-seals every value not sealed with the current key (after a key rotation); the count resealed.

    // MCP clients

    virtual void saveClient(const Client& client, const std::string& clientSecret) = 0;
    /// Inserts or replaces a registration or a CIMD cache entry; clientSecret "" for a public client,
    /// otherwise only its hash is kept.
    virtual std::optional<Client> findClient(const std::string& clientId) = 0;
    /// The client as stored, an expired CIMD entry included (its expiresAt tells the caller to fetch again).
    virtual bool checkClientSecret(const std::string& clientId, const std::string& clientSecret) = 0;
    virtual bool deleteClient(const std::string& clientId) = 0;

    // Grants

    virtual void saveGrant(const Grant& grant) = 0;
    virtual std::vector<Grant> grantsOf(const std::string& userId) = 0;
    virtual bool revokeGrant(const std::string& userId, const std::string& clientId) = 0;
    /// Deletes the grant and every code, access token and refresh family of that user and client.
    virtual std::size_t revokeAllGrants(const std::string& userId) = 0;
    /// The same for every client of the user (`users revoke`): the user and their Oura tokens stay, every
    /// client must ask for consent again. Returns the number of grants revoked.

    // Authorization codes (single use, stored by hash)

    enum class CodeOutcome
    {
        Consumed, ///< first use: the code's record is returned and the code is spent
        Unknown,  ///< never issued (or its user was deleted)
        Expired,
        Replayed ///< already spent: the refresh families issued from it are revoked (RFC 6749 §4.1.2)
    };
    struct CodeConsumption
    {
        CodeOutcome outcome = CodeOutcome::Unknown;
        AuthorizationCode code; ///< set when Consumed
    };

    virtual void saveAuthorizationCode(const std::string& code, const AuthorizationCode& record) = 0;
    virtual CodeConsumption consumeAuthorizationCode(const std::string& code, std::int64_t now) = 0;

    // Access and refresh tokens (stored by hash)

    virtual std::string startRefreshFamily(const std::string& clientId, const std::string& userId,
                                           const std::string& originCode, std::int64_t now) = 0;
    /// A new family for the tokens issued from one authorization code; returns its id.

    virtual void saveAccessToken(const std::string& token, const AccessToken& record) = 0;
    virtual std::optional<AccessToken> findAccessToken(const std::string& token, std::int64_t now) = 0;
    /// The token's record if it exists, has not expired and its family is not revoked.

    virtual void saveRefreshToken(const std::string& token, const RefreshToken& record) = 0;

    enum class RotationOutcome
    {
        Rotated, ///< the presented token is spent now and the successor stored in its family
        Unknown,
        Expired,
        Reused, ///< the presented token was already spent: the whole family is revoked now
        Revoked ///< the family was revoked before
    };
    struct RefreshRotation
    {
        RotationOutcome outcome = RotationOutcome::Unknown;
        RefreshToken token; ///< the presented token's record when Rotated (the successor inherits it)
    };

    virtual RefreshRotation rotateRefreshToken(const std::string& presented, const std::string& successor,
                                               std::int64_t successorExpiresAt, std::int64_t now) = 0;
    /// Spends the presented refresh token and stores its successor, atomically: of two concurrent rotations of
    /// one token exactly one is Rotated and the other Reused (which revokes the family, the safe answer to a
    /// stolen token).

    virtual void revokeFamily(const std::string& familyId) = 0;
    /// Revokes the family's refresh tokens and deletes its access tokens.

    virtual std::size_t purgeExpired(std::int64_t now) = 0;
    /// Deletes expired codes, access tokens, refresh tokens and CIMD cache entries; the count deleted.
};

} // namespace OuraMcp::Store

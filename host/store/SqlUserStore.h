#pragma once

#include "store/UserStore.h"
#include "store/ValueCipher.h"

#include <Poco/Data/Session.h>
#include <Poco/Data/SessionPool.h>

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

namespace OuraMcp::Store {

/// The UserStore on Poco::Data, in SQL both engines share. An engine (SqliteUserStore, PostgresUserStore)
/// supplies what differs: placeholders, how a writing transaction begins, row locks, and how migrations are
/// serialised between processes. Connections come from a pool, one per concurrent call.
class SqlUserStore : public UserStore
{
public:
    ~SqlUserStore() override;

    std::int64_t schemaVersion() override;

    User findOrCreateUser(const std::string& ouraUserId, std::int64_t now) override;
    std::optional<User> findUser(const std::string& userId) override;
    std::optional<User> findUserByOuraId(const std::string& ouraUserId) override;
    std::vector<User> listUsers() override;
    bool deleteUser(const std::string& userId) override;

    void saveOuraTokens(const std::string& userId, const OuraTokens& tokens, std::int64_t now) override;
    std::optional<OuraTokens> ouraTokens(const std::string& userId) override;
    void withUserLock(const std::string& userId, const std::function<void(LockedUser&)>& fn) override;
    std::size_t resealOuraTokens() override;

    void saveClient(const Client& client, const std::string& clientSecret) override;
    std::optional<Client> findClient(const std::string& clientId) override;
    bool checkClientSecret(const std::string& clientId, const std::string& clientSecret) override;
    bool deleteClient(const std::string& clientId) override;

    void saveGrant(const Grant& grant) override;
    std::vector<Grant> grantsOf(const std::string& userId) override;
    bool revokeGrant(const std::string& userId, const std::string& clientId) override;
    std::size_t revokeAllGrants(const std::string& userId) override;

    void saveAuthorizationCode(const std::string& code, const AuthorizationCode& record) override;
    CodeConsumption consumeAuthorizationCode(const std::string& code, std::int64_t now) override;

    std::string startRefreshFamily(const std::string& clientId, const std::string& userId,
                                   const std::string& originCode, std::int64_t now) override;
    void saveAccessToken(const std::string& token, const AccessToken& record) override;
    std::optional<AccessToken> findAccessToken(const std::string& token, std::int64_t now) override;
    void saveRefreshToken(const std::string& token, const RefreshToken& record) override;
    RefreshRotation rotateRefreshToken(const std::string& presented, const std::string& successor,
                                       std::int64_t successorExpiresAt, std::int64_t now) override;
    void revokeFamily(const std::string& familyId) override;
    std::size_t purgeExpired(std::int64_t now) override;

protected:
    SqlUserStore(const std::string& connector, const std::string& connectionString,
                 std::shared_ptr<const StoreKey> key, int maxConnections);
    /// Opens the pool; the engine's constructor calls migrate() once its own state is ready.

    void migrate();
    /// Brings the schema to Migrations::latestVersion() in one transaction; throws SchemaTooNewError for a
    /// newer database.

    /// A pooled connection held until the lease is destroyed. Poco's pool refuses at once when every
    /// connection is in use; a lease waits for one instead (a burst of calls, a refresh holding the user's lock
    /// while others of that person wait), up to connectionWait, then throws StoreError.
    class Lease
    {
    public:
        Lease(SqlUserStore& store);
        ~Lease();
        Lease(const Lease&) = delete;
        Lease& operator=(const Lease&) = delete;

        Poco::Data::Session& session() { return *_session; }

    private:
        SqlUserStore& _store;
        std::optional<Poco::Data::Session> _session; ///< returned to the pool before the slot is freed
    };

    Lease connection() { return Lease(*this); }
    /// A pooled connection; prepareConnection() ran once when it was made.

    static constexpr std::chrono::seconds connectionWait{10};

    virtual std::string sql(const std::string& text) const;
    /// The statement in the engine's placeholder style (written with '?').

    std::optional<User> selectUser(Poco::Data::Session& session, const std::string& column,
                                   const std::string& value) const;
    /// The user whose column ("id" or "oura_user_id") is value, if any.

    virtual void prepareConnection(Poco::Data::Session& session) = 0;
    virtual void beginWrite(Poco::Data::Session& session) = 0;
    /// Begins a transaction that will write (SQLite: BEGIN IMMEDIATE).
    virtual void commit(Poco::Data::Session& session) = 0;
    virtual void rollback(Poco::Data::Session& session) noexcept = 0;
    virtual std::string forUpdate() const = 0;
    /// The suffix that locks the rows a SELECT reads until the transaction ends ("" where the transaction
    /// already excludes every other writer).
    virtual void lockForMigration(Poco::Data::Session& session) = 0;

private:
    template <typename Fn>
    auto inWrite(const char* operation, Fn&& fn);
    template <typename Fn>
    auto inRead(const char* operation, Fn&& fn);

    std::optional<OuraTokens> readOuraTokens(Poco::Data::Session& session, const std::string& userId);
    void writeOuraTokens(Poco::Data::Session& session, const std::string& userId, const OuraTokens& tokens,
                         std::int64_t now);
    void insertRefreshToken(Poco::Data::Session& session, const std::string& hash,
                            const RefreshToken& record);
    void revokeFamilyIn(Poco::Data::Session& session, const std::string& familyId);

    friend class SqlLockedUser;

    std::unique_ptr<Poco::Data::SessionPool> _pool;
    std::mutex _slotsMutex;
    std::condition_variable _slotFreed;
    int _freeSlots = 0; ///< connections not leased right now (the pool's maximum at start)
    ValueCipher _cipher;
};

} // namespace OuraMcp::Store

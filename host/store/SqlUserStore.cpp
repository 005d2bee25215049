#include "store/SqlUserStore.h"

#include "store/Migrations.h"
#include "store/SecretHash.h"
#include "store/StoreError.h"

#include <Poco/Data/Statement.h>
#include <Poco/Exception.h>

#include <nlohmann/json.hpp>
#include <openssl/crypto.h>

#include <ctime>

namespace OuraMcp::Store {

using Poco::Data::Session;
using Poco::Data::Statement;
using Poco::Data::Keywords::bind;
using Poco::Data::Keywords::into;

namespace {

// The associated data of a user's sealed Oura tokens: a sealed value copied into another row does not open.
std::string tokensContext(const std::string& userId)
{
    return "oura_tokens:" + userId;
}

// What a grant issued, children first, and the grant itself last.
const char* const issuedTables[] = {"access_tokens", "refresh_tokens", "refresh_families",
                                    "authorization_codes", "grants"};

void execute(Session& session, const std::string& text)
{
    Statement statement(session);
    statement << text;
    statement.execute();
}

} // namespace

/// The pool hands each new connection to the engine once (SQLite's busy timeout), not on every use.
class PreparingSessionPool : public Poco::Data::SessionPool
{
public:
    PreparingSessionPool(const std::string& connector, const std::string& connectionString, int maxSessions,
                         std::function<void(Session&)> prepare)
        : Poco::Data::SessionPool(connector, connectionString, 1, maxSessions, 60),
          _prepare(std::move(prepare))
    {}

protected:
    void customizeSession(Session& session) override { _prepare(session); }

private:
    std::function<void(Session&)> _prepare;
};

/// LockedUser inside SqlUserStore::withUserLock: reads and writes in the lock's transaction.
class SqlLockedUser : public LockedUser
{
public:
    SqlLockedUser(SqlUserStore& store, Session& session, const std::string& userId)
        : _store(store), _session(session), _userId(userId)
    {}

    const std::string& userId() const override { return _userId; }
    std::optional<OuraTokens> ouraTokens() override { return _store.readOuraTokens(_session, _userId); }
    void saveOuraTokens(const OuraTokens& tokens) override
    {
        // updated_at is informational (no decision reads it), so the wall clock is good enough here.
        _store.writeOuraTokens(_session, _userId, tokens, static_cast<std::int64_t>(std::time(nullptr)));
    }

private:
    SqlUserStore& _store;
    Session& _session;
    std::string _userId;
};

SqlUserStore::SqlUserStore(const std::string& connector, const std::string& connectionString,
                           std::shared_ptr<const StoreKey> key, int maxConnections)
    : _freeSlots(maxConnections), _cipher(std::move(key))
{
    try
    {
        // Connections are made on first use, after the engine is constructed, so its override is the one called.
        _pool =
            std::make_unique<PreparingSessionPool>(connector, connectionString, maxConnections,
                                                   [this](Session& session) { prepareConnection(session); });
    }
    catch (const Poco::Exception& e)
    {
        throw StoreError("cannot open the " + connector + " store (" + e.name() + ")");
    }
}

SqlUserStore::~SqlUserStore()
{
    try
    {
        _pool->shutdown();
    }
    catch (...)
    {}
}

SqlUserStore::Lease::Lease(SqlUserStore& store) : _store(store)
{
    {
        std::unique_lock<std::mutex> lock(_store._slotsMutex);
        if (!_store._slotFreed.wait_for(lock, connectionWait, [this] { return _store._freeSlots > 0; }))
            throw StoreError("the store is busy: every one of its connections stayed in use for " +
                             std::to_string(connectionWait.count()) + " s");
        --_store._freeSlots;
    }
    try
    {
        _session.emplace(_store._pool->get());
    }
    catch (...)
    {
        std::lock_guard<std::mutex> lock(_store._slotsMutex);
        ++_store._freeSlots;
        _store._slotFreed.notify_one();
        throw;
    }
}

SqlUserStore::Lease::~Lease()
{
    _session.reset(); // back to the pool first, so that the next lease finds it there
    std::lock_guard<std::mutex> lock(_store._slotsMutex);
    ++_store._freeSlots;
    _store._slotFreed.notify_one();
}

std::string SqlUserStore::sql(const std::string& text) const
{
    return text;
}

template <typename Fn>
auto SqlUserStore::inWrite(const char* operation, Fn&& fn)
{
    try
    {
        Lease lease = connection();
        Session& session = lease.session();
        beginWrite(session);
        try
        {
            auto result = fn(session);
            commit(session);
            return result;
        }
        catch (...)
        {
            rollback(session);
            throw;
        }
    }
    catch (const Poco::Exception& e)
    {
        // Poco's and the server's texts may quote values (a duplicate key, say); only the kind is passed on.
        throw StoreError(std::string("the store could not ") + operation + " (" + e.name() + ")");
    }
}

template <typename Fn>
auto SqlUserStore::inRead(const char* operation, Fn&& fn)
{
    try
    {
        Lease lease = connection();
        return fn(lease.session());
    }
    catch (const Poco::Exception& e)
    {
        throw StoreError(std::string("the store could not ") + operation + " (" + e.name() + ")");
    }
}

void SqlUserStore::migrate()
{
    const std::int64_t latest = Migrations::latestVersion();
    inWrite("migrate its schema", [&](Session& s) {
        lockForMigration(s);
        execute(s, "CREATE TABLE IF NOT EXISTS schema_version (version BIGINT NOT NULL)");
        std::int64_t current = 0;
        Statement query(s);
        query << "SELECT COALESCE(MAX(version), 0) FROM schema_version", into(current);
        query.execute();
        if (current > latest)
            throw SchemaTooNewError("the store's database has schema version " + std::to_string(current) +
                                    ", newer than the " + std::to_string(latest) +
                                    " this oura-mcp knows: run a newer oura-mcp (or restore a backup)");
        for (const auto& step : Migrations::steps())
        {
            if (step.version <= current)
                continue;
            for (const auto& statement : step.statements)
                execute(s, statement);
            std::int64_t version = step.version;
            Statement record(s);
            record << sql("INSERT INTO schema_version (version) VALUES (?)"), bind(version);
            record.execute();
        }
        return true;
    });
}

std::int64_t SqlUserStore::schemaVersion()
{
    return inRead("read its schema version", [&](Session& s) {
        std::int64_t version = 0;
        Statement query(s);
        query << "SELECT COALESCE(MAX(version), 0) FROM schema_version", into(version);
        query.execute();
        return version;
    });
}

// Users

User SqlUserStore::findOrCreateUser(const std::string& ouraUserId, std::int64_t nowSeconds)
{
    if (ouraUserId.empty())
        throw StoreError("a user needs an Oura user id");
    return inWrite("find or create a user", [&](Session& s) {
        // ON CONFLICT DO NOTHING: a replica creating the same user at the same moment waits for the other's
        // row and then reads it, so both answer with one pseudonymous id.
        Statement insert(s);
        insert << sql("INSERT INTO users (id, oura_user_id, created_at) VALUES (?, ?, ?)"
                      " ON CONFLICT (oura_user_id) DO NOTHING"),
            bind("u_" + SecretHash::randomHex(16)), bind(ouraUserId), bind(nowSeconds);
        insert.execute();
        if (auto user = selectUser(s, "oura_user_id", ouraUserId))
            return *user;
        throw StoreError("the store lost a user it had just created");
    });
}

std::optional<User> SqlUserStore::selectUser(Session& session, const std::string& column,
                                             const std::string& value) const
{
    User user;
    Statement query(session);
    query << sql("SELECT id, oura_user_id, created_at FROM users WHERE " + column + " = ?"), into(user.id),
        into(user.ouraUserId), into(user.createdAt), bind(value);
    if (query.execute() == 0)
        return std::nullopt;
    return user;
}

std::optional<User> SqlUserStore::findUser(const std::string& userId)
{
    return inRead("find a user", [&](Session& s) { return selectUser(s, "id", userId); });
}

std::optional<User> SqlUserStore::findUserByOuraId(const std::string& ouraUserId)
{
    return inRead("find a user", [&](Session& s) { return selectUser(s, "oura_user_id", ouraUserId); });
}

std::vector<User> SqlUserStore::listUsers()
{
    return inRead("list users", [&](Session& s) {
        std::vector<std::string> ids, ouraIds;
        std::vector<std::int64_t> created;
        Statement query(s);
        query << "SELECT id, oura_user_id, created_at FROM users ORDER BY created_at, id", into(ids),
            into(ouraIds), into(created);
        query.execute();
        std::vector<User> users(ids.size());
        for (std::size_t i = 0; i < ids.size(); ++i)
            users[i] = User{ids[i], ouraIds[i], created[i]};
        return users;
    });
}

bool SqlUserStore::deleteUser(const std::string& userId)
{
    return inWrite("delete a user", [&](Session& s) {
        std::string id;
        Statement query(s);
        query << sql("SELECT id FROM users WHERE id = ?" + forUpdate()), into(id), bind(userId);
        if (query.execute() == 0)
            return false;
        // Children first, explicitly: neither engine's cascade is relied on (SQLite enforces foreign keys only
        // when a connection asks for it).
        for (const char* table : {"access_tokens", "refresh_tokens", "refresh_families",
                                  "authorization_codes", "grants", "oura_tokens"})
        {
            Statement erase(s);
            erase << sql(std::string("DELETE FROM ") + table + " WHERE user_id = ?"), bind(userId);
            erase.execute();
        }
        Statement erase(s);
        erase << sql("DELETE FROM users WHERE id = ?"), bind(userId);
        erase.execute();
        return true;
    });
}

// Oura tokens

std::optional<OuraTokens> SqlUserStore::readOuraTokens(Session& s, const std::string& userId)
{
    std::string sealed;
    Statement query(s);
    query << sql("SELECT sealed FROM oura_tokens WHERE user_id = ?"), into(sealed), bind(userId);
    if (query.execute() == 0)
        return std::nullopt;
    std::string plain = _cipher.open(sealed, tokensContext(userId));
    OuraTokens tokens;
    try
    {
        const auto json = nlohmann::json::parse(plain);
        tokens.accessToken = json.at("access").get<std::string>();
        tokens.refreshToken = json.at("refresh").get<std::string>();
        tokens.expiresAt = json.at("expires_at").get<std::int64_t>();
        tokens.scopes = json.at("scopes").get<std::string>();
    }
    catch (const nlohmann::json::exception&)
    {
        OPENSSL_cleanse(plain.data(), plain.size());
        throw StoreError("a user's sealed Oura tokens are not in the expected form");
    }
    OPENSSL_cleanse(plain.data(), plain.size());
    return tokens;
}

void SqlUserStore::writeOuraTokens(Session& s, const std::string& userId, const OuraTokens& tokens,
                                   std::int64_t nowSeconds)
{
    std::string plain = nlohmann::json{
        {"access", tokens.accessToken},
        {"refresh", tokens.refreshToken},
        {"expires_at", tokens.expiresAt},
        {"scopes",
         tokens.scopes}}.dump();
    const std::string sealed = _cipher.seal(plain, tokensContext(userId));
    OPENSSL_cleanse(plain.data(), plain.size());
    Statement upsert(s);
    upsert << sql(
        "INSERT INTO oura_tokens (user_id, sealed, updated_at) VALUES (?, ?, ?)"
        " ON CONFLICT (user_id) DO UPDATE SET sealed = excluded.sealed, updated_at = excluded.updated_at"),
        bind(userId), bind(sealed), bind(nowSeconds);
    upsert.execute();
}

void SqlUserStore::saveOuraTokens(const std::string& userId, const OuraTokens& tokens,
                                  std::int64_t nowSeconds)
{
    inWrite("save a user's Oura tokens", [&](Session& s) {
        writeOuraTokens(s, userId, tokens, nowSeconds);
        return true;
    });
}

std::optional<OuraTokens> SqlUserStore::ouraTokens(const std::string& userId)
{
    return inRead("read a user's Oura tokens", [&](Session& s) { return readOuraTokens(s, userId); });
}

void SqlUserStore::withUserLock(const std::string& userId, const std::function<void(LockedUser&)>& fn)
{
    inWrite("lock a user", [&](Session& s) {
        std::string id;
        Statement query(s);
        query << sql("SELECT id FROM users WHERE id = ?" + forUpdate()), into(id), bind(userId);
        if (query.execute() == 0)
            throw StoreError("the store has no such user to lock");
        SqlLockedUser locked(*this, s, userId);
        fn(locked);
        return true;
    });
}

std::size_t SqlUserStore::resealOuraTokens()
{
    return inWrite("reseal Oura tokens", [&](Session& s) {
        std::vector<std::string> users, sealed;
        std::vector<std::int64_t> updated;
        Statement query(s);
        query << "SELECT user_id, sealed, updated_at FROM oura_tokens", into(users), into(sealed),
            into(updated);
        query.execute();
        std::size_t count = 0;
        const std::string& currentId = _cipher.key().current().id;
        for (std::size_t i = 0; i < users.size(); ++i)
        {
            if (ValueCipher::keyIdOf(sealed[i]) == currentId)
                continue;
            std::string plain = _cipher.open(sealed[i], tokensContext(users[i]));
            const std::string resealed = _cipher.seal(plain, tokensContext(users[i]));
            OPENSSL_cleanse(plain.data(), plain.size());
            Statement update(s);
            update << sql("UPDATE oura_tokens SET sealed = ? WHERE user_id = ?"), bind(resealed),
                bind(users[i]);
            update.execute();
            ++count;
        }
        return count;
    });
}

// Clients

void SqlUserStore::saveClient(const Client& client, const std::string& clientSecret)
{
    inWrite("save a client", [&](Session& s) {
        Statement upsert(s);
        upsert << sql("INSERT INTO clients (client_id, kind, metadata, secret_hash, created_at, expires_at)"
                      " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (client_id) DO UPDATE SET kind = excluded.kind,"
                      " metadata = excluded.metadata, secret_hash = excluded.secret_hash,"
                      " created_at = excluded.created_at, expires_at = excluded.expires_at"),
            bind(client.clientId), bind(client.kind), bind(client.metadata),
            bind(clientSecret.empty() ? std::string() : SecretHash::of(clientSecret)), bind(client.createdAt),
            bind(client.expiresAt);
        upsert.execute();
        return true;
    });
}

std::optional<Client> SqlUserStore::findClient(const std::string& clientId)
{
    return inRead("find a client", [&](Session& s) -> std::optional<Client> {
        Client client;
        std::string secretHash;
        Statement query(s);
        query << sql("SELECT client_id, kind, metadata, secret_hash, created_at, expires_at FROM clients"
                     " WHERE client_id = ?"),
            into(client.clientId), into(client.kind), into(client.metadata), into(secretHash),
            into(client.createdAt), into(client.expiresAt), bind(clientId);
        if (query.execute() == 0)
            return std::nullopt;
        client.hasSecret = !secretHash.empty();
        return client;
    });
}

bool SqlUserStore::checkClientSecret(const std::string& clientId, const std::string& clientSecret)
{
    if (clientSecret.empty())
        return false;
    return inRead("check a client secret", [&](Session& s) {
        std::string id;
        Statement query(s);
        query << sql("SELECT client_id FROM clients WHERE client_id = ? AND secret_hash = ?"), into(id),
            bind(clientId), bind(SecretHash::of(clientSecret));
        return query.execute() == 1;
    });
}

bool SqlUserStore::deleteClient(const std::string& clientId)
{
    return inWrite("delete a client", [&](Session& s) {
        std::string id;
        Statement query(s);
        query << sql("SELECT client_id FROM clients WHERE client_id = ?" + forUpdate()), into(id),
            bind(clientId);
        if (query.execute() == 0)
            return false;
        Statement erase(s);
        erase << sql("DELETE FROM clients WHERE client_id = ?"), bind(clientId);
        erase.execute();
        return true;
    });
}

// Grants

void SqlUserStore::saveGrant(const Grant& grant)
{
    inWrite("save a grant", [&](Session& s) {
        Statement upsert(s);
        upsert << sql(
            "INSERT INTO grants (user_id, client_id, scopes, resource, created_at) VALUES (?, ?, ?, ?, ?)"
            " ON CONFLICT (user_id, client_id) DO UPDATE SET scopes = excluded.scopes,"
            " resource = excluded.resource, created_at = excluded.created_at"),
            bind(grant.userId), bind(grant.clientId), bind(grant.scopes), bind(grant.resource),
            bind(grant.createdAt);
        upsert.execute();
        return true;
    });
}

std::vector<Grant> SqlUserStore::grantsOf(const std::string& userId)
{
    return inRead("list grants", [&](Session& s) {
        std::vector<std::string> clients, scopes, resources;
        std::vector<std::int64_t> created;
        Statement query(s);
        query << sql("SELECT client_id, scopes, resource, created_at FROM grants WHERE user_id = ? ORDER BY "
                     "client_id"),
            into(clients), into(scopes), into(resources), into(created), bind(userId);
        query.execute();
        std::vector<Grant> grants(clients.size());
        for (std::size_t i = 0; i < clients.size(); ++i)
            grants[i] = Grant{userId, clients[i], scopes[i], resources[i], created[i]};
        return grants;
    });
}

bool SqlUserStore::revokeGrant(const std::string& userId, const std::string& clientId)
{
    return inWrite("revoke a grant", [&](Session& s) {
        std::string id;
        Statement query(s);
        query << sql("SELECT user_id FROM grants WHERE user_id = ? AND client_id = ?" + forUpdate()),
            into(id), bind(userId), bind(clientId);
        const bool existed = query.execute() == 1;
        for (const char* table : issuedTables)
        {
            Statement erase(s);
            erase << sql(std::string("DELETE FROM ") + table + " WHERE user_id = ? AND client_id = ?"),
                bind(userId), bind(clientId);
            erase.execute();
        }
        return existed;
    });
}

std::size_t SqlUserStore::revokeAllGrants(const std::string& userId)
{
    return inWrite("revoke a user's grants", [&](Session& s) {
        std::vector<std::string> clients;
        Statement query(s);
        query << sql("SELECT client_id FROM grants WHERE user_id = ?" + forUpdate()), into(clients),
            bind(userId);
        query.execute();
        for (const char* table : issuedTables)
        {
            Statement erase(s);
            erase << sql(std::string("DELETE FROM ") + table + " WHERE user_id = ?"), bind(userId);
            erase.execute();
        }
        return clients.size();
    });
}

// Authorization codes

void SqlUserStore::saveAuthorizationCode(const std::string& code, const AuthorizationCode& r)
{
    inWrite("save an authorization code", [&](Session& s) {
        Statement insert(s);
        insert << sql(
            "INSERT INTO authorization_codes (code_hash, client_id, user_id, redirect_uri, code_challenge,"
            " scopes, resource, expires_at, used) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0)"),
            bind(SecretHash::of(code)), bind(r.clientId), bind(r.userId), bind(r.redirectUri),
            bind(r.codeChallenge), bind(r.scopes), bind(r.resource), bind(r.expiresAt);
        insert.execute();
        return true;
    });
}

UserStore::CodeConsumption SqlUserStore::consumeAuthorizationCode(const std::string& code,
                                                                  std::int64_t nowSeconds)
{
    const std::string hash = SecretHash::of(code);
    return inWrite("consume an authorization code", [&](Session& s) {
        CodeConsumption result;
        AuthorizationCode& r = result.code;
        std::int64_t used = 0;
        Statement query(s);
        query << sql(
            "SELECT client_id, user_id, redirect_uri, code_challenge, scopes, resource, expires_at, used"
            " FROM authorization_codes WHERE code_hash = ?" +
            forUpdate()),
            into(r.clientId), into(r.userId), into(r.redirectUri), into(r.codeChallenge), into(r.scopes),
            into(r.resource), into(r.expiresAt), into(used), bind(hash);
        if (query.execute() == 0)
            return CodeConsumption{};
        if (used != 0)
        {
            std::vector<std::string> families;
            Statement issued(s);
            issued << sql("SELECT family_id FROM refresh_families WHERE origin_code_hash = ?"),
                into(families), bind(hash);
            issued.execute();
            for (const auto& family : families)
                revokeFamilyIn(s, family);
            return CodeConsumption{CodeOutcome::Replayed, {}};
        }
        Statement spend(s);
        spend << sql("UPDATE authorization_codes SET used = 1 WHERE code_hash = ?"), bind(hash);
        spend.execute();
        if (r.expiresAt <= nowSeconds)
            return CodeConsumption{CodeOutcome::Expired, {}};
        result.outcome = CodeOutcome::Consumed;
        return result;
    });
}

// Access and refresh tokens

std::string SqlUserStore::startRefreshFamily(const std::string& clientId, const std::string& userId,
                                             const std::string& originCode, std::int64_t nowSeconds)
{
    return inWrite("start a refresh-token family", [&](Session& s) {
        std::string familyId = "f_" + SecretHash::randomHex(16);
        Statement insert(s);
        insert << sql(
            "INSERT INTO refresh_families (family_id, user_id, client_id, origin_code_hash, revoked,"
            " created_at) VALUES (?, ?, ?, ?, 0, ?)"),
            bind(familyId), bind(userId), bind(clientId),
            bind(originCode.empty() ? std::string() : SecretHash::of(originCode)), bind(nowSeconds);
        insert.execute();
        return familyId;
    });
}

void SqlUserStore::saveAccessToken(const std::string& token, const AccessToken& r)
{
    inWrite("save an access token", [&](Session& s) {
        Statement insert(s);
        insert << sql(
            "INSERT INTO access_tokens (token_hash, client_id, user_id, scopes, resource, family_id,"
            " expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)"),
            bind(SecretHash::of(token)), bind(r.clientId), bind(r.userId), bind(r.scopes), bind(r.resource),
            bind(r.familyId), bind(r.expiresAt);
        insert.execute();
        return true;
    });
}

std::optional<AccessToken> SqlUserStore::findAccessToken(const std::string& token, std::int64_t nowSeconds)
{
    return inRead("check an access token", [&](Session& s) -> std::optional<AccessToken> {
        AccessToken r;
        Statement query(s);
        query << sql(
            "SELECT a.client_id, a.user_id, a.scopes, a.resource, a.family_id, a.expires_at"
            " FROM access_tokens a WHERE a.token_hash = ? AND a.expires_at > ? AND NOT EXISTS"
            " (SELECT 1 FROM refresh_families f WHERE f.family_id = a.family_id AND f.revoked <> 0)"),
            into(r.clientId), into(r.userId), into(r.scopes), into(r.resource), into(r.familyId),
            into(r.expiresAt), bind(SecretHash::of(token)), bind(nowSeconds);
        if (query.execute() == 0)
            return std::nullopt;
        return r;
    });
}

void SqlUserStore::saveRefreshToken(const std::string& token, const RefreshToken& r)
{
    if (r.familyId.empty())
        throw StoreError("a refresh token needs a family (startRefreshFamily)");
    inWrite("save a refresh token", [&](Session& s) {
        insertRefreshToken(s, SecretHash::of(token), r);
        return true;
    });
}

UserStore::RefreshRotation SqlUserStore::rotateRefreshToken(const std::string& presented,
                                                            const std::string& successor,
                                                            std::int64_t successorExpiresAt,
                                                            std::int64_t nowSeconds)
{
    const std::string hash = SecretHash::of(presented);
    return inWrite("rotate a refresh token", [&](Session& s) {
        RefreshRotation result;
        RefreshToken& r = result.token;
        std::int64_t spent = 0;
        Statement query(s);
        query << sql(
            "SELECT client_id, user_id, scopes, resource, family_id, expires_at, spent FROM refresh_tokens"
            " WHERE token_hash = ?" +
            forUpdate()),
            into(r.clientId), into(r.userId), into(r.scopes), into(r.resource), into(r.familyId),
            into(r.expiresAt), into(spent), bind(hash);
        if (query.execute() == 0)
            return RefreshRotation{};
        std::int64_t revoked = 0;
        Statement family(s);
        family << sql("SELECT revoked FROM refresh_families WHERE family_id = ?"), into(revoked),
            bind(r.familyId);
        family.execute();
        if (revoked != 0)
            return RefreshRotation{RotationOutcome::Revoked, {}};
        if (spent != 0)
        {
            revokeFamilyIn(s, r.familyId);
            return RefreshRotation{RotationOutcome::Reused, {}};
        }
        if (r.expiresAt <= nowSeconds)
            return RefreshRotation{RotationOutcome::Expired, {}};
        Statement spend(s);
        spend << sql("UPDATE refresh_tokens SET spent = 1 WHERE token_hash = ?"), bind(hash);
        spend.execute();
        RefreshToken next = r; // the successor inherits the grant, in the same family
        next.expiresAt = successorExpiresAt;
        insertRefreshToken(s, SecretHash::of(successor), next);
        result.outcome = RotationOutcome::Rotated;
        return result;
    });
}

void SqlUserStore::insertRefreshToken(Session& s, const std::string& hash, const RefreshToken& r)
{
    Statement insert(s);
    insert << sql("INSERT INTO refresh_tokens (token_hash, family_id, client_id, user_id, scopes, resource,"
                  " expires_at, spent) VALUES (?, ?, ?, ?, ?, ?, ?, 0)"),
        bind(hash), bind(r.familyId), bind(r.clientId), bind(r.userId), bind(r.scopes), bind(r.resource),
        bind(r.expiresAt);
    insert.execute();
}

void SqlUserStore::revokeFamilyIn(Session& s, const std::string& familyId)
{
    Statement family(s);
    family << sql("UPDATE refresh_families SET revoked = 1 WHERE family_id = ?"), bind(familyId);
    family.execute();
    Statement tokens(s);
    tokens << sql("UPDATE refresh_tokens SET spent = 1 WHERE family_id = ?"), bind(familyId);
    tokens.execute();
    Statement access(s);
    access << sql("DELETE FROM access_tokens WHERE family_id = ?"), bind(familyId);
    access.execute();
}

void SqlUserStore::revokeFamily(const std::string& familyId)
{
    inWrite("revoke a refresh-token family", [&](Session& s) {
        revokeFamilyIn(s, familyId);
        return true;
    });
}

std::size_t SqlUserStore::purgeExpired(std::int64_t nowSeconds)
{
    return inWrite("purge expired rows", [&](Session& s) {
        std::size_t total = 0;
        for (const char* where :
             {"authorization_codes WHERE expires_at <= ?", "access_tokens WHERE expires_at <= ?",
              "refresh_tokens WHERE expires_at <= ?",
              "clients WHERE kind = 'cimd' AND expires_at <> 0 AND expires_at <= ?"})
        {
            std::int64_t count = 0;
            Statement query(s);
            query << sql(std::string("SELECT COUNT(*) FROM ") + where), into(count), bind(nowSeconds);
            query.execute();
            Statement erase(s);
            erase << sql(std::string("DELETE FROM ") + where), bind(nowSeconds);
            erase.execute();
            total += static_cast<std::size_t>(count);
        }
        return total;
    });
}

} // namespace OuraMcp::Store

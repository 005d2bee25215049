// One suite, both engines: every test runs against SQLite (a file in a temp folder) and PostgreSQL (a fresh
// database in the throwaway cluster of PostgresCluster).
#include "PostgresCluster.h"
#include "TempDir.h"

#include "store/Migrations.h"
#include "store/SecretHash.h"
#include "store/StoreError.h"
#include "store/UserStore.h"
#include "store/ValueCipher.h"

#include <Poco/Data/PostgreSQL/Connector.h>
#include <Poco/Data/SQLite/Connector.h>
#include <Poco/Data/Session.h>
#include <Poco/Data/Statement.h>

#include <gtest/gtest.h>

#include <atomic>
#include <condition_variable>
#include <dirent.h>
#include <functional>
#include <mutex>
#include <sys/stat.h>
#include <thread>

using namespace OuraMcp::Store;
using OuraMcp::Testing::PostgresCluster;
using OuraMcp::Testing::readFile;
using OuraMcp::Testing::TempDir;
using Poco::Data::Keywords::bind;
using Poco::Data::Keywords::into;

namespace {

enum class Engine
{
    Sqlite,
    Postgres
};

constexpr std::int64_t t0 = 1'800'000'000;

OuraTokens tokens(const std::string& tag, std::int64_t expiresAt = t0 + 86400)
{
    return OuraTokens{"oura-access-" + tag + "-Zq7", "oura-refresh-" + tag + "-Kx9", expiresAt,
                      "daily heartrate personal"};
}

/// Two threads start their work together, so a lock that did not exclude would show an overlap.
class StartLine
{
public:
    void arriveAndWait()
    {
        std::unique_lock<std::mutex> lock(_mutex);
        if (++_arrived == 2)
            _ready.notify_all();
        _ready.wait(lock, [&] { return _arrived >= 2; });
    }

private:
    std::mutex _mutex;
    std::condition_variable _ready;
    int _arrived = 0;
};

/// Runs a on a second thread and b on this one, released together; an exception in either fails the test
/// (instead of terminating the program from the thread).
void together(const std::function<void()>& a, const std::function<void()>& b)
{
    StartLine start;
    std::string error;
    std::thread t([&] {
        start.arriveAndWait();
        try
        {
            a();
        }
        catch (const std::exception& e)
        {
            error = e.what();
        }
    });
    start.arriveAndWait();
    try
    {
        b();
    }
    catch (const std::exception& e)
    {
        ADD_FAILURE() << "on this thread: " << e.what();
    }
    t.join();
    EXPECT_EQ(error, "") << "on the other thread";
}

class UserStoreTest : public ::testing::TestWithParam<Engine>
{
protected:
    void SetUp() override
    {
        _key = std::make_shared<const StoreKey>(std::vector<StoreKey::Entry>{StoreKey::generate()});
        if (GetParam() == Engine::Sqlite)
        {
            _location = _dir.file("store.db");
            Poco::Data::SQLite::Connector::registerConnector();
            _rawConnector = "sqlite";
            _rawConnection = _location;
            return;
        }
        try
        {
            auto& cluster = PostgresCluster::instance();
            const std::string database = cluster.createDatabase();
            _location = cluster.url(database);
            _rawConnector = "postgresql";
            _rawConnection = cluster.keywords(database);
        }
        catch (const Poco::Exception& e)
        {
            FAIL() << "PostgreSQL is needed for this test and could not start: " << e.displayText();
        }
        catch (const std::exception& e)
        {
            FAIL() << "PostgreSQL is needed for this test and could not start: " << e.what();
        }
    }

    std::unique_ptr<UserStore> open() { return UserStore::open(_location, _key); }
    std::unique_ptr<UserStore> open(std::shared_ptr<const StoreKey> key)
    {
        return UserStore::open(_location, key);
    }

    Poco::Data::Session raw() { return Poco::Data::Session(_rawConnector, _rawConnection); }

    std::string q(std::string text) const
    {
        if (GetParam() == Engine::Postgres)
        {
            std::string out;
            int n = 0;
            for (char c : text)
                out += c == '?' ? "$" + std::to_string(++n) : std::string(1, c);
            return out;
        }
        return text;
    }

    std::int64_t count(const std::string& table, const std::string& column, const std::string& value)
    {
        auto s = raw();
        std::int64_t n = 0;
        Poco::Data::Statement st(s);
        st << q("SELECT COUNT(*) FROM " + table + " WHERE " + column + " = ?"), into(n), bind(value);
        st.execute();
        return n;
    }

    std::vector<std::string> column(const std::string& table, const std::string& name)
    {
        auto s = raw();
        std::vector<std::string> values;
        Poco::Data::Statement st(s);
        st << "SELECT " + name + " FROM " + table, into(values);
        st.execute();
        return values;
    }

    /// Every byte SQLite wrote (the database and its -wal and -shm files).
    std::string sqliteBytes()
    {
        std::string bytes;
        if (DIR* d = ::opendir(_dir.path().c_str()))
        {
            while (dirent* e = ::readdir(d))
                if (std::string(e->d_name).rfind("store.db", 0) == 0)
                    bytes += readFile(_dir.file(e->d_name));
            ::closedir(d);
        }
        return bytes;
    }

    TempDir _dir;
    std::shared_ptr<const StoreKey> _key;
    std::string _location;
    std::string _rawConnector;
    std::string _rawConnection;
};

const char* const userTables[] = {"oura_tokens",      "grants",         "authorization_codes",
                                  "refresh_families", "refresh_tokens", "access_tokens"};

} // namespace

TEST_P(UserStoreTest, MigratesAnEmptyDatabaseAndReopensWithoutChange)
{
    {
        auto store = open();
        EXPECT_EQ(store->schemaVersion(), Migrations::latestVersion());
        store->findOrCreateUser("oura-person-1", t0);
    }
    EXPECT_EQ(column("schema_version", "CAST(version AS TEXT)").size(), Migrations::steps().size());
    auto again = open();
    EXPECT_EQ(again->schemaVersion(), Migrations::latestVersion());
    EXPECT_EQ(column("schema_version", "CAST(version AS TEXT)").size(), Migrations::steps().size())
        << "reopening must not re-apply a step";
    EXPECT_TRUE(again->findUserByOuraId("oura-person-1").has_value());
}

TEST_P(UserStoreTest, RefusesADatabaseOfANewerSchema)
{
    open().reset();
    {
        auto s = raw();
        std::int64_t newer = Migrations::latestVersion() + 1;
        Poco::Data::Statement st(s);
        st << q("INSERT INTO schema_version (version) VALUES (?)"), bind(newer);
        st.execute();
    }
    try
    {
        open();
        FAIL() << "a newer schema was accepted";
    }
    catch (const SchemaTooNewError& e)
    {
        EXPECT_NE(std::string(e.what()).find("newer"), std::string::npos) << e.what();
    }
}

TEST_P(UserStoreTest, FindsOrCreatesUsersByOuraIdUnderAPseudonymousId)
{
    auto store = open();
    const User a = store->findOrCreateUser("oura-AAA", t0);
    const User again = store->findOrCreateUser("oura-AAA", t0 + 5);
    const User b = store->findOrCreateUser("oura-BBB", t0 + 1);
    EXPECT_EQ(a.id, again.id);
    EXPECT_EQ(again.createdAt, t0);
    EXPECT_NE(a.id, b.id);
    EXPECT_EQ(a.id.rfind("u_", 0), 0u);
    EXPECT_EQ(a.id.size(), 34u);
    EXPECT_EQ(a.id.find("AAA"), std::string::npos);
    ASSERT_TRUE(store->findUser(b.id).has_value());
    EXPECT_EQ(store->findUser(b.id)->ouraUserId, "oura-BBB");
    EXPECT_FALSE(store->findUser("u_nobody").has_value());
    const auto all = store->listUsers();
    ASSERT_EQ(all.size(), 2u);
    EXPECT_EQ(all[0].id, a.id);
}

TEST_P(UserStoreTest, TwoConnectionsCreatingOneUserAtOnceGetOneRow)
{
    auto first = open();
    auto second = open();
    User fromFirst, fromSecond;
    together([&] { fromFirst = first->findOrCreateUser("oura-race", t0); },
             [&] { fromSecond = second->findOrCreateUser("oura-race", t0); });
    EXPECT_EQ(fromFirst.id, fromSecond.id);
    EXPECT_EQ(count("users", "oura_user_id", "oura-race"), 1);
}

TEST_P(UserStoreTest, OuraTokensRoundTripAndAreNeverStoredInClearText)
{
    auto store = open();
    const User user = store->findOrCreateUser("oura-AAA", t0);
    EXPECT_FALSE(store->ouraTokens(user.id).has_value());
    const OuraTokens saved = tokens("one");
    store->saveOuraTokens(user.id, saved, t0);
    const auto read = store->ouraTokens(user.id);
    ASSERT_TRUE(read.has_value());
    EXPECT_EQ(read->accessToken, saved.accessToken);
    EXPECT_EQ(read->refreshToken, saved.refreshToken);
    EXPECT_EQ(read->expiresAt, saved.expiresAt);
    EXPECT_EQ(read->scopes, saved.scopes);

    const auto sealed = column("oura_tokens", "sealed");
    ASSERT_EQ(sealed.size(), 1u);
    EXPECT_EQ(sealed[0].rfind("v1." + _key->current().id + ".", 0), 0u);
    EXPECT_EQ(sealed[0].find(saved.accessToken), std::string::npos);
    EXPECT_EQ(sealed[0].find(saved.refreshToken), std::string::npos);
    if (GetParam() == Engine::Sqlite)
    {
        store.reset();
        const std::string bytes = sqliteBytes();
        ASSERT_GT(bytes.size(), 0u);
        EXPECT_EQ(bytes.find(saved.accessToken), std::string::npos) << "the access token is in the file";
        EXPECT_EQ(bytes.find(saved.refreshToken), std::string::npos) << "the refresh token is in the file";
        EXPECT_EQ(bytes.find("oura-access-"), std::string::npos);
    }
}

TEST_P(UserStoreTest, ATamperedOrMovedSealedValueIsRefused)
{
    auto store = open();
    const User a = store->findOrCreateUser("oura-AAA", t0);
    const User b = store->findOrCreateUser("oura-BBB", t0);
    store->saveOuraTokens(a.id, tokens("a"), t0);
    store->saveOuraTokens(b.id, tokens("b"), t0);
    auto s = raw();
    std::string sealedA;
    Poco::Data::Statement get(s);
    get << q("SELECT sealed FROM oura_tokens WHERE user_id = ?"), into(sealedA), bind(a.id);
    get.execute();

    // A's value in B's row: the user id is the associated data, so it does not open there.
    Poco::Data::Statement move(s);
    move << q("UPDATE oura_tokens SET sealed = ? WHERE user_id = ?"), bind(sealedA), bind(b.id);
    move.execute();
    EXPECT_THROW(store->ouraTokens(b.id), SealedValueError);

    std::string tampered = sealedA;
    tampered[tampered.size() / 2] = tampered[tampered.size() / 2] == 'Q' ? 'R' : 'Q';
    Poco::Data::Statement change(s);
    change << q("UPDATE oura_tokens SET sealed = ? WHERE user_id = ?"), bind(tampered), bind(a.id);
    change.execute();
    try
    {
        store->ouraTokens(a.id);
        FAIL() << "a tampered value opened";
    }
    catch (const SealedValueError& e)
    {
        EXPECT_EQ(std::string(e.what()).find(a.id), std::string::npos) << "error texts carry no user data";
    }
}

TEST_P(UserStoreTest, ValuesSealedUnderAnOldKeyReadAfterARotationAndCanBeResealed)
{
    const StoreKey::Entry oldKey = _key->current();
    const StoreKey::Entry newKey = StoreKey::generate();
    std::string userA, userB;
    {
        auto store = open();
        userA = store->findOrCreateUser("oura-AAA", t0).id;
        userB = store->findOrCreateUser("oura-BBB", t0).id;
        store->saveOuraTokens(userA, tokens("a"), t0);
        store->saveOuraTokens(userB, tokens("b"), t0);
    }
    auto rotated = open(std::make_shared<const StoreKey>(std::vector<StoreKey::Entry>{newKey, oldKey}));
    EXPECT_EQ(rotated->ouraTokens(userA)->refreshToken, tokens("a").refreshToken);
    rotated->saveOuraTokens(userB, tokens("b2"), t0 + 1);
    for (const auto& sealed : column("oura_tokens", "sealed"))
        EXPECT_TRUE(ValueCipher::keyIdOf(sealed) == newKey.id || ValueCipher::keyIdOf(sealed) == oldKey.id);
    EXPECT_EQ(rotated->resealOuraTokens(), 1u) << "only A's value was still under the old key";
    EXPECT_EQ(rotated->resealOuraTokens(), 0u);
    rotated.reset();

    // The old line can go now.
    auto newOnly = open(std::make_shared<const StoreKey>(std::vector<StoreKey::Entry>{newKey}));
    EXPECT_EQ(newOnly->ouraTokens(userA)->accessToken, tokens("a").accessToken);
    EXPECT_EQ(newOnly->ouraTokens(userB)->accessToken, tokens("b2").accessToken);

    auto stranger =
        open(std::make_shared<const StoreKey>(std::vector<StoreKey::Entry>{StoreKey::generate()}));
    EXPECT_THROW(stranger->ouraTokens(userA), SealedValueError);
}

TEST_P(UserStoreTest, OurSecretsAreStoredOnlyAsHashesAndFoundByPresentingThem)
{
    auto store = open();
    const User user = store->findOrCreateUser("oura-AAA", t0);
    const std::string clientSecret = SecretHash::generateSecret();
    const std::string code = SecretHash::generateSecret();
    const std::string access = SecretHash::generateSecret();
    const std::string refresh = SecretHash::generateSecret();
    EXPECT_EQ(clientSecret.size(), 43u);

    store->saveClient(Client{"dcr_1", "dcr", R"({"client_name":"Test"})", t0, 0, false}, clientSecret);
    store->saveAuthorizationCode(code,
                                 AuthorizationCode{"dcr_1", user.id, "https://client.example/cb", "chal",
                                                   "daily", "https://mcp.example.com", t0 + 60});
    const std::string family = store->startRefreshFamily("dcr_1", user.id, code, t0);
    store->saveAccessToken(
        access, AccessToken{"dcr_1", user.id, "daily", "https://mcp.example.com", family, t0 + 3600});
    store->saveRefreshToken(
        refresh, RefreshToken{"dcr_1", user.id, "daily", "https://mcp.example.com", family, t0 + 86400});

    const std::pair<std::string, std::string> stored[] = {{"clients", "secret_hash"},
                                                          {"authorization_codes", "code_hash"},
                                                          {"access_tokens", "token_hash"},
                                                          {"refresh_tokens", "token_hash"}};
    const std::string secrets[] = {clientSecret, code, access, refresh};
    for (std::size_t i = 0; i < 4; ++i)
    {
        const auto values = column(stored[i].first, stored[i].second);
        ASSERT_EQ(values.size(), 1u) << stored[i].first;
        EXPECT_NE(values[0], secrets[i]);
        EXPECT_EQ(values[0], SecretHash::of(secrets[i])) << stored[i].first;
    }

    EXPECT_TRUE(store->checkClientSecret("dcr_1", clientSecret));
    EXPECT_FALSE(store->checkClientSecret("dcr_1", clientSecret + "x"));
    EXPECT_FALSE(store->checkClientSecret("dcr_1", ""));
    EXPECT_TRUE(store->findClient("dcr_1")->hasSecret);
    const auto found = store->findAccessToken(access, t0);
    ASSERT_TRUE(found.has_value());
    EXPECT_EQ(found->userId, user.id);
    EXPECT_EQ(found->resource, "https://mcp.example.com");
    EXPECT_FALSE(store->findAccessToken(refresh, t0).has_value());
    EXPECT_FALSE(store->findAccessToken(access, t0 + 3600).has_value()) << "expired";

    if (GetParam() == Engine::Sqlite)
    {
        store.reset();
        const std::string bytes = sqliteBytes();
        for (const auto& secret : secrets)
            EXPECT_EQ(bytes.find(secret), std::string::npos);
    }
}

TEST_P(UserStoreTest, ADatabaseErrorCarriesNeitherTheSecretNorItsHash)
{
    auto store = open();
    const User user = store->findOrCreateUser("oura-AAA", t0);
    const std::string token = SecretHash::generateSecret();
    store->saveAccessToken(token, AccessToken{"client", user.id, "", "", "", t0 + 60});
    try
    {
        store->saveAccessToken(token, AccessToken{"client", user.id, "", "", "", t0 + 60});
        FAIL() << "a duplicate token was stored";
    }
    catch (const StoreError& e)
    {
        const std::string text = e.what();
        EXPECT_NE(text.find("save an access token"), std::string::npos) << text;
        EXPECT_EQ(text.find(token), std::string::npos) << text;
        EXPECT_EQ(text.find(SecretHash::of(token)), std::string::npos) << text;
        EXPECT_EQ(text.find(user.id), std::string::npos) << text;
    }
}

TEST_P(UserStoreTest, AnAuthorizationCodeIsSpentOnceAndItsReplayRevokesWhatItIssued)
{
    auto store = open();
    const User user = store->findOrCreateUser("oura-AAA", t0);
    const AuthorizationCode issued{"client",    user.id, "https://c.example/cb", "challenge", "daily",
                                   "https://r", t0 + 60};
    store->saveAuthorizationCode("code-1", issued);
    store->saveAuthorizationCode("code-old", AuthorizationCode{"client", user.id, "", "", "", "", t0 + 60});

    const auto first = store->consumeAuthorizationCode("code-1", t0 + 1);
    ASSERT_EQ(first.outcome, UserStore::CodeOutcome::Consumed);
    EXPECT_EQ(first.code.redirectUri, issued.redirectUri);
    EXPECT_EQ(first.code.codeChallenge, issued.codeChallenge);
    EXPECT_EQ(first.code.userId, user.id);

    const std::string family = store->startRefreshFamily("client", user.id, "code-1", t0 + 1);
    store->saveAccessToken("access-1",
                           AccessToken{"client", user.id, "daily", "https://r", family, t0 + 3600});
    store->saveRefreshToken("refresh-1",
                            RefreshToken{"client", user.id, "daily", "https://r", family, t0 + 9000});
    ASSERT_TRUE(store->findAccessToken("access-1", t0 + 2).has_value());

    EXPECT_EQ(store->consumeAuthorizationCode("code-1", t0 + 2).outcome, UserStore::CodeOutcome::Replayed);
    EXPECT_FALSE(store->findAccessToken("access-1", t0 + 2).has_value())
        << "replay revokes the issued tokens";
    EXPECT_EQ(store->rotateRefreshToken("refresh-1", "refresh-2", t0 + 9000, t0 + 2).outcome,
              UserStore::RotationOutcome::Revoked);

    EXPECT_EQ(store->consumeAuthorizationCode("never-issued", t0).outcome, UserStore::CodeOutcome::Unknown);
    EXPECT_EQ(store->consumeAuthorizationCode("code-old", t0 + 60).outcome, UserStore::CodeOutcome::Expired);
    EXPECT_EQ(store->consumeAuthorizationCode("code-old", t0 + 1).outcome, UserStore::CodeOutcome::Replayed);
}

TEST_P(UserStoreTest, RefreshTokensRotateAndReuseOfASpentOneRevokesTheFamily)
{
    auto store = open();
    const User user = store->findOrCreateUser("oura-AAA", t0);
    const std::string family = store->startRefreshFamily("client", user.id, "", t0);
    const std::string otherFamily = store->startRefreshFamily("client", user.id, "", t0);
    store->saveRefreshToken("r1", RefreshToken{"client", user.id, "daily", "https://r", family, t0 + 1000});
    store->saveAccessToken("a1", AccessToken{"client", user.id, "daily", "https://r", family, t0 + 100});
    store->saveRefreshToken("other",
                            RefreshToken{"client", user.id, "daily", "https://r", otherFamily, t0 + 1000});

    const auto rotated = store->rotateRefreshToken("r1", "r2", t0 + 2000, t0 + 1);
    ASSERT_EQ(rotated.outcome, UserStore::RotationOutcome::Rotated);
    EXPECT_EQ(rotated.token.familyId, family);
    EXPECT_EQ(rotated.token.scopes, "daily");
    EXPECT_EQ(rotated.token.resource, "https://r");
    EXPECT_TRUE(store->findAccessToken("a1", t0 + 1).has_value());

    // r1 again: someone holds a spent token, so nobody of that family is trusted any more.
    EXPECT_EQ(store->rotateRefreshToken("r1", "r3", t0 + 2000, t0 + 2).outcome,
              UserStore::RotationOutcome::Reused);
    EXPECT_EQ(store->rotateRefreshToken("r2", "r4", t0 + 2000, t0 + 3).outcome,
              UserStore::RotationOutcome::Revoked);
    EXPECT_FALSE(store->findAccessToken("a1", t0 + 3).has_value());
    EXPECT_EQ(count("refresh_tokens", "token_hash", SecretHash::of("r3")), 0);

    EXPECT_EQ(store->rotateRefreshToken("other", "other2", t0 + 2000, t0 + 4).outcome,
              UserStore::RotationOutcome::Rotated)
        << "another family of the same user is untouched";
    EXPECT_EQ(store->rotateRefreshToken("other2", "other3", t0 + 3000, t0 + 2000).outcome,
              UserStore::RotationOutcome::Expired);
    EXPECT_EQ(store->rotateRefreshToken("unknown", "x", t0 + 3000, t0).outcome,
              UserStore::RotationOutcome::Unknown);
}

TEST_P(UserStoreTest, TwoConnectionsRotatingOneRefreshTokenAtOnceRotateItOnce)
{
    auto first = open();
    auto second = open();
    const User user = first->findOrCreateUser("oura-AAA", t0);
    const std::string family = first->startRefreshFamily("client", user.id, "", t0);
    first->saveRefreshToken("r1", RefreshToken{"client", user.id, "daily", "https://r", family, t0 + 1000});
    UserStore::RotationOutcome a{}, b{};
    together([&] { a = first->rotateRefreshToken("r1", "from-first", t0 + 2000, t0 + 1).outcome; },
             [&] { b = second->rotateRefreshToken("r1", "from-second", t0 + 2000, t0 + 1).outcome; });
    const int rotatedCount =
        (a == UserStore::RotationOutcome::Rotated) + (b == UserStore::RotationOutcome::Rotated);
    const int reusedCount =
        (a == UserStore::RotationOutcome::Reused) + (b == UserStore::RotationOutcome::Reused);
    EXPECT_EQ(rotatedCount, 1);
    EXPECT_EQ(reusedCount, 1);
}

TEST_P(UserStoreTest, DeletingAUserRemovesEveryRowOfTheirsAndNoOneElses)
{
    auto store = open();
    std::vector<std::string> ids;
    for (const std::string who : {"oura-AAA", "oura-BBB"})
    {
        const User user = store->findOrCreateUser(who, t0);
        ids.push_back(user.id);
        store->saveOuraTokens(user.id, tokens(who), t0);
        store->saveGrant(Grant{user.id, "client", "daily", "https://r", t0});
        store->saveAuthorizationCode("code-" + who,
                                     AuthorizationCode{"client", user.id, "", "", "", "", t0 + 60});
        const std::string family = store->startRefreshFamily("client", user.id, "code-" + who, t0);
        store->saveAccessToken("access-" + who, AccessToken{"client", user.id, "", "", family, t0 + 60});
        store->saveRefreshToken("refresh-" + who, RefreshToken{"client", user.id, "", "", family, t0 + 60});
    }
    for (const char* table : userTables)
        ASSERT_EQ(count(table, "user_id", ids[0]), 1) << table;

    EXPECT_TRUE(store->deleteUser(ids[0]));
    EXPECT_EQ(count("users", "id", ids[0]), 0);
    for (const char* table : userTables)
    {
        EXPECT_EQ(count(table, "user_id", ids[0]), 0) << table;
        EXPECT_EQ(count(table, "user_id", ids[1]), 1) << table;
    }
    EXPECT_FALSE(store->findUserByOuraId("oura-AAA").has_value());
    EXPECT_FALSE(store->findAccessToken("access-oura-AAA", t0).has_value());
    EXPECT_TRUE(store->findAccessToken("access-oura-BBB", t0).has_value());
    EXPECT_FALSE(store->deleteUser(ids[0]));
    EXPECT_NE(store->findOrCreateUser("oura-AAA", t0).id, ids[0])
        << "a returning person gets a new pseudonym";
}

TEST_P(UserStoreTest, RevokingGrantsRemovesWhatTheyIssuedAndNothingElse)
{
    auto store = open();
    const User user = store->findOrCreateUser("oura-AAA", t0);
    for (const std::string client : {"one", "two"})
    {
        store->saveGrant(Grant{user.id, client, "daily", "https://r", t0});
        const std::string family = store->startRefreshFamily(client, user.id, "", t0);
        store->saveAccessToken("access-" + client, AccessToken{client, user.id, "", "", family, t0 + 60});
    }
    ASSERT_EQ(store->grantsOf(user.id).size(), 2u);
    EXPECT_TRUE(store->revokeGrant(user.id, "one"));
    EXPECT_FALSE(store->revokeGrant(user.id, "one"));
    const auto left = store->grantsOf(user.id);
    ASSERT_EQ(left.size(), 1u);
    EXPECT_EQ(left[0].clientId, "two");
    EXPECT_FALSE(store->findAccessToken("access-one", t0).has_value());
    EXPECT_TRUE(store->findAccessToken("access-two", t0).has_value());

    store->saveOuraTokens(user.id, tokens("kept"), t0);
    const User other = store->findOrCreateUser("oura-BBB", t0);
    store->saveGrant(Grant{other.id, "two", "daily", "https://r", t0});
    EXPECT_EQ(store->revokeAllGrants(user.id), 1u);
    EXPECT_TRUE(store->grantsOf(user.id).empty());
    EXPECT_FALSE(store->findAccessToken("access-two", t0).has_value());
    for (const char* table :
         {"grants", "authorization_codes", "refresh_families", "refresh_tokens", "access_tokens"})
        EXPECT_EQ(count(table, "user_id", user.id), 0) << table;
    EXPECT_EQ(store->ouraTokens(user.id)->accessToken, tokens("kept").accessToken) << "the user stays";
    EXPECT_EQ(store->grantsOf(other.id).size(), 1u) << "other users keep theirs";
}

TEST_P(UserStoreTest, ClientsAreSavedReplacedAndPurgedWhenTheirCacheEntryExpires)
{
    auto store = open();
    store->saveClient(Client{"https://app.example/client.json", "cimd", "{}", t0, t0 + 300, false}, "");
    store->saveClient(
        Client{"https://app.example/client.json", "cimd", R"({"v":2})", t0 + 1, t0 + 600, false}, "");
    store->saveClient(Client{"dcr_1", "dcr", "{}", t0, 0, false}, "");
    const auto cimd = store->findClient("https://app.example/client.json");
    ASSERT_TRUE(cimd.has_value());
    EXPECT_EQ(cimd->metadata, R"({"v":2})");
    EXPECT_FALSE(cimd->hasSecret);
    EXPECT_FALSE(store->checkClientSecret("dcr_1", "anything"));

    const User user = store->findOrCreateUser("oura-AAA", t0);
    store->saveAuthorizationCode("c", AuthorizationCode{"dcr_1", user.id, "", "", "", "", t0 + 10});
    EXPECT_EQ(store->purgeExpired(t0 + 600), 2u) << "the code and the CIMD entry";
    EXPECT_FALSE(store->findClient("https://app.example/client.json").has_value());
    EXPECT_TRUE(store->findClient("dcr_1").has_value());
    EXPECT_TRUE(store->deleteClient("dcr_1"));
    EXPECT_FALSE(store->deleteClient("dcr_1"));
}

TEST_P(UserStoreTest, TheUserLockSerialisesTwoConnections)
{
    auto first = open();
    auto second = open();
    const User user = first->findOrCreateUser("oura-AAA", t0);
    first->saveOuraTokens(user.id, OuraTokens{"0", "r", t0, ""}, t0);

    // Each critical section reads a counter, yields, and writes it back plus one: without mutual exclusion the
    // two connections interleave, some increments are lost and "inside" sees two holders at once.
    constexpr int rounds = 40;
    std::atomic<int> inside{0};
    std::atomic<int> overlaps{0};
    auto work = [&](UserStore& store) {
        for (int i = 0; i < rounds; ++i)
            store.withUserLock(user.id, [&](LockedUser& locked) {
                if (inside.fetch_add(1) != 0)
                    ++overlaps;
                auto current = locked.ouraTokens();
                std::this_thread::yield();
                current->accessToken = std::to_string(std::stoi(current->accessToken) + 1);
                locked.saveOuraTokens(*current);
                inside.fetch_sub(1);
            });
    };
    together([&] { work(*first); }, [&] { work(*second); });
    EXPECT_EQ(overlaps.load(), 0);
    EXPECT_EQ(first->ouraTokens(user.id)->accessToken, std::to_string(2 * rounds));
}

TEST_P(UserStoreTest, AnOuraRefreshIsSingleFlightAndItsRotatedTokenIsCommittedBeforeUse)
{
    auto first = open();
    auto second = open();
    const User user = first->findOrCreateUser("oura-AAA", t0);
    first->saveOuraTokens(user.id, tokens("stale", t0 - 1), t0);

    std::atomic<int> refreshes{0};
    auto refreshIfStale = [&](const std::optional<OuraTokens>& current) -> std::optional<OuraTokens> {
        if (current && current->expiresAt > t0)
            return std::nullopt; // another replica refreshed meanwhile
        ++refreshes;
        return tokens("fresh", t0 + 86400);
    };
    std::optional<OuraTokens> a, b;
    together([&] { a = first->rotateOuraTokens(user.id, refreshIfStale); },
             [&] { b = second->rotateOuraTokens(user.id, refreshIfStale); });
    EXPECT_EQ(refreshes.load(), 1) << "Oura's single-use refresh token was spent twice";
    ASSERT_TRUE(a && b);
    EXPECT_EQ(a->refreshToken, tokens("fresh").refreshToken);
    EXPECT_EQ(b->refreshToken, tokens("fresh").refreshToken);

    // What rotateOuraTokens returned is already durable: a fresh connection reads it.
    EXPECT_EQ(open()->ouraTokens(user.id)->refreshToken, tokens("fresh").refreshToken);

    // A refresher that fails rolls back: the stored tokens stay as they were.
    EXPECT_THROW(first->rotateOuraTokens(user.id,
                                         [&](const std::optional<OuraTokens>&) -> std::optional<OuraTokens> {
                                             throw std::runtime_error("Oura said no");
                                         }),
                 std::runtime_error);
    EXPECT_EQ(first->ouraTokens(user.id)->refreshToken, tokens("fresh").refreshToken);
    EXPECT_THROW(first->withUserLock("u_nobody", [](LockedUser&) {}), StoreError);
}

TEST(SqliteUserStore, CreatesItsFileOwnerOnlyAndRefusesOneOthersCanRead)
{
    TempDir dir;
    const std::string path = dir.file("store.db");
    const auto key = std::make_shared<const StoreKey>(std::vector<StoreKey::Entry>{StoreKey::generate()});
    UserStore::open("sqlite:" + path, key).reset();
    struct stat st
    {};
    ASSERT_EQ(::stat(path.c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0600u);
    {
        // Written, the WAL and shared-memory files exist too, and SQLite gives them the database's mode.
        auto store = UserStore::open(path, key);
        store->saveOuraTokens(store->findOrCreateUser("oura-AAA", t0).id, tokens("a"), t0);
        for (const char* suffix : {"-wal", "-shm"})
        {
            ASSERT_EQ(::stat((path + suffix).c_str(), &st), 0) << suffix;
            EXPECT_EQ(st.st_mode & 0777, 0600u) << suffix;
        }
    }
    ::chmod(path.c_str(), 0644);
    EXPECT_THROW(UserStore::open(path, key), StoreError);
}

INSTANTIATE_TEST_SUITE_P(Engines, UserStoreTest, ::testing::Values(Engine::Sqlite, Engine::Postgres),
                         [](const ::testing::TestParamInfo<Engine>& info) {
                             return info.param == Engine::Sqlite ? std::string("SQLite")
                                                                 : std::string("PostgreSQL");
                         });

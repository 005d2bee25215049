#include "TestHttp.h"

#include "auth/TokenManager.h"
#include "util/Json.h"

#include <gtest/gtest.h>

#include <Poco/URI.h>

#include <atomic>
#include <condition_variable>
#include <map>
#include <mutex>
#include <thread>

using OuraMcp::Auth::TokenManager;
using OuraMcp::Auth::TokenSet;
using OuraMcp::Auth::TokenStore;
using OuraMcp::Auth::TransportFactory;
using OuraMcp::Oura::HttpRequest;
using OuraMcp::Oura::HttpResponse;
using OuraMcp::Testing::TempDir;

namespace {

const std::int64_t kNow = 1800000000;

std::map<std::string, std::string> parseForm(const std::string& body)
{
    std::map<std::string, std::string> fields;
    Poco::URI uri("/?" + body);
    for (const auto& [k, v] : uri.getQueryParameters())
        fields[k] = v;
    return fields;
}

/// An in-process token endpoint: counts POSTs per origin, can hold them at a gate, rotates tokens.
class FakeTokenServer
{
public:
    struct Post
    {
        std::string origin;
        std::string path;
        std::map<std::string, std::string> form;
    };

    std::function<HttpResponse(const std::string& origin, const Post&)> respond;

    FakeTokenServer()
    {
        respond = [this](const std::string&, const Post& post) {
            const int n = ++_issued;
            return ok("new-access-" + std::to_string(n), "new-refresh-" + std::to_string(n), post);
        };
    }

    static HttpResponse ok(const std::string& access, const std::string& refresh, const Post&)
    {
        HttpResponse r;
        r.status = 200;
        r.body = OuraMcp::Json{{"token_type", "bearer"},
                               {"access_token", access},
                               {"refresh_token", refresh},
                               {"expires_in", 86400},
                               {"scope", "extapi:daily extapi:heartrate"}}
                     .dump();
        return r;
    }

    static HttpResponse error(int status, const std::string& code)
    {
        HttpResponse r;
        r.status = status;
        r.body = OuraMcp::Json{{"error", code}, {"error_description", "test"}}.dump();
        return r;
    }

    TransportFactory factory()
    {
        return [this](const std::string& origin) { return std::make_shared<Transport>(*this, origin); };
    }

    void holdPosts()
    {
        std::lock_guard<std::mutex> lock(_mutex);
        _held = true;
    }
    void waitForPostArrival()
    {
        std::unique_lock<std::mutex> lock(_mutex);
        _changed.wait(lock, [&] { return _arrived > 0; });
    }
    void release()
    {
        {
            std::lock_guard<std::mutex> lock(_mutex);
            _held = false;
        }
        _changed.notify_all();
    }

    std::vector<Post> posts()
    {
        std::lock_guard<std::mutex> lock(_mutex);
        return _posts;
    }

private:
    class Transport : public OuraMcp::Oura::Transport
    {
    public:
        Transport(FakeTokenServer& server, std::string origin) : _server(server), _origin(std::move(origin))
        {}
        HttpResponse send(const HttpRequest& request) override
        {
            Post post{_origin, request.path, parseForm(request.body)};
            {
                std::unique_lock<std::mutex> lock(_server._mutex);
                _server._posts.push_back(post);
                ++_server._arrived;
                _server._changed.notify_all();
                _server._changed.wait(lock, [&] { return !_server._held; });
            }
            return _server.respond(_origin, post);
        }
        std::string describe() const override { return _origin; }

    private:
        FakeTokenServer& _server;
        std::string _origin;
    };

    std::mutex _mutex;
    std::condition_variable _changed;
    bool _held = false;
    int _arrived = 0;
    std::vector<Post> _posts;
    std::atomic<int> _issued{0};
};

TokenManager::Config config(const std::string& envAccess = "", const std::string& envRefresh = "")
{
    TokenManager::Config c;
    c.envAccessToken = envAccess;
    c.envRefreshToken = envRefresh;
    c.clientId = "client-id-1";
    c.clientSecret = "client-secret-xyz";
    c.tokenUrl = "https://primary.example/oauth/token";
    c.tokenUrlFallback = "https://fallback.example/oauth/v2/ext/oauth-token";
    return c;
}

TokenSet fileTokens(const std::string& access, const std::string& refresh, std::int64_t expiresAt)
{
    TokenSet t;
    t.accessToken = access;
    t.refreshToken = refresh;
    t.expiresAt = expiresAt;
    t.scope = "extapi:daily";
    t.savedAt = kNow - 100;
    t.chainOrigin = "login";
    return t;
}

std::function<std::int64_t()> fixedClock()
{
    return [] { return kNow; };
}

/// A store that records what the manager hands out at the moment the rotated tokens are saved.
class ObservingStore : public TokenStore
{
public:
    using TokenStore::TokenStore;
    std::function<void(const TokenSet&)> onSave;
    void save(const TokenSet& tokens) override
    {
        if (onSave)
            onSave(tokens);
        TokenStore::save(tokens);
    }
};

} // namespace

TEST(TokenManager, ConcurrentUnauthorizedCallersCauseExactlyOnePost)
{
    TempDir dir;
    auto store = std::make_shared<TokenStore>(dir.file("tokens.json"));
    store->save(fileTokens("old-access-token", "old-refresh-token", kNow + 3600));
    FakeTokenServer server;
    TokenManager manager(config(), store, server.factory(), fixedClock());
    ASSERT_EQ(manager.accessToken(), "old-access-token");

    server.holdPosts();
    constexpr int kThreads = 10;
    std::mutex startMutex;
    std::condition_variable startChanged;
    int started = 0;
    std::vector<int> results(kThreads, -1);
    std::vector<std::thread> threads;
    for (int i = 0; i < kThreads; ++i)
    {
        threads.emplace_back([&, i] {
            {
                std::lock_guard<std::mutex> lock(startMutex);
                ++started;
            }
            startChanged.notify_all();
            results[i] = manager.refreshAfterUnauthorized("old-access-token") ? 1 : 0;
        });
    }
    server.waitForPostArrival();
    {
        std::unique_lock<std::mutex> lock(startMutex);
        startChanged.wait(lock, [&] { return started == kThreads; });
    }
    server.release();
    for (auto& t : threads)
        t.join();

    EXPECT_EQ(server.posts().size(), 1u);
    for (int i = 0; i < kThreads; ++i)
        EXPECT_EQ(results[i], 1) << "thread " << i;
    EXPECT_EQ(manager.accessToken(), "new-access-1");
    const auto form = server.posts().at(0).form;
    EXPECT_EQ(form.at("grant_type"), "refresh_token");
    EXPECT_EQ(form.at("refresh_token"), "old-refresh-token");
    EXPECT_EQ(form.at("client_id"), "client-id-1");
    EXPECT_EQ(form.at("client_secret"), "client-secret-xyz");
    EXPECT_EQ(server.posts().at(0).origin, "https://primary.example");
    EXPECT_EQ(server.posts().at(0).path, "/oauth/token");

    // A caller still holding the old token later gets "yes, there is a new one" without a POST.
    EXPECT_TRUE(manager.refreshAfterUnauthorized("old-access-token"));
    EXPECT_EQ(server.posts().size(), 1u);
}

TEST(TokenManager, RotatedTokensArePersistedBeforeTheNewAccessTokenIsUsed)
{
    TempDir dir;
    auto store = std::make_shared<ObservingStore>(dir.file("tokens.json"));
    store->save(fileTokens("old-access-token", "old-refresh-token", kNow + 3600));
    FakeTokenServer server;
    TokenManager manager(config(), store, server.factory(), fixedClock());

    std::string handedOutDuringSave;
    std::string savedRefresh;
    store->onSave = [&](const TokenSet& tokens) {
        savedRefresh = tokens.refreshToken;
        handedOutDuringSave = manager.accessToken();
    };
    ASSERT_TRUE(manager.refreshAfterUnauthorized("old-access-token"));
    EXPECT_EQ(savedRefresh, "new-refresh-1");
    EXPECT_EQ(handedOutDuringSave, "old-access-token");
    EXPECT_EQ(manager.accessToken(), "new-access-1");

    const auto onDisk = TokenStore(dir.file("tokens.json")).load();
    ASSERT_TRUE(onDisk);
    EXPECT_EQ(onDisk->accessToken, "new-access-1");
    EXPECT_EQ(onDisk->refreshToken, "new-refresh-1");
    EXPECT_EQ(onDisk->expiresAt, kNow + 86400);
    EXPECT_EQ(onDisk->savedAt, kNow);
    EXPECT_EQ(onDisk->chainOrigin, "login");

    // The next refresh uses the rotated refresh token, never the spent one.
    ASSERT_TRUE(manager.refreshAfterUnauthorized("new-access-1"));
    EXPECT_EQ(server.posts().at(1).form.at("refresh_token"), "new-refresh-1");
}

TEST(TokenManager, RefreshesAheadOfExpiry)
{
    TempDir dir;
    auto store = std::make_shared<TokenStore>(dir.file("tokens.json"));
    FakeTokenServer server;

    store->save(fileTokens("valid-access-token", "refresh-a", kNow + 61));
    TokenManager fresh(config(), store, server.factory(), fixedClock());
    EXPECT_EQ(fresh.accessToken(), "valid-access-token");
    EXPECT_TRUE(server.posts().empty());

    store->save(fileTokens("expiring-access-token", "refresh-b", kNow + 59));
    TokenManager expiring(config(), store, server.factory(), fixedClock());
    EXPECT_EQ(expiring.accessToken(), "new-access-1");
    ASSERT_EQ(server.posts().size(), 1u);
    EXPECT_EQ(server.posts()[0].form.at("refresh_token"), "refresh-b");
}

TEST(TokenManager, InvalidGrantMeansLoginAgain)
{
    TempDir dir;
    auto store = std::make_shared<TokenStore>(dir.file("tokens.json"));
    store->save(fileTokens("old-access-token", "spent-refresh-token", kNow + 3600));
    FakeTokenServer server;
    server.respond = [](const std::string&, const FakeTokenServer::Post&) {
        return FakeTokenServer::error(400, "invalid_grant");
    };
    TokenManager manager(config(), store, server.factory(), fixedClock());
    EXPECT_FALSE(manager.refreshAfterUnauthorized("old-access-token"));
    EXPECT_EQ(manager.accessToken(), "");
    EXPECT_EQ(manager.loginHint(),
              "Your Oura login has expired or was revoked. Run `oura-mcp auth login` to sign in again.");
    EXPECT_TRUE(manager.status().loginRequired);
    // No more attempts with the dead token, and the file is not deleted.
    EXPECT_FALSE(manager.refreshAfterUnauthorized(""));
    EXPECT_EQ(server.posts().size(), 1u);
    EXPECT_TRUE(store->exists());
}

TEST(TokenManager, InvalidRequestRetriesAtTheFallbackEndpoint)
{
    FakeTokenServer server;
    server.respond = [](const std::string& origin, const FakeTokenServer::Post& post) {
        if (origin == "https://primary.example")
            return FakeTokenServer::error(400, "invalid_request");
        return FakeTokenServer::ok("portal-access-token", "portal-refresh-token", post);
    };
    TokenManager manager(config("env-access-token", "env-refresh-token"), nullptr, server.factory(),
                         fixedClock());
    ASSERT_TRUE(manager.refreshAfterUnauthorized("env-access-token"));
    EXPECT_EQ(manager.accessToken(), "portal-access-token");
    const auto posts = server.posts();
    ASSERT_EQ(posts.size(), 2u);
    EXPECT_EQ(posts[0].origin, "https://primary.example");
    EXPECT_EQ(posts[1].origin, "https://fallback.example");
    EXPECT_EQ(posts[1].path, "/oauth/v2/ext/oauth-token");
    EXPECT_EQ(posts[1].form, posts[0].form);
}

TEST(TokenManager, OtherErrorsDoNotFallBackAndKeepTheLogin)
{
    FakeTokenServer server;
    server.respond = [](const std::string&, const FakeTokenServer::Post&) {
        return FakeTokenServer::error(401, "invalid_client");
    };
    TokenManager manager(config("env-access-token", "env-refresh-token"), nullptr, server.factory(),
                         fixedClock());
    EXPECT_FALSE(manager.refreshAfterUnauthorized("env-access-token"));
    EXPECT_EQ(server.posts().size(), 1u);
    EXPECT_FALSE(manager.status().loginRequired);
    EXPECT_NE(manager.loginHint().find("invalid_client"), std::string::npos);
    EXPECT_EQ(manager.loginHint().find("client-secret-xyz"), std::string::npos);
}

TEST(TokenManager, NetworkFailureIsNotALogout)
{
    FakeTokenServer server;
    server.respond = [](const std::string&, const FakeTokenServer::Post&) {
        HttpResponse r;
        r.networkError = "connection refused";
        return r;
    };
    TokenManager manager(config("env-access-token", "env-refresh-token"), nullptr, server.factory(),
                         fixedClock());
    EXPECT_FALSE(manager.refreshAfterUnauthorized("env-access-token"));
    EXPECT_TRUE(manager.status().hasRefreshToken);
    EXPECT_FALSE(manager.status().loginRequired);
}

TEST(TokenManager, NoCredentialsExplainsBothOptions)
{
    FakeTokenServer server;
    TokenManager::Config c = config();
    TokenManager manager(c, nullptr, server.factory(), fixedClock());
    EXPECT_EQ(manager.accessToken(), "");
    EXPECT_FALSE(manager.refreshAfterUnauthorized(""));
    const std::string hint = manager.loginHint();
    EXPECT_NE(hint.find("oura-mcp auth login"), std::string::npos);
    EXPECT_NE(hint.find("OURA_CLIENT_ID"), std::string::npos);
    EXPECT_NE(hint.find("OURA_CLIENT_SECRET"), std::string::npos);
    EXPECT_NE(hint.find("OURA_ACCESS_TOKEN"), std::string::npos);
    EXPECT_NE(hint.find("deprecated"), std::string::npos);
    EXPECT_TRUE(server.posts().empty());
}

TEST(TokenManager, PersonalAccessTokenIsAPlainBearerToken)
{
    FakeTokenServer server;
    TokenManager manager(config("personal-access-token"), nullptr, server.factory(), fixedClock());
    EXPECT_EQ(manager.accessToken(), "personal-access-token");
    EXPECT_TRUE(manager.status().personalToken);
    EXPECT_FALSE(manager.refreshAfterUnauthorized("personal-access-token"));
    EXPECT_TRUE(server.posts().empty());
    EXPECT_NE(manager.loginHint().find("deprecated"), std::string::npos);
}

TEST(TokenManager, EnvironmentRefreshTokenSeedsTheFileWhichThenWins)
{
    TempDir dir;
    auto store = std::make_shared<TokenStore>(dir.file("tokens.json"));
    FakeTokenServer server;
    {
        TokenManager first(config("", "env-seed-refresh"), store, server.factory(), fixedClock());
        EXPECT_EQ(first.status().source, TokenManager::Source::Environment);
        EXPECT_EQ(first.accessToken(), "new-access-1"); // no access token: refreshed at once
        EXPECT_EQ(first.status().source, TokenManager::Source::TokenFile);
    }
    const auto saved = store->load();
    ASSERT_TRUE(saved);
    EXPECT_EQ(saved->chainOrigin, TokenManager::chainOriginFor("env-seed-refresh"));
    EXPECT_EQ(saved->chainOrigin.find("env-seed-refresh"), std::string::npos);

    // Restart with the same (now spent) environment token: the file's successor wins, no POST.
    TokenManager second(config("", "env-seed-refresh"), store, server.factory(), fixedClock());
    EXPECT_EQ(second.status().source, TokenManager::Source::TokenFile);
    EXPECT_EQ(second.accessToken(), "new-access-1");
    EXPECT_EQ(server.posts().size(), 1u);

    // A different environment refresh token wins over the file.
    TokenManager third(config("", "another-env-refresh"), store, server.factory(), fixedClock());
    EXPECT_EQ(third.status().source, TokenManager::Source::Environment);
}

TEST(TokenManager, SourceRule)
{
    using S = TokenManager::Source;
    TokenSet login = fileTokens("a-file", "r-file", 0);
    TokenSet seeded = login;
    seeded.chainOrigin = TokenManager::chainOriginFor("r-env");

    EXPECT_EQ(TokenManager::chooseSource(std::nullopt, "", ""), S::None);
    EXPECT_EQ(TokenManager::chooseSource(std::nullopt, "a-env", ""), S::Environment);
    EXPECT_EQ(TokenManager::chooseSource(login, "", ""), S::TokenFile);
    EXPECT_EQ(TokenManager::chooseSource(login, "a-env", ""), S::TokenFile); // env gives no refresh token
    EXPECT_EQ(TokenManager::chooseSource(login, "", "r-env"), S::Environment);
    EXPECT_EQ(TokenManager::chooseSource(seeded, "", "r-env"), S::TokenFile);
    EXPECT_EQ(TokenManager::chooseSource(login, "", "r-file"), S::TokenFile);
    EXPECT_EQ(TokenManager::chooseSource(TokenSet{}, "", ""), S::None);
}

TEST(TokenManager, RefreshTokenWithoutClientCredentialsCannotRefresh)
{
    FakeTokenServer server;
    TokenManager::Config c = config("env-access-token", "env-refresh-token");
    c.clientSecret.clear();
    TokenManager manager(c, nullptr, server.factory(), fixedClock());
    EXPECT_EQ(manager.accessToken(), "env-access-token");
    EXPECT_FALSE(manager.refreshAfterUnauthorized("env-access-token"));
    EXPECT_TRUE(server.posts().empty());
    EXPECT_NE(manager.loginHint().find("OURA_CLIENT_SECRET"), std::string::npos);
}

TEST(TokenManager, AdoptsTokensAnotherProcessAlreadyRotated)
{
    TempDir dir;
    const std::string path = dir.file("tokens.json");
    TokenStore(path).save(fileTokens("shared-access-token", "shared-refresh-token", kNow + 3600));
    FakeTokenServer server;
    TokenManager a(config(), std::make_shared<TokenStore>(path), server.factory(), fixedClock());
    TokenManager b(config(), std::make_shared<TokenStore>(path), server.factory(), fixedClock());

    ASSERT_TRUE(a.refreshAfterUnauthorized("shared-access-token"));
    ASSERT_EQ(server.posts().size(), 1u);
    // b still holds the spent refresh token; it must pick up a's successor instead of posting it.
    ASSERT_TRUE(b.refreshAfterUnauthorized("shared-access-token"));
    EXPECT_EQ(server.posts().size(), 1u);
    EXPECT_EQ(b.accessToken(), "new-access-1");
    ASSERT_TRUE(b.refreshAfterUnauthorized("new-access-1"));
    EXPECT_EQ(server.posts().back().form.at("refresh_token"), "new-refresh-1");
}

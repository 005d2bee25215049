// POST /account/delete: a person deletes themselves with the bearer token a client holds for them. Against a real
// SQLite store in a temp folder; the bearer check and Oura's revocation are test doubles.
#include "app/AccountDeletion.h"

#include "TempDir.h"

#include "http/Authenticator.h"
#include "store/StoreKey.h"
#include "store/UserStore.h"

#include <gtest/gtest.h>

#include <stdexcept>
#include <vector>

namespace {

using namespace OuraMcp;
using OuraMcp::App::AccountDeletion;
using OuraMcp::Testing::TempDir;

/// "Bearer token-of-<user>" is that user; anything else is refused.
class TokensNameTheirUser : public Http::Authenticator
{
public:
    Outcome authenticate(const std::string& header) override
    {
        Outcome outcome;
        const std::string prefix = "Bearer token-of-";
        if (header.rfind(prefix, 0) == 0)
            outcome.principal = Http::Principal{header.substr(prefix.size()), "client", "daily"};
        else
        {
            outcome.wwwAuthenticate = "Bearer error=\"invalid_token\"";
            outcome.reason = "the token is not valid";
        }
        return outcome;
    }
};

struct Fixture
{
    TempDir dir;
    std::shared_ptr<Store::UserStore> store =
        Store::UserStore::open("sqlite:" + dir.file("users.db"),
                               std::make_shared<const Store::StoreKey>(
                                   std::vector<Store::StoreKey::Entry>{Store::StoreKey::generate()}));
    std::vector<std::string> revoked;
    std::vector<std::string> forgotten;
    bool ouraDown = false;

    AccountDeletion route()
    {
        return AccountDeletion(
            std::make_shared<TokensNameTheirUser>(), store,
            [this](const Store::OuraTokens& tokens) {
                if (ouraDown)
                    throw std::runtime_error("Oura's revoke endpoint could not be reached");
                revoked.push_back(tokens.accessToken);
            },
            [this](const std::string& user) { forgotten.push_back(user); });
    }

    std::string signUp(const std::string& ouraId, const std::string& accessToken)
    {
        const auto user = store->findOrCreateUser(ouraId, 1000);
        store->saveOuraTokens(user.id,
                              Store::OuraTokens{accessToken, "refresh-" + accessToken, 5000, "daily"}, 1000);
        store->saveGrant(Store::Grant{user.id, "client", "daily", "https://mcp.example/mcp", 1000});
        return user.id;
    }
};

Http::WebRequest deleteAs(const std::string& authorization)
{
    Http::WebRequest request;
    request.method = "POST";
    request.path = AccountDeletion::Path;
    request.authorization = authorization;
    return request;
}

TEST(AccountDeletion, RevokesAtOuraThenDeletesEveryRowAndTheCachedDataOfThatUserOnly)
{
    Fixture f;
    const std::string alice = f.signUp("oura-alice", "oura-access-alice");
    const std::string bob = f.signUp("oura-bob", "oura-access-bob");

    const auto response = f.route().serve(deleteAs("Bearer token-of-" + alice));

    EXPECT_EQ(response.status, 200) << response.body;
    EXPECT_EQ(f.revoked, std::vector<std::string>{"oura-access-alice"});
    EXPECT_EQ(f.forgotten, std::vector<std::string>{alice});
    EXPECT_FALSE(f.store->findUser(alice));
    EXPECT_FALSE(f.store->ouraTokens(alice));
    EXPECT_TRUE(f.store->grantsOf(alice).empty());
    EXPECT_TRUE(f.store->findUser(bob)) << "nobody else is touched";
    EXPECT_TRUE(f.store->ouraTokens(bob));
    EXPECT_EQ(response.body.find("oura-access"), std::string::npos);
}

TEST(AccountDeletion, WithoutAValidTokenNothingIsDeleted)
{
    Fixture f;
    const std::string alice = f.signUp("oura-alice", "oura-access-alice");

    const auto none = f.route().serve(deleteAs(""));
    const auto forged = f.route().serve(deleteAs("Bearer forged"));

    EXPECT_EQ(none.status, 401);
    EXPECT_EQ(forged.status, 401);
    EXPECT_TRUE(f.store->findUser(alice));
    EXPECT_TRUE(f.revoked.empty());
    bool challenged = false;
    for (const auto& [name, value] : forged.headers)
        challenged =
            challenged || (name == "WWW-Authenticate" && value.find("invalid_token") != std::string::npos);
    EXPECT_TRUE(challenged);
}

TEST(AccountDeletion, WhenOuraCannotRevokeNothingIsDeletedAndTheAnswerSaysRetry)
{
    Fixture f;
    const std::string alice = f.signUp("oura-alice", "oura-access-alice");
    f.ouraDown = true;

    const auto response = f.route().serve(deleteAs("Bearer token-of-" + alice));

    EXPECT_EQ(response.status, 503);
    EXPECT_NE(response.body.find("nothing was deleted"), std::string::npos);
    EXPECT_TRUE(f.store->findUser(alice)) << "no Oura token may be left that nobody can revoke any more";
    EXPECT_TRUE(f.forgotten.empty());
}

TEST(AccountDeletion, OnlyPostDeletes)
{
    Fixture f;
    const std::string alice = f.signUp("oura-alice", "oura-access-alice");
    auto request = deleteAs("Bearer token-of-" + alice);
    request.method = "GET";

    EXPECT_EQ(f.route().serve(request).status, 405);
    EXPECT_TRUE(f.store->findUser(alice));
}

} // namespace

#include "auth/StoredUserTokens.h"

#include "store/UserStore.h"
#include "util/Log.h"

namespace OuraMcp::Auth {

namespace {

constexpr std::int64_t RefreshMargin = 60; // seconds before expiry at which a token is refreshed first

bool expiresSoon(const Store::OuraTokens& tokens, std::int64_t now)
{
    return tokens.expiresAt != 0 && tokens.expiresAt - now < RefreshMargin;
}

} // namespace

StoredUserTokens::StoredUserTokens(std::shared_ptr<Store::UserStore> store, std::string userId,
                                   std::shared_ptr<TokenEndpoint> endpoint, std::function<std::int64_t()> now,
                                   std::string loginHint)
    : _store(std::move(store)), _userId(std::move(userId)), _endpoint(std::move(endpoint)),
      _now(std::move(now)), _loginHint(std::move(loginHint))
{}

std::string StoredUserTokens::accessToken()
{
    const auto tokens = _store->ouraTokens(_userId);
    if (!tokens)
        return {};
    if (!expiresSoon(*tokens, _now()) || tokens->refreshToken.empty())
        return tokens->accessToken;
    return refresh("");
}

bool StoredUserTokens::refreshAfterUnauthorized(const std::string& rejectedToken)
{
    const std::string token = refresh(rejectedToken);
    return !token.empty() && token != rejectedToken;
}

std::string StoredUserTokens::refresh(const std::string& rejectedToken)
{
    // The threads of one person that need a refresh wait here rather than each holding a store connection
    // while they wait for the person's row lock; the first refreshes, the others then find the new token.
    std::lock_guard<std::mutex> serial(_refreshing);
    const auto tokens = _store->rotateOuraTokens(
        _userId, [&](const std::optional<Store::OuraTokens>& current) -> std::optional<Store::OuraTokens> {
            if (!current || current->refreshToken.empty())
                return std::nullopt;
            const bool stillRejected = !rejectedToken.empty() && current->accessToken == rejectedToken;
            if (!stillRejected && !(rejectedToken.empty() && expiresSoon(*current, _now())))
                return std::nullopt; // someone refreshed while we waited for the lock
            const TokenGrant grant = _endpoint->refresh(current->refreshToken);
            if (grant.outcome != TokenGrant::Outcome::Ok)
            {
                Util::Log::warning("auth", "refreshing the Oura token of user " + _userId +
                                               " failed: " + grant.message);
                return std::nullopt;
            }
            Store::OuraTokens next;
            next.accessToken = grant.tokens.accessToken;
            next.refreshToken =
                grant.tokens.refreshToken.empty() ? current->refreshToken : grant.tokens.refreshToken;
            next.expiresAt = grant.tokens.expiresAt;
            next.scopes = grant.tokens.scope.empty() ? current->scopes : grant.tokens.scope;
            return next; // committed by the store before rotateOuraTokens returns
        });
    return tokens ? tokens->accessToken : std::string();
}

} // namespace OuraMcp::Auth

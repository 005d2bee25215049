#pragma once

#include "auth/TokenEndpoint.h"
#include "oura/TokenProvider.h"

#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>

namespace OuraMcp::Store {
class UserStore;
}

namespace OuraMcp::Auth {

/// One user's Oura tokens as the remote server keeps them: sealed in the store (Store::UserStore), shared by
/// every replica. The refresh is single-flight per user across threads and replicas (the store's user lock),
/// and Oura's rotated refresh token is committed before it is used: Oura's refresh tokens are single use, so
/// two replicas that each spent the same one would sign the user out. Thread-safe.
class StoredUserTokens : public Oura::TokenProvider
{
public:
    StoredUserTokens(std::shared_ptr<Store::UserStore> store, std::string userId,
                     std::shared_ptr<TokenEndpoint> endpoint, std::function<std::int64_t()> now,
                     std::string loginHint);
    /// now: Unix seconds.

    std::string accessToken() override;
    /// The stored access token, refreshed first (under the user lock) if it expires within a minute.
    bool refreshAfterUnauthorized(const std::string& rejectedToken) override;
    std::string loginHint() const override { return _loginHint; }

private:
    std::string refresh(const std::string& rejectedToken);
    /// Under the user lock: refreshes unless the stored token is no longer rejectedToken (another thread or
    /// replica refreshed meanwhile) or, with rejectedToken "", is no longer about to expire. Returns the
    /// access token to use ("" if none).

    std::shared_ptr<Store::UserStore> _store;
    std::string _userId;
    std::shared_ptr<TokenEndpoint> _endpoint;
    std::function<std::int64_t()> _now;
    std::string _loginHint;
    std::mutex
        _refreshing; ///< one refresh of this person at a time in this process; the store's lock for all
};

} // namespace OuraMcp::Auth

#pragma once

#include "http/Route.h"

#include <functional>
#include <memory>
#include <string>

namespace OuraMcp::Http {
class Authenticator;
}
namespace OuraMcp::Store {
class UserStore;
struct OuraTokens;
} // namespace OuraMcp::Store

namespace OuraMcp::App {

/// People leave: `POST /account/delete` with the bearer token an MCP client holds for them revokes their Oura
/// token at Oura, then deletes the user and every row of theirs (Oura tokens, grants, codes, our tokens) and drops
/// their cached data. Authenticated by the same check as the MCP endpoint, so only the person (through a client
/// they authorised) can delete themselves; the operator's way is `oura-mcp users delete`.
///
/// If Oura cannot be reached the revocation is not skipped: nothing is deleted and the answer says to retry, so
/// that no valid Oura token is left behind that nobody can revoke any more. Thread-safe.
class AccountDeletion : public Http::Route
{
public:
    using OuraRevoker = std::function<void(const Store::OuraTokens&)>;
    using Forget = std::function<void(const std::string& userId)>;

    AccountDeletion(std::shared_ptr<Http::Authenticator> authenticator,
                    std::shared_ptr<Store::UserStore> store, OuraRevoker revokeAtOura,
                    Forget forgetCachedData);

    static constexpr const char* Path = "/account/delete";

    bool handles(const std::string& method, const std::string& path) const override;
    Http::WebResponse serve(const Http::WebRequest& request) override;

private:
    std::shared_ptr<Http::Authenticator> _authenticator;
    std::shared_ptr<Store::UserStore> _store;
    OuraRevoker _revokeAtOura;
    Forget _forget;
};

} // namespace OuraMcp::App

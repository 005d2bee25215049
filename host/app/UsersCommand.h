#pragma once

#include <functional>
#include <iosfwd>
#include <memory>
#include <string>
#include <vector>

namespace OuraMcp::Store {
class UserStore;
struct OuraTokens;
} // namespace OuraMcp::Store

namespace OuraMcp::App {

/// `oura-mcp users list | revoke USER_ID | delete USER_ID`: the operator's view of a remote server's users,
/// by pseudonymous id only (no Oura id, no e-mail, no token is ever printed).
///   - list: every user, when they first signed in, and which clients hold a grant;
///   - revoke: every client's grant, code and token of the user is revoked (they must consent again); the
///     user and their Oura tokens stay;
///   - delete: the user's Oura token is revoked at Oura, then the user and every row of theirs is deleted;
///   - reseal: after a key rotation, every Oura token sealed with an older key is sealed with the current one.
class UsersCommand
{
public:
    using OuraRevoker = std::function<void(const Store::OuraTokens&)>;
    /// Revokes a user's tokens at Oura; throws with a safe text when Oura cannot be reached.

    UsersCommand(std::shared_ptr<Store::UserStore> store, OuraRevoker revokeAtOura, bool json);

    int run(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
    /// 0 on success, 1 for an unknown user or a failure (said on err).

private:
    int list(std::ostream& out);
    int revoke(const std::string& userId, std::ostream& out, std::ostream& err);
    int remove(const std::string& userId, std::ostream& out, std::ostream& err);

    std::shared_ptr<Store::UserStore> _store;
    OuraRevoker _revokeAtOura;
    bool _json;
};

} // namespace OuraMcp::App

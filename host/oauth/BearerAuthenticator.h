#pragma once

#include "http/Authenticator.h"
#include "oauth/AuthorizationServerOptions.h"
#include "store/UserStore.h"

#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

namespace OuraMcp::OAuth {

/// The bearer check of every MCP request (RFC 6750, the MCP authorization spec): the token must be one of our
/// access tokens, unexpired, of an unrevoked family, and bound to this server's resource (RFC 8707: a token
/// minted for another resource is refused). One store lookup per request and nothing else, since it runs on
/// every call. A refusal is 401 with the challenge that points the client at the protected-resource metadata
/// (RFC 9728 §5.1). Thread-safe.
class BearerAuthenticator : public Http::Authenticator
{
public:
    BearerAuthenticator(AuthorizationServerOptions options, Store::UserStore& store);

    Outcome authenticate(const std::string& authorizationHeader) override;

    const std::string& resourceMetadataUrl() const { return _resourceMetadataUrl; }
    ///< publicUrl + "/.well-known/oauth-protected-resource" + mcpPath

    static std::optional<std::string> bearerToken(const std::string& authorizationHeader);
    /// The token of "Bearer <token>" (scheme case-insensitive, RFC 6750 §2.1 token characters, at most 1,024
    /// of them), or nothing for anything else.

private:
    Outcome refuse(const std::string& reason, bool tokenPresented) const;
    std::optional<Store::AccessToken> remembered(const std::string& hash, std::int64_t now);
    void remember(const std::string& hash, const Store::AccessToken& record, std::int64_t now);

    struct Checked
    {
        Store::AccessToken record;
        std::int64_t checkedAt = 0;
    };
    std::mutex _mutex;
    std::unordered_map<std::string, Checked> _checked; ///< by the token's SHA-256, never the token itself

    AuthorizationServerOptions _options;
    Store::UserStore& _store;
    std::string _resource;
    std::string _resourceMetadataUrl;
    std::string _challenge; ///< the common part of every WWW-Authenticate value
};

} // namespace OuraMcp::OAuth

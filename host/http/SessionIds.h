#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace OuraMcp::Http {

/// Session ids that the server can verify without remembering them, so that a restart or a second replica
/// sharing the key does not strand clients:
///
///     1.<protocol version>.<expiry, unix seconds>.<nonce: 32 hex>.<HMAC-SHA256 of the rest: 64 hex>
///
/// e.g. 1.2025-11-25.1765108800.9f0c...e1.4a7d...03. The id carries what the session negotiated (the
/// protocol revision) and when it stops being valid; the nonce makes every id unique. All characters are
/// visible ASCII, as the transport requires. With OAuth the signature also covers the user the session was
/// opened by, so that another user's token cannot continue it (404, as for an unknown session).
class SessionIds
{
public:
    struct Claims
    {
        std::string version;
        std::int64_t expiresUnix = 0;
    };

    explicit SessionIds(std::string key);
    /// key: the secret (at least 32 bytes); ids signed with another key do not verify.

    std::string mint(const std::string& version, std::int64_t expiresUnix,
                     const std::string& principal = {}) const;
    /// principal: the user the session belongs to (with OAuth). It is not written into the id, only into its
    /// signature, so the id names no one and verifies only for the same user.

    std::optional<Claims> verify(const std::string& id, const std::string& principal = {}) const;
    /// The claims of a well-formed id with a valid signature; nothing otherwise. Expiry is the caller's
    /// check (it knows the clock).

private:
    static std::string signedText(const std::string& body, const std::string& principal);

    std::string _key;
};

} // namespace OuraMcp::Http

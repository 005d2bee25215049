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
/// visible ASCII, as the transport requires.
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

    std::string mint(const std::string& version, std::int64_t expiresUnix) const;

    std::optional<Claims> verify(const std::string& id) const;
    /// The claims of a well-formed id with a valid signature; nothing otherwise. Expiry is the caller's
    /// check (it knows the clock).

private:
    std::string _key;
};

} // namespace OuraMcp::Http

#pragma once

#include "util/Json.h"

#include <cstdint>
#include <optional>
#include <string>

namespace OuraMcp::OAuth {

/// A self-contained, tamper-proof, expiring value the browser carries for us (the consent form's hidden field,
/// the state sent through Oura): claims as JSON plus an HMAC-SHA256 over them, so that any replica holding the
/// key can finish a flow another one started, and no server memory is needed. Signed, not encrypted: put
/// nothing in it the browser may not see (hashes of nonces, never the nonces or any secret).
///
/// Form: base64url(claims JSON) "." hex(HMAC-SHA256(key, purpose "\n" base64url(claims))). The purpose keeps a
/// blob signed for one step (a consent form) from being accepted by another (the Oura callback).
class SignedBlob
{
public:
    explicit SignedBlob(std::string key);
    /// Throws std::invalid_argument if the key is shorter than 32 bytes.

    std::string seal(const std::string& purpose, Json claims, std::int64_t expiresAt) const;
    /// claims must be a JSON object; "exp" is set to expiresAt.

    std::optional<Json> open(const std::string& purpose, const std::string& blob, std::int64_t now) const;
    /// The claims if the blob was sealed with this key for this purpose and has not expired (exp > now);
    /// otherwise nothing. The signature is compared in constant time.

    static constexpr std::size_t MaximumSize = 8192;
    ///< a longer blob is refused before any work

private:
    std::string signature(const std::string& purpose, const std::string& payload) const;

    std::string _key;
};

} // namespace OuraMcp::OAuth

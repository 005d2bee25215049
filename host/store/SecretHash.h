#pragma once

#include <string>

namespace OuraMcp::Store {

/// Our own secrets (codes, tokens, client secrets) are high-entropy random strings, so a plain SHA-256 is the
/// right way to keep them: the database holds only the digest, and presenting the secret finds its row.
class SecretHash
{
public:
    static std::string of(const std::string& secret);
    /// The lowercase hex SHA-256 of the secret.

    static std::string generateSecret();
    /// 32 random bytes (OpenSSL's CSPRNG) as unpadded base64url: 43 characters, 256 bits.

    static std::string randomHex(std::size_t bytes);
    /// bytes random bytes as lowercase hex, for ids (not secrets).
};

} // namespace OuraMcp::Store

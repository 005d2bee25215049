#pragma once

#include <cstddef>
#include <string>

namespace OuraMcp::Http {

/// The few cryptographic helpers the transport needs: random bytes from the system, HMAC-SHA256 and hex
/// (secrets are compared with Util::ConstantTime).
class Secrets
{
public:
    static std::string random(std::size_t bytes);
    /// Bytes from the system's generator (Platform::RandomBytes: getrandom(2), BCryptGenRandom); throws
    /// std::runtime_error if the system cannot provide them.

    static std::string hex(const std::string& bytes);

    static std::string hmacSha256Hex(const std::string& key, const std::string& text);
};

} // namespace OuraMcp::Http

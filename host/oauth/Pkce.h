#pragma once

#include <string>

namespace OuraMcp::OAuth {

/// Proof Key for Code Exchange (RFC 7636), S256 only: OAuth 2.1 and the MCP authorization spec require it, and
/// "plain" would hand the verifier to whoever sees the authorization request.
class Pkce
{
public:
    static bool isValidVerifier(const std::string& verifier);
    /// 43-128 characters of the unreserved set [A-Za-z0-9-._~] (RFC 7636 §4.1).

    static bool isValidChallenge(const std::string& challenge);
    /// The shape of an S256 challenge: 43 characters of base64url (a SHA-256 without padding).

    static std::string challengeOf(const std::string& verifier);
    /// BASE64URL(SHA256(verifier)).

    static bool verify(const std::string& verifier, const std::string& challenge);
    /// True if the verifier is well formed and its S256 challenge equals challenge (compared in constant time).
};

} // namespace OuraMcp::OAuth

#pragma once

#include <optional>
#include <string>

namespace OuraMcp::Util {

/// Unpadded base64url (RFC 4648 §5), the alphabet of everything the authorization server puts in a URL, a
/// cookie or a form: tokens and codes (Store::SecretHash), PKCE challenges and signed blobs (host/oauth).
class Base64Url
{
public:
    static std::string encode(const std::string& bytes);

    static std::optional<std::string> decode(const std::string& text);
    /// The bytes, or nothing if text holds a character outside the alphabet, padding, an impossible length or
    /// non-zero leftover bits (a second spelling of the same bytes).

    static bool isAlphabet(char c);
    /// [A-Za-z0-9_-]
};

} // namespace OuraMcp::Util

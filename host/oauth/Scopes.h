#pragma once

#include <string>
#include <vector>

namespace OuraMcp::OAuth {

/// Scope strings (RFC 6749 §3.3: space-separated, order irrelevant) as lists without duplicates.
class Scopes
{
public:
    static std::vector<std::string> split(const std::string& text);
    /// The distinct scopes of text, in order of first appearance.

    static std::string join(const std::vector<std::string>& scopes);

    static std::vector<std::string> within(const std::vector<std::string>& requested,
                                           const std::vector<std::string>& allowed);
    /// requested if every scope is in allowed; otherwise throws OAuthError("invalid_scope") naming the first
    /// that is not.

    static std::vector<std::string> grantedBy(const std::vector<std::string>& requested,
                                              const std::string& upstream);
    /// The requested scopes Oura granted: upstream is the scope string of Oura's token answer, whose names may
    /// carry an "extapi:" prefix; an empty upstream string means Oura did not say, and all requested remain.
};

} // namespace OuraMcp::OAuth

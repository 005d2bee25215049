#pragma once

#include <cstddef>
#include <string>

namespace OuraMcp::Util {

/// Comparison of secrets (tokens, OAuth state, signatures) whose duration does not depend on where they
/// differ, so that timing does not reveal a prefix.
class ConstantTime
{
public:
    static bool equal(const std::string& a, const std::string& b)
    /// Constant time for equal lengths; a length mismatch is not secret (the formats are known).
    {
        if (a.size() != b.size())
            return false;
        unsigned char diff = 0;
        for (std::size_t i = 0; i < a.size(); ++i)
            diff |= static_cast<unsigned char>(a[i] ^ b[i]);
        return diff == 0;
    }
};

} // namespace OuraMcp::Util

#pragma once

#include <string>

namespace OuraMcp::Http {

/// The secret that signs session ids. Kept in a file (by default in the state folder, next to the token
/// file) so that session ids survive a restart, and replicas that share the file accept each other's ids.
class SessionKey
{
public:
    static std::string loadOrCreate(const std::string& path);
    /// Reads the key from path; if the file does not exist, creates it (mode 0600, its folder 0700) with 32
    /// random bytes written as 64 hex digits. An empty path gives a key that lives only as long as the
    /// process. Throws std::runtime_error naming the file if it cannot be read or created, or holds fewer
    /// than 32 characters.
};

} // namespace OuraMcp::Http

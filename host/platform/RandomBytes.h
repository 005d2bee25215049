#pragma once

#include <cstddef>

namespace OuraMcp::Platform {

/// Cryptographically secure random bytes from the operating system: getrandom(2) on Linux, getentropy(3) on
/// macOS, BCryptGenRandom with the system-preferred generator on Windows.
class RandomBytes
{
public:
    static void fill(void* buffer, std::size_t size);
    /// Fills all of buffer. Throws std::runtime_error if the system cannot provide the bytes.
};

} // namespace OuraMcp::Platform

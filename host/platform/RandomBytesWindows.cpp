#include "platform/RandomBytes.h"

#include <windows.h>

#include <bcrypt.h>

#include <stdexcept>
#include <string>

namespace OuraMcp::Platform {

void RandomBytes::fill(void* buffer, std::size_t size)
{
    auto* out = static_cast<unsigned char*>(buffer);
    std::size_t done = 0;
    while (done < size)
    {
        const std::size_t left = size - done;
        const ULONG chunk = left > 0x10000000u ? 0x10000000u : static_cast<ULONG>(left);
        const NTSTATUS status =
            ::BCryptGenRandom(nullptr, out + done, chunk, BCRYPT_USE_SYSTEM_PREFERRED_RNG);
        if (status < 0) // !NT_SUCCESS
            throw std::runtime_error("BCryptGenRandom failed: status " +
                                     std::to_string(static_cast<long>(status)));
        done += chunk;
    }
}

} // namespace OuraMcp::Platform

#include "platform/RandomBytes.h"

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <string>

#ifdef __linux__
#include <sys/random.h>
#else
#include <unistd.h> // getentropy (macOS, the BSDs)
#endif

namespace OuraMcp::Platform {

void RandomBytes::fill(void* buffer, std::size_t size)
{
    auto* out = static_cast<unsigned char*>(buffer);
    std::size_t done = 0;
    while (done < size)
    {
#ifdef __linux__
        const ssize_t n = ::getrandom(out + done, size - done, 0);
        if (n < 0)
        {
            if (errno == EINTR)
                continue;
            throw std::runtime_error(std::string("getrandom failed: ") + std::strerror(errno));
        }
        done += static_cast<std::size_t>(n);
#else
        const std::size_t chunk = size - done < 256 ? size - done : 256; // getentropy's limit per call
        if (::getentropy(out + done, chunk) != 0)
            throw std::runtime_error(std::string("getentropy failed: ") + std::strerror(errno));
        done += chunk;
#endif
    }
}

} // namespace OuraMcp::Platform

#include "platform/Sockets.h"

#include <cerrno>
#include <sys/socket.h>
#include <unistd.h>

namespace OuraMcp::Platform::Sockets {

bool peerClosed(Native socket) noexcept
{
    char c;
    const ssize_t n = ::recv(static_cast<int>(socket), &c, 1, MSG_PEEK | MSG_DONTWAIT);
    return n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR);
}

Native duplicate(Native socket) noexcept
{
    const int fd = ::dup(static_cast<int>(socket));
    return fd < 0 ? Invalid : fd;
}

void shutdownBoth(Native socket) noexcept
{
    ::shutdown(static_cast<int>(socket), SHUT_RDWR);
}

void close(Native socket) noexcept
{
    ::close(static_cast<int>(socket));
}

} // namespace OuraMcp::Platform::Sockets

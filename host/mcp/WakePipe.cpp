#include "mcp/WakePipe.h"

#include <cerrno>
#include <fcntl.h>
#include <stdexcept>
#include <string>
#include <unistd.h>

namespace OuraMcp::Mcp {

WakePipe::WakePipe()
{
    int fds[2];
    if (::pipe(fds) != 0)
        throw std::runtime_error("cannot create the wake-up pipe: errno " + std::to_string(errno));
    for (int fd : fds)
    {
        ::fcntl(fd, F_SETFD, FD_CLOEXEC);
        ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK);
    }
    _read = fds[0];
    _write = fds[1];
}

WakePipe::~WakePipe()
{
    ::close(_read);
    ::close(_write);
}

void WakePipe::signal() noexcept
{
    if (_signalled.exchange(true))
        return;
    const char byte = 1;
    // One byte is enough: nobody ever drains it. A full pipe (EAGAIN) cannot happen with one byte.
    while (::write(_write, &byte, 1) < 0 && errno == EINTR)
    {}
}

} // namespace OuraMcp::Mcp

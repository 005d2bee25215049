#include "platform/StopSignal.h"
#include "platform/StopSignalNative.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <stdexcept>
#include <string>
#include <unistd.h>

namespace OuraMcp::Platform {

StopSignal::StopSignal() : _native(std::make_unique<Native>())
{
    int fds[2];
    if (::pipe(fds) != 0)
        throw std::runtime_error(std::string("cannot create the stop pipe: ") + std::strerror(errno));
    for (int fd : fds)
    {
        ::fcntl(fd, F_SETFD, FD_CLOEXEC);
        ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK);
    }
    _native->readFd = fds[0];
    _native->writeFd = fds[1];
}

StopSignal::~StopSignal()
{
    ::close(_native->readFd);
    ::close(_native->writeFd);
}

void StopSignal::raise() noexcept
{
    if (_raised.exchange(true))
        return;
    const char byte = 1;
    // One byte is enough: nobody ever drains it, so the read end stays readable for good.
    while (::write(_native->writeFd, &byte, 1) < 0 && errno == EINTR)
    {}
}

} // namespace OuraMcp::Platform

#include "platform/Pipe.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <stdexcept>
#include <string>
#include <unistd.h>

namespace OuraMcp::Platform {

Pipe::Pipe()
{
    int fds[2];
#ifdef __APPLE__
    if (::pipe(fds) != 0)
        throw std::runtime_error(std::string("cannot create a pipe: ") + std::strerror(errno));
    ::fcntl(fds[0], F_SETFD, FD_CLOEXEC);
    ::fcntl(fds[1], F_SETFD, FD_CLOEXEC);
#else
    if (::pipe2(fds, O_CLOEXEC) != 0)
        throw std::runtime_error(std::string("cannot create a pipe: ") + std::strerror(errno));
#endif
    _read = fds[0];
    _write = fds[1];
}

Pipe::~Pipe()
{
    closeRead();
    closeWrite();
}

std::size_t Pipe::read(char* buffer, std::size_t size)
{
    for (;;)
    {
        const ssize_t n = ::read(_read, buffer, size);
        if (n >= 0)
            return static_cast<std::size_t>(n);
        if (errno != EINTR)
            throw std::runtime_error(std::string("cannot read a pipe: ") + std::strerror(errno));
    }
}

void Pipe::write(const char* data, std::size_t size)
{
    std::size_t done = 0;
    while (done < size)
    {
        const ssize_t n = ::write(_write, data + done, size - done);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            throw std::runtime_error(std::string("cannot write a pipe: ") +
                                     (n < 0 ? std::strerror(errno) : "nothing written"));
        done += static_cast<std::size_t>(n);
    }
}

void Pipe::closeRead() noexcept
{
    if (_read != Closed)
        ::close(_read);
    _read = Closed;
}

void Pipe::closeWrite() noexcept
{
    if (_write != Closed)
        ::close(_write);
    _write = Closed;
}

} // namespace OuraMcp::Platform

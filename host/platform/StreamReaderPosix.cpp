#include "platform/StreamReader.h"

#include "platform/StopSignal.h"
#include "platform/StopSignalNative.h"

#include <cerrno>
#include <poll.h>
#include <unistd.h>

namespace OuraMcp::Platform {

struct StreamReader::State
{};

StreamReader::StreamReader(NativeStream stream, const StopSignal& stop) : _stream(stream), _stop(stop) {}

StreamReader::~StreamReader() = default;

StreamReader::Status StreamReader::read(char* buffer, std::size_t capacity, std::size_t& count)
{
    count = 0;
    const int fd = static_cast<int>(_stream);
    for (;;)
    {
        pollfd fds[2] = {{_stop.native().readFd, POLLIN, 0}, {fd, POLLIN, 0}};
        const int ready = ::poll(fds, 2, -1);
        if (ready < 0)
        {
            if (errno == EINTR)
                continue;
            return Status::End;
        }
        if (fds[0].revents & POLLIN)
            return Status::Stopped;
        if (fds[1].revents & POLLNVAL)
            return Status::End;
        if (fds[1].revents & (POLLIN | POLLHUP | POLLERR))
        {
            const ssize_t n = ::read(fd, buffer, capacity);
            if (n < 0)
            {
                if (errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK)
                    continue;
                return Status::End;
            }
            if (n == 0)
                return Status::End;
            count = static_cast<std::size_t>(n);
            return Status::Data;
        }
    }
}

} // namespace OuraMcp::Platform

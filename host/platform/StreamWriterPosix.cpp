#include "platform/StreamWriter.h"

#include "platform/StopSignal.h"
#include "platform/StopSignalNative.h"

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstring>
#include <poll.h>
#include <sys/stat.h>
#include <unistd.h>

namespace OuraMcp::Platform {

struct StreamWriter::State
{};

StreamWriter::StreamWriter(NativeStream stream, const StopSignal& stop) : _stream(stream), _stop(stop)
{
    // A pipe or socket reports POLLOUT once PIPE_BUF bytes fit; writing at most that much after POLLOUT never
    // blocks, which keeps a stalled client from pinning the writer forever.
    struct stat st;
    if (::fstat(static_cast<int>(stream), &st) == 0 && (S_ISFIFO(st.st_mode) || S_ISSOCK(st.st_mode)))
        _chunk = PIPE_BUF;
}

StreamWriter::~StreamWriter() = default;

StreamWriter::Status StreamWriter::write(const char* data, std::size_t size, std::size_t& written)
{
    const int fd = static_cast<int>(_stream);
    written = 0;
    while (written < size)
    {
        pollfd fds[2] = {{fd, POLLOUT, 0}, {_stop.native().readFd, POLLIN, 0}};
        const int ready = ::poll(fds, 2, -1);
        if (ready < 0)
        {
            if (errno == EINTR)
                continue;
            _error = std::string("poll: ") + std::strerror(errno);
            return Status::Failed;
        }
        if (fds[0].revents & POLLOUT)
        {
            const std::size_t n = std::min(_chunk, size - written);
            const ssize_t done = ::write(fd, data + written, n);
            if (done < 0)
            {
                if (errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK)
                    continue;
                _error = std::string("write: ") + std::strerror(errno);
                return Status::Failed;
            }
            written += static_cast<std::size_t>(done);
            continue;
        }
        if (fds[0].revents & (POLLERR | POLLHUP | POLLNVAL))
        {
            _error = "hang-up";
            return Status::Failed;
        }
        if (fds[1].revents & POLLIN)
            return Status::Stopped;
    }
    return Status::Written;
}

} // namespace OuraMcp::Platform

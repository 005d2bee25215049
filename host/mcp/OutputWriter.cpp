#include "mcp/OutputWriter.h"

#include "mcp/WakePipe.h"
#include "util/Log.h"

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstring>
#include <poll.h>
#include <sys/stat.h>
#include <unistd.h>

namespace OuraMcp::Mcp {

OutputWriter::OutputWriter(int fd, WakePipe& wake) : _fd(fd), _wake(&wake), _chunk(1 << 20)
{
    // A pipe or socket reports POLLOUT once PIPE_BUF bytes fit; writing at most that much after POLLOUT
    // never blocks, which keeps a stalled client from pinning the writer (and run()) forever.
    struct stat st;
    if (::fstat(fd, &st) == 0 && (S_ISFIFO(st.st_mode) || S_ISSOCK(st.st_mode)))
        _chunk = PIPE_BUF;
}

bool OutputWriter::write(const Json& message)
{
    std::string text;
    try
    {
        text = message.dump(-1, ' ', false, Json::error_handler_t::replace);
    }
    catch (const std::exception& e)
    {
        Util::Log::error("mcp", std::string("cannot serialise an outgoing message: ") + e.what());
        return false;
    }
    return writeLine(std::move(text));
}

bool OutputWriter::write(const Response& response)
{
    std::string text;
    try
    {
        text = response.text();
    }
    catch (const std::exception& e)
    {
        Util::Log::error("mcp", std::string("cannot serialise an outgoing message: ") + e.what());
        return false;
    }
    return writeLine(std::move(text));
}

bool OutputWriter::writeLine(std::string text)
{
    text.push_back('\n');
    std::string failure;
    bool ok;
    {
        std::lock_guard<std::mutex> lock(_mutex);
        if (_closed || _broken.load())
            return false;
        ok = writeLocked(text);
        if (!ok && _broken.load())
            failure = "the MCP output failed; stopping";
    }
    // Logged outside the lock: the log listener may forward log lines through this very writer.
    if (!failure.empty())
        Util::Log::warning("mcp", failure);
    return ok;
}

bool OutputWriter::writeLocked(const std::string& text)
{
    std::size_t offset = 0;
    while (offset < text.size())
    {
        pollfd fds[2] = {{_fd, POLLOUT, 0}, {_wake->fd(), POLLIN, 0}};
        const int ready = ::poll(fds, 2, -1);
        if (ready < 0)
        {
            if (errno == EINTR)
                continue;
            fail("poll");
            return false;
        }
        if (fds[0].revents & POLLOUT)
        {
            const std::size_t n = std::min(_chunk, text.size() - offset);
            const ssize_t written = ::write(_fd, text.data() + offset, n);
            if (written < 0)
            {
                if (errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK)
                    continue;
                fail("write");
                return false;
            }
            offset += static_cast<std::size_t>(written);
            continue;
        }
        if (fds[0].revents & (POLLERR | POLLHUP | POLLNVAL))
        {
            fail("hang-up");
            return false;
        }
        if (fds[1].revents & POLLIN)
        {
            // Stopping and the client does not read: give up. A half-written line would corrupt the
            // framing of anything after it, so the writer is finished in that case.
            if (offset > 0)
                fail("abandoned");
            return false;
        }
    }
    return true;
}

void OutputWriter::fail(const std::string&)
{
    _broken.store(true);
    _wake->signal();
}

void OutputWriter::close()
{
    std::lock_guard<std::mutex> lock(_mutex);
    _closed = true;
}

} // namespace OuraMcp::Mcp

#include "mcp/LineReader.h"

#include <algorithm>
#include <cerrno>
#include <poll.h>
#include <unistd.h>

namespace OuraMcp::Mcp {

namespace {

constexpr std::size_t ReadChunk = 64 * 1024;

bool isBlank(const std::string& line)
{
    return std::all_of(line.begin(), line.end(),
                       [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; });
}

} // namespace

LineReader::LineReader(int fd, int wakeFd, std::size_t maxLineBytes)
    : _fd(fd), _wakeFd(wakeFd), _max(maxLineBytes)
{}

LineReader::Result LineReader::next(std::string& line)
{
    for (;;)
    {
        const std::size_t newline = _buffer.find('\n', _scan);
        if (newline != std::string::npos)
        {
            const std::size_t begin = _start;
            _start = _scan = newline + 1;
            if (_skipping)
            {
                _skipping = false;
                continue;
            }
            std::size_t end = newline;
            if (end > begin && _buffer[end - 1] == '\r')
                --end;
            if (end - begin > _max)
                return Result::Oversize;
            line.assign(_buffer, begin, end - begin);
            if (isBlank(line))
                continue;
            return Result::Line;
        }
        _scan = _buffer.size();
        const std::size_t pending = _buffer.size() - _start;
        if (_skipping)
        {
            _buffer.clear();
            _start = _scan = 0;
        }
        else if (pending > _max + 1) // + 1: the line may still end in "\r\n"
        {
            _buffer.clear();
            _start = _scan = 0;
            _skipping = true;
            return Result::Oversize;
        }
        if (_eof)
        {
            // A last line without a newline is still a message.
            if (!_skipping && _start < _buffer.size())
            {
                line.assign(_buffer, _start, std::string::npos);
                _buffer.clear();
                _start = _scan = 0;
                if (!line.empty() && line.back() == '\r')
                    line.pop_back();
                if (line.size() > _max)
                    return Result::Oversize;
                if (!isBlank(line))
                    return Result::Line;
            }
            return Result::End;
        }
        switch (fill())
        {
        case Fill::Data:
            break;
        case Fill::End:
            _eof = true;
            break;
        case Fill::Stopped:
            return Result::Stopped;
        }
    }
}

LineReader::Fill LineReader::fill()
{
    if (_start > 0)
    {
        _buffer.erase(0, _start);
        _scan -= _start;
        _start = 0;
    }
    for (;;)
    {
        pollfd fds[2] = {{_wakeFd, POLLIN, 0}, {_fd, POLLIN, 0}};
        const int ready = ::poll(fds, 2, -1);
        if (ready < 0)
        {
            if (errno == EINTR)
                continue;
            return Fill::End;
        }
        if (fds[0].revents & POLLIN)
            return Fill::Stopped;
        if (fds[1].revents & POLLNVAL)
            return Fill::End;
        if (fds[1].revents & (POLLIN | POLLHUP | POLLERR))
        {
            const std::size_t old = _buffer.size();
            _buffer.resize(old + ReadChunk);
            const ssize_t n = ::read(_fd, &_buffer[old], ReadChunk);
            if (n < 0)
            {
                _buffer.resize(old);
                if (errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK)
                    continue;
                return Fill::End;
            }
            _buffer.resize(old + static_cast<std::size_t>(n));
            return n == 0 ? Fill::End : Fill::Data;
        }
    }
}

} // namespace OuraMcp::Mcp

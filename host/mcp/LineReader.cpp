#include "mcp/LineReader.h"

#include <algorithm>

namespace OuraMcp::Mcp {

namespace {

constexpr std::size_t ReadChunk = 64 * 1024;

bool isBlank(const std::string& line)
{
    return std::all_of(line.begin(), line.end(),
                       [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; });
}

} // namespace

LineReader::LineReader(Platform::NativeStream stream, const Platform::StopSignal& stop,
                       std::size_t maxLineBytes)
    : _reader(stream, stop), _max(maxLineBytes)
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
    const std::size_t old = _buffer.size();
    _buffer.resize(old + ReadChunk);
    std::size_t count = 0;
    const Platform::StreamReader::Status status = _reader.read(&_buffer[old], ReadChunk, count);
    _buffer.resize(old + count);
    switch (status)
    {
    case Platform::StreamReader::Status::Data:
        return Fill::Data;
    case Platform::StreamReader::Status::Stopped:
        return Fill::Stopped;
    case Platform::StreamReader::Status::End:
        break;
    }
    return Fill::End;
}

} // namespace OuraMcp::Mcp

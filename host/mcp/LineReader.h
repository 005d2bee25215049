#pragma once

#include "platform/StreamReader.h"

#include <cstddef>
#include <string>

namespace OuraMcp::Mcp {

/// Splits the MCP input into lines. Reads through Platform::StreamReader so that a stop interrupts a blocked
/// read; accepts LF and CRLF, skips blank lines, and copes with reads that end mid-line. A line
/// longer than the limit is reported once (Oversize) and then skipped up to its newline without ever being
/// buffered whole, so a hostile or broken client cannot make the server allocate without bound.
class LineReader
{
public:
    enum class Result
    {
        Line,     ///< line holds one complete, non-blank line without its line ending
        Oversize, ///< a line exceeded the limit; the rest of it is skipped
        End,      ///< end of input (or a read error)
        Stopped   ///< the stop signal was raised
    };

    LineReader(Platform::NativeStream stream, const Platform::StopSignal& stop, std::size_t maxLineBytes);

    Result next(std::string& line);

private:
    enum class Fill
    {
        Data,
        End,
        Stopped
    };
    Fill fill();

    Platform::StreamReader _reader;
    std::size_t _max;
    std::string _buffer;
    std::size_t _start = 0; ///< first byte of the current (unfinished) line in _buffer
    std::size_t _scan = 0;  ///< where to continue looking for '\n'
    bool _skipping = false; ///< inside an oversize line, discarding up to its newline
    bool _eof = false;
};

} // namespace OuraMcp::Mcp

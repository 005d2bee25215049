#pragma once

#include "platform/StandardStreams.h"

#include <cstddef>
#include <memory>

namespace OuraMcp::Platform {

class StopSignal;

/// Reads a stream (stdin, a pipe) in a way a StopSignal interrupts: a blocked read returns Stopped as soon as
/// the signal is raised. POSIX: poll() on the stream and the signal's pipe, then read(). Windows: anonymous
/// pipes cannot be waited for, so a reader thread of its own does the blocking ReadFile calls and hands the bytes
/// over (at most 1 MiB read ahead); read() waits for those bytes or the stop event. Not thread-safe: one thread
/// reads. The stream is not closed.
class StreamReader
{
public:
    enum class Status
    {
        Data,   ///< count > 0 bytes were read
        End,    ///< end of the stream, or a read error
        Stopped ///< the stop signal is raised (checked before data: a stop wins)
    };

    StreamReader(NativeStream stream, const StopSignal& stop);
    ~StreamReader();
    StreamReader(const StreamReader&) = delete;
    StreamReader& operator=(const StreamReader&) = delete;

    Status read(char* buffer, std::size_t capacity, std::size_t& count);
    /// Blocks until some bytes, the end or a stop.

    struct State;

private:
    NativeStream _stream;
    const StopSignal& _stop;
    std::shared_ptr<State> _state; ///< Windows: shared with the reader thread, which may outlive this object
};

} // namespace OuraMcp::Platform

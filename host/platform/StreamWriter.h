#pragma once

#include "platform/StandardStreams.h"

#include <cstddef>
#include <memory>
#include <string>

namespace OuraMcp::Platform {

class StopSignal;

/// Writes a stream (stdout, a pipe) in a way a StopSignal interrupts, so a client that stops reading cannot pin
/// the writer forever. POSIX: poll() for POLLOUT next to the signal's pipe and writes of at most PIPE_BUF bytes
/// to a pipe or socket (which then never block). Windows: a writer thread of its own does the blocking
/// WriteFile calls; write() waits for it or for the stop event. One write at a time (callers serialise).
class StreamWriter
{
public:
    enum class Status
    {
        Written, ///< every byte was written
        Failed,  ///< the stream failed (closed by the reader, an error): error() says how
        Stopped  ///< the stop signal was raised before every byte was written; written says how many were
    };

    StreamWriter(NativeStream stream, const StopSignal& stop);
    ~StreamWriter();
    StreamWriter(const StreamWriter&) = delete;
    StreamWriter& operator=(const StreamWriter&) = delete;

    Status write(const char* data, std::size_t size, std::size_t& written);

    const std::string& error() const noexcept { return _error; }
    /// What failed ("write: Broken pipe", "hang-up"), after Failed.

    struct State;

private:
    NativeStream _stream;
    const StopSignal& _stop;
    std::string _error;
    std::size_t _chunk = 1 << 20;
    std::shared_ptr<State> _state; ///< Windows: shared with the writer thread
};

} // namespace OuraMcp::Platform

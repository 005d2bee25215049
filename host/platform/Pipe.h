#pragma once

#include "platform/StandardStreams.h"

#include <cstddef>

namespace OuraMcp::Platform {

/// An anonymous, one-way, blocking pipe inside this process (e.g. a thread that serves MCP on one pipe for
/// input and one for output): POSIX pipe2(O_CLOEXEC), Windows CreatePipe. Neither end is inherited by
/// child processes. Reads and writes of the two ends may happen on two threads; each end's close must not
/// race with an operation on that same end.
class Pipe
{
public:
#ifdef _WIN32
    using Handle = void*; ///< a Windows HANDLE
    static constexpr Handle Closed = nullptr;
#else
    using Handle = int; ///< a file descriptor
    static constexpr Handle Closed = -1;
#endif

    Pipe();
    /// Throws std::runtime_error if the system has no pipe to give.
    ~Pipe();
    Pipe(const Pipe&) = delete;
    Pipe& operator=(const Pipe&) = delete;

    NativeStream readEnd() const
    {
        return asStream(_read);
    }
    NativeStream writeEnd() const
    {
        return asStream(_write);
    }
    /// The native ends as streams, for the platform's stream classes (StreamReader, StreamWriter: e.g.
    /// Mcp::Server::run); the Closed handle's value once closed. Still owned by the Pipe.

    static NativeStream asStream(Handle end)
    {
#ifdef _WIN32
        return reinterpret_cast<NativeStream>(end);
#else
        return end;
#endif
    }
    /// A handle as the integer the stream classes take (asStream(Closed) is what a closed end reads as).

    std::size_t read(char* buffer, std::size_t size);
    /// Blocks until there is something to read; 0 at the end (every write end closed). Throws on an error.

    void write(const char* data, std::size_t size);
    /// All of it, blocking while the pipe is full. Throws std::runtime_error when the read end is closed
    /// (POSIX: EPIPE, SIGPIPE being ignored by the host; Windows: ERROR_NO_DATA / ERROR_BROKEN_PIPE).

    void closeRead() noexcept;
    void closeWrite() noexcept;
    /// Closing the write end is how the reader learns of the end. Both may be called more than once.

private:
    Handle _read = Closed;
    Handle _write = Closed;
};

} // namespace OuraMcp::Platform

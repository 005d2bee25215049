#pragma once

namespace OuraMcp::Platform {

/// Writing to a pipe or socket whose reader is gone.
class BrokenPipe
{
public:
    static void ignoreSignal() noexcept;
    /// POSIX: sets SIGPIPE to ignored if it still has its default action (a vanished client must not kill the
    /// process; the write fails with EPIPE instead). Windows has no such signal: nothing.
};

} // namespace OuraMcp::Platform

#pragma once

#include <atomic>

namespace OuraMcp::Mcp {

/// A self-pipe that wakes every poll() of the engine (the line reader and the output writer) when the
/// server has to stop. Signalling is sticky: once signalled, the read end stays readable for good, so a
/// stop can never be missed by a thread that starts polling later.
class WakePipe
{
public:
    WakePipe();
    ~WakePipe();
    WakePipe(const WakePipe&) = delete;
    WakePipe& operator=(const WakePipe&) = delete;

    void signal() noexcept;
    /// Thread-safe; callable any number of times.

    bool signalled() const noexcept { return _signalled.load(); }

    int fd() const noexcept { return _read; }
    /// The read end, to poll for POLLIN.

private:
    int _read = -1;
    int _write = -1;
    std::atomic<bool> _signalled{false};
};

} // namespace OuraMcp::Mcp

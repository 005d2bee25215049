#pragma once

#include <atomic>
#include <memory>

namespace OuraMcp::Platform {

/// A sticky, thread-safe "stop now" flag that also wakes every blocking wait of the stdio engine: the input
/// reader and the output writer (StdInput, StdOutput) return Stopped as soon as it is raised. On POSIX it is a
/// self-pipe polled next to the stream; on Windows a manual-reset event waited for next to the stream's own
/// thread. Once raised it stays raised, so a thread that starts waiting later cannot miss it.
class StopSignal
{
public:
    StopSignal();
    ~StopSignal();
    StopSignal(const StopSignal&) = delete;
    StopSignal& operator=(const StopSignal&) = delete;

    void raise() noexcept;
    /// Callable from any thread, any number of times.

    bool raised() const noexcept { return _raised.load(); }

    struct Native;
    Native& native() const noexcept { return *_native; }
    /// For the platform room's own stream classes only.

private:
    std::unique_ptr<Native> _native;
    std::atomic<bool> _raised{false};
};

} // namespace OuraMcp::Platform

#pragma once

namespace OuraMcp::Platform {

/// Process ids: ours, and whether another one still runs (to tell a stale file of a dead process from the
/// file of a live one that is busy with it).
class Process
{
public:
    static long currentId() noexcept;

    static bool alive(long pid) noexcept;
    /// false only when the system says no process has that id (POSIX: kill(pid, 0) fails with ESRCH;
    /// Windows: OpenProcess finds none, or the process has exited). A process we may not signal or open
    /// counts as alive. pid <= 0 is never alive.
};

} // namespace OuraMcp::Platform

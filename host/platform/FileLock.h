#pragma once

#include <cstdint>
#include <string>

namespace OuraMcp::Platform {

/// An exclusive lock on a file (created private if missing, its contents unused), held for the lifetime of
/// the object, between processes and between two FileLocks of one process alike. POSIX: flock(2) on a
/// descriptor of our own; Windows: LockFileEx over the whole file. The system releases it when the process
/// dies, so a crash never leaves it held.
class FileLock
{
public:
    enum class Wait
    {
        UntilFree, ///< block until the lock is ours
        No         ///< take it only if it is free right now
    };

    explicit FileLock(const std::string& path, Wait wait = Wait::UntilFree);
    /// Never throws: see held() and problem().
    ~FileLock();
    FileLock(const FileLock&) = delete;
    FileLock& operator=(const FileLock&) = delete;

    bool held() const { return _handle != -1; }

    bool opened() const { return _opened; }
    /// Whether the lock file could be opened (or created); false e.g. when its folder does not exist.

    const std::string& problem() const { return _problem; }
    /// Why the lock is not held ("" when it is): "cannot open <path>: <reason>", "cannot lock <path>:
    /// <reason>", or "<path> is locked" (Wait::No).

private:
    std::intptr_t _handle = -1; ///< a file descriptor, or a Windows HANDLE (INVALID_HANDLE_VALUE is -1 too)
    bool _opened = false;
    std::string _problem;
};

} // namespace OuraMcp::Platform

#pragma once

#include <functional>
#include <memory>
#include <string>

namespace OuraMcp::Platform {

/// The requests to stop that come from outside: SIGTERM and SIGINT on POSIX; Ctrl+C, Ctrl+Break and closing the
/// console window on Windows. Create it before any other thread starts (POSIX blocks the signals in every thread
/// created afterwards, so that only the watcher sees them), then watch() with what stopping means. Destroying it
/// ends the watcher. One per process.
class TerminationSignals
{
public:
    TerminationSignals();
    ~TerminationSignals();
    TerminationSignals(const TerminationSignals&) = delete;
    TerminationSignals& operator=(const TerminationSignals&) = delete;

    void watch(std::function<void(const std::string& what)> stop);
    /// Calls stop once, on a thread of its own, with what was received ("SIGTERM", "SIGINT", "Ctrl+C", ...).

    struct Native;

private:
    std::unique_ptr<Native> _native;
};

} // namespace OuraMcp::Platform

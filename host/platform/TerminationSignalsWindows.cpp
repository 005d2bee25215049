#include "platform/TerminationSignals.h"

#include <windows.h>

#include <atomic>
#include <mutex>

namespace OuraMcp::Platform {

namespace {

// A console control handler has no context argument, so the one watcher of the process lives here.
std::mutex watcherMutex;
std::function<void(const std::string&)> watcherStop;
std::atomic<bool> stopped{false};

BOOL WINAPI onConsoleControl(DWORD type)
{
    const char* what = nullptr;
    switch (type)
    {
    case CTRL_C_EVENT:
        what = "Ctrl+C";
        break;
    case CTRL_BREAK_EVENT:
        what = "Ctrl+Break";
        break;
    case CTRL_CLOSE_EVENT:
        what = "console closed";
        break;
    case CTRL_LOGOFF_EVENT:
    case CTRL_SHUTDOWN_EVENT:
        what = "logoff or shutdown";
        break;
    default:
        return FALSE;
    }
    std::function<void(const std::string&)> stop;
    {
        std::lock_guard<std::mutex> lock(watcherMutex);
        stop = watcherStop;
    }
    if (!stop || stopped.exchange(true))
        return TRUE;
    // Windows runs this handler on a thread of its own already; stop() only asks the server to return.
    stop(what);
    return TRUE;
}

} // namespace

struct TerminationSignals::Native
{
    bool installed = false;
};

TerminationSignals::TerminationSignals() : _native(std::make_unique<Native>()) {}

TerminationSignals::~TerminationSignals()
{
    if (_native->installed)
        ::SetConsoleCtrlHandler(&onConsoleControl, FALSE);
    std::lock_guard<std::mutex> lock(watcherMutex);
    watcherStop = nullptr;
}

void TerminationSignals::watch(std::function<void(const std::string& what)> stop)
{
    {
        std::lock_guard<std::mutex> lock(watcherMutex);
        watcherStop = std::move(stop);
    }
    _native->installed = ::SetConsoleCtrlHandler(&onConsoleControl, TRUE) != 0;
}

} // namespace OuraMcp::Platform

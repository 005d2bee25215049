#include "platform/TerminationSignals.h"

#include <csignal>
#include <pthread.h>
#include <thread>

namespace OuraMcp::Platform {

struct TerminationSignals::Native
{
    sigset_t signals;
    std::thread watcher;
};

TerminationSignals::TerminationSignals() : _native(std::make_unique<Native>())
{
    sigemptyset(&_native->signals);
    sigaddset(&_native->signals, SIGTERM);
    sigaddset(&_native->signals, SIGINT);
    sigaddset(&_native->signals, SIGUSR2); // private wake-up of the watcher when the program ends normally
    pthread_sigmask(SIG_BLOCK, &_native->signals, nullptr);
}

TerminationSignals::~TerminationSignals()
{
    if (_native->watcher.joinable())
    {
        pthread_kill(_native->watcher.native_handle(), SIGUSR2);
        _native->watcher.join();
    }
}

void TerminationSignals::watch(std::function<void(const std::string& what)> stop)
{
    const sigset_t signals = _native->signals;
    _native->watcher = std::thread([stop = std::move(stop), signals] {
        int sig = 0;
        if (sigwait(&signals, &sig) == 0 && sig != SIGUSR2)
            stop(sig == SIGTERM ? "SIGTERM" : "SIGINT");
    });
}

} // namespace OuraMcp::Platform

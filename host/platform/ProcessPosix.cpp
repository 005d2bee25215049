#include "platform/Process.h"

#include <cerrno>
#include <csignal>
#include <unistd.h>

namespace OuraMcp::Platform {

long Process::currentId() noexcept
{
    return static_cast<long>(::getpid());
}

bool Process::alive(long pid) noexcept
{
    if (pid <= 0 || static_cast<long>(static_cast<pid_t>(pid)) != pid)
        return false;
    return ::kill(static_cast<pid_t>(pid), 0) == 0 || errno != ESRCH;
}

} // namespace OuraMcp::Platform

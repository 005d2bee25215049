#include "platform/StandardStreams.h"

#include <csignal>
#include <unistd.h>

namespace OuraMcp::Platform {

NativeStream standardInput() noexcept
{
    return STDIN_FILENO;
}

NativeStream standardOutput() noexcept
{
    return STDOUT_FILENO;
}

void ignoreBrokenPipes() noexcept
{
    struct sigaction current = {};
    if (::sigaction(SIGPIPE, nullptr, &current) == 0 && current.sa_handler == SIG_DFL)
    {
        struct sigaction ignore = {};
        ignore.sa_handler = SIG_IGN;
        ::sigaction(SIGPIPE, &ignore, nullptr);
    }
}

} // namespace OuraMcp::Platform

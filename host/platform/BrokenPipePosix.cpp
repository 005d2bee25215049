#include "platform/BrokenPipe.h"

#include <csignal>

namespace OuraMcp::Platform {

void BrokenPipe::ignoreSignal() noexcept
{
    struct sigaction current;
    if (::sigaction(SIGPIPE, nullptr, &current) == 0 && current.sa_handler == SIG_DFL)
        std::signal(SIGPIPE, SIG_IGN);
}

} // namespace OuraMcp::Platform

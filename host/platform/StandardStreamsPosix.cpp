#include "platform/StandardStreams.h"

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

} // namespace OuraMcp::Platform

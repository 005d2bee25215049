#include "platform/StandardStreams.h"

#include <windows.h>

namespace OuraMcp::Platform {

NativeStream standardInput() noexcept
{
    return reinterpret_cast<NativeStream>(::GetStdHandle(STD_INPUT_HANDLE));
}

NativeStream standardOutput() noexcept
{
    return reinterpret_cast<NativeStream>(::GetStdHandle(STD_OUTPUT_HANDLE));
}

} // namespace OuraMcp::Platform

#pragma once

// The operating system's side of a StopSignal, for the platform room's stream classes (StdInput, StdOutput).

#include "platform/StopSignal.h"

#ifdef _WIN32
#include <windows.h>
#endif

namespace OuraMcp::Platform {

struct StopSignal::Native
{
#ifdef _WIN32
    HANDLE event = nullptr; ///< manual-reset, set by raise()
#else
    int readFd = -1; ///< readable once raised; poll() it next to the stream
    int writeFd = -1;
#endif
};

} // namespace OuraMcp::Platform

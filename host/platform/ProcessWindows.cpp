#include "platform/Process.h"

#include <windows.h>

namespace OuraMcp::Platform {

long Process::currentId() noexcept
{
    return static_cast<long>(::GetCurrentProcessId());
}

bool Process::alive(long pid) noexcept
{
    if (pid <= 0)
        return false;
    HANDLE process =
        ::OpenProcess(PROCESS_QUERY_LIMITED_INFORMATION | SYNCHRONIZE, FALSE, static_cast<DWORD>(pid));
    if (process == nullptr)
    {
        // No such process is ERROR_INVALID_PARAMETER; anything else (access denied: another user's
        // process, a protected one) means it exists.
        return ::GetLastError() != ERROR_INVALID_PARAMETER;
    }
    // A process that has exited keeps its id while a handle to it is open somewhere.
    const bool running = ::WaitForSingleObject(process, 0) == WAIT_TIMEOUT;
    ::CloseHandle(process);
    return running;
}

} // namespace OuraMcp::Platform

#include "platform/FileLock.h"

#include "platform/PrivateFileNative.h"
#include "platform/WindowsText.h"

#include <windows.h>

namespace OuraMcp::Platform {

FileLock::FileLock(const std::string& path, Wait wait)
{
    Windows::PrivateSecurity security(Windows::PrivateSecurity::For::File);
    HANDLE file = ::CreateFileW(Windows::wide(path).c_str(), GENERIC_READ | GENERIC_WRITE,
                                FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, security.get(),
                                OPEN_ALWAYS, FILE_ATTRIBUTE_NORMAL, nullptr);
    if (file == INVALID_HANDLE_VALUE)
    {
        _problem = "cannot open " + path + ": " + Windows::errorText(::GetLastError());
        return;
    }
    _opened = true;
    OVERLAPPED whole{}; // from offset 0, the largest length: the whole file, however it grows
    const DWORD flags = LOCKFILE_EXCLUSIVE_LOCK | (wait == Wait::No ? LOCKFILE_FAIL_IMMEDIATELY : 0);
    if (!::LockFileEx(file, flags, 0, MAXDWORD, MAXDWORD, &whole))
    {
        const DWORD error = ::GetLastError();
        _problem = error == ERROR_LOCK_VIOLATION ? path + " is locked"
                                                 : "cannot lock " + path + ": " + Windows::errorText(error);
        ::CloseHandle(file);
        return;
    }
    _handle = reinterpret_cast<std::intptr_t>(file);
}

FileLock::~FileLock()
{
    if (_handle == -1)
        return;
    HANDLE file = reinterpret_cast<HANDLE>(_handle);
    OVERLAPPED whole{};
    ::UnlockFileEx(file, 0, MAXDWORD, MAXDWORD, &whole); // closing would too, but only "eventually"
    ::CloseHandle(file);
}

} // namespace OuraMcp::Platform

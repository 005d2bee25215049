#include "platform/SharedLibrary.h"

#include "platform/WideString.h"
#include "platform/WindowsErrorText.h"

#include <windows.h>

#include <utility>

namespace OuraMcp::Platform {

bool SharedLibrary::open(const std::string& path, std::string& error)
{
    close();
    // The DLLs a plugin needs come from its own folder or the system, never from the current directory or
    // PATH (where anyone could plant one). LOAD_LIBRARY_SEARCH_DLL_LOAD_DIR needs a fully qualified path.
    std::wstring widePath = widen(path);
    for (wchar_t& c : widePath)
    {
        if (c == L'/')
            c = L'\\';
    }
    // No message box for a damaged or missing DLL: the reason comes back as text instead.
    const UINT previousMode = ::SetErrorMode(SEM_FAILCRITICALERRORS | SEM_NOOPENFILEERRORBOX);
    HMODULE module = ::LoadLibraryExW(widePath.c_str(), nullptr,
                                      LOAD_LIBRARY_SEARCH_DLL_LOAD_DIR | LOAD_LIBRARY_SEARCH_DEFAULT_DIRS);
    const DWORD code = ::GetLastError();
    ::SetErrorMode(previousMode);
    if (module == nullptr)
    {
        error = windowsErrorText(code);
        // Some messages name the file as an insert ("Bad EXE format for %1."), which the text leaves open.
        if (const auto at = error.find("%1"); at != std::string::npos)
            error.replace(at, 2, path);
        return false;
    }
    _handle = module;
    return true;
}

void* SharedLibrary::symbol(const char* name) const
{
    if (_handle == nullptr)
        return nullptr;
    FARPROC address = ::GetProcAddress(static_cast<HMODULE>(_handle), name);
    return reinterpret_cast<void*>(address);
}

void SharedLibrary::close() noexcept
{
    if (_handle != nullptr)
        ::FreeLibrary(static_cast<HMODULE>(std::exchange(_handle, nullptr)));
}

const char* SharedLibrary::suffix() noexcept
{
    return ".dll";
}

} // namespace OuraMcp::Platform

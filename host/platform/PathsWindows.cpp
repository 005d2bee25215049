#include "platform/Paths.h"

#include "platform/WindowsText.h"

#include <windows.h>

namespace OuraMcp::Platform {

namespace {

bool separator(char c)
{
    return c == '\\' || c == '/';
}

} // namespace

bool Paths::isAbsolute(const std::string& path)
{
    const bool drive = path.size() >= 3 &&
                       ((path[0] >= 'A' && path[0] <= 'Z') || (path[0] >= 'a' && path[0] <= 'z')) &&
                       path[1] == ':' && separator(path[2]);
    const bool unc = path.size() >= 3 && separator(path[0]) && separator(path[1]) && !separator(path[2]);
    return drive || unc;
}

char Paths::listSeparator()
{
    return ';';
}

std::string Paths::currentDirectory()
{
    const DWORD size = ::GetCurrentDirectoryW(0, nullptr);
    if (size == 0)
        return {};
    std::wstring buffer(size, L'\0');
    const DWORD n = ::GetCurrentDirectoryW(size, buffer.data());
    if (n == 0 || n >= size)
        return {};
    buffer.resize(n);
    return Windows::narrow(buffer);
}

} // namespace OuraMcp::Platform

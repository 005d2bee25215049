#include "platform/Environment.h"

#include "platform/WindowsText.h"

#include <windows.h>

#include <cwchar>

namespace OuraMcp::Platform {

Environment::Variables Environment::current()
{
    Variables variables;
    wchar_t* block = ::GetEnvironmentStringsW();
    if (block == nullptr)
        return variables;
    for (const wchar_t* entry = block; *entry != L'\0'; entry += std::wcslen(entry) + 1)
    {
        const std::string line = Windows::narrow(entry, std::wcslen(entry));
        const auto eq = line.find('=');
        if (eq != std::string::npos && eq > 0) // "=C:=C:\\work": the shell's per-drive folders, no variable
            variables.emplace(line.substr(0, eq), line.substr(eq + 1));
    }
    ::FreeEnvironmentStringsW(block);
    return variables;
}

} // namespace OuraMcp::Platform

#include "platform/WideString.h"

#include <windows.h>

#include <climits>

namespace OuraMcp::Platform {

std::wstring widen(const std::string& utf8)
{
    if (utf8.empty() || utf8.size() > static_cast<std::size_t>(INT_MAX))
        return std::wstring();
    const int inputSize = static_cast<int>(utf8.size());
    const int size = ::MultiByteToWideChar(CP_UTF8, 0, utf8.data(), inputSize, nullptr, 0);
    if (size <= 0)
        return std::wstring();
    std::wstring out(static_cast<std::size_t>(size), L'\0');
    ::MultiByteToWideChar(CP_UTF8, 0, utf8.data(), inputSize, out.data(), size);
    return out;
}

std::string narrow(const std::wstring& utf16)
{
    if (utf16.empty() || utf16.size() > static_cast<std::size_t>(INT_MAX))
        return std::string();
    const int inputSize = static_cast<int>(utf16.size());
    const int size = ::WideCharToMultiByte(CP_UTF8, 0, utf16.data(), inputSize, nullptr, 0, nullptr, nullptr);
    if (size <= 0)
        return std::string();
    std::string out(static_cast<std::size_t>(size), '\0');
    ::WideCharToMultiByte(CP_UTF8, 0, utf16.data(), inputSize, out.data(), size, nullptr, nullptr);
    return out;
}

} // namespace OuraMcp::Platform

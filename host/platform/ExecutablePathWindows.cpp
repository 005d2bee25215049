#include "platform/ExecutablePath.h"

#include "platform/WideString.h"

#include <windows.h>

namespace OuraMcp::Platform {

const char ExecutablePath::kPathListSeparator = ';';

std::string ExecutablePath::get()
{
    // GetModuleFileNameW truncates silently when the buffer is too small (long paths exceed MAX_PATH).
    std::wstring buffer(MAX_PATH, L'\0');
    for (int attempt = 0; attempt < 8; ++attempt)
    {
        const DWORD length = ::GetModuleFileNameW(nullptr, buffer.data(), static_cast<DWORD>(buffer.size()));
        if (length == 0)
            return {};
        if (length < buffer.size())
        {
            buffer.resize(length);
            return narrow(buffer);
        }
        buffer.resize(buffer.size() * 2);
    }
    return {};
}

} // namespace OuraMcp::Platform

#include "platform/BrowserNative.h"

#include "platform/WindowsText.h"

#include <windows.h>

#include <objbase.h>
#include <shellapi.h>

namespace OuraMcp::Platform {

bool launchBrowser(const std::string& url)
{
    // The shell's documentation asks for COM on the calling thread (some URL handlers are COM objects).
    // RPC_E_CHANGED_MODE (the thread already chose the other apartment) is fine too: COM is there.
    const HRESULT com = ::CoInitializeEx(nullptr, COINIT_APARTMENTTHREADED | COINIT_DISABLE_OLE1DDE);
    const std::wstring target = Windows::wide(url);
    const HINSTANCE rc = ::ShellExecuteW(nullptr, L"open", target.c_str(), nullptr, nullptr, SW_SHOWNORMAL);
    if (SUCCEEDED(com))
        ::CoUninitialize();
    // ShellExecuteW returns a value greater than 32 on success (an HINSTANCE only for 16-bit compatibility).
    return reinterpret_cast<INT_PTR>(rc) > 32;
}

} // namespace OuraMcp::Platform

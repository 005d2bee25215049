#pragma once

#include <string>

namespace OuraMcp::Platform {

// Windows only (WideStringWindows.cpp): the host keeps text as UTF-8; the wide (...W) Windows APIs take UTF-16.

std::wstring widen(const std::string& utf8);
/// UTF-8 to UTF-16; invalid UTF-8 sequences become U+FFFD.

std::string narrow(const std::wstring& utf16);
/// UTF-16 to UTF-8; unpaired surrogates become U+FFFD.

} // namespace OuraMcp::Platform

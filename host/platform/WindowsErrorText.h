#pragma once

// Windows only (WindowsErrorText.cpp), for the platform room's own Windows sources.

#include <string>

namespace OuraMcp::Platform {

std::string windowsErrorText(unsigned long code);
/// The system's message for a GetLastError() code, in UTF-8 without the trailing line break, followed by
/// the number: "The specified module could not be found. (error 126)".

} // namespace OuraMcp::Platform

#pragma once

#include <string>

namespace OuraMcp::Platform {

bool launchBrowser(const std::string& url);
/// BrowserPosix.cpp / BrowserWindows.cpp: starts the desktop's URL opener (Browser::open checked url).

} // namespace OuraMcp::Platform

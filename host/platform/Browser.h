#pragma once

#include <string>

namespace OuraMcp::Platform {

/// The user's web browser.
class Browser
{
public:
    static bool open(const std::string& url);
    /// Asks the desktop to show url in the default browser and returns at once, without waiting for the
    /// browser: xdg-open (Linux, the BSDs) or open (macOS) started with /dev/null for its stdin, stdout and
    /// stderr (so nothing it prints reaches the MCP stream or the terminal) and reaped in the background;
    /// ShellExecuteW "open" on Windows. Only http:// and https:// URLs are passed on (the shell would run a
    /// program for a path). false when the URL is refused or the launcher could not be started; whether
    /// a browser really appeared is not known. Logs nothing (the URL carries the OAuth state).
};

} // namespace OuraMcp::Platform

#pragma once

#include <string>

namespace OuraMcp::Platform {

/// The running program's own file, for what ships beside it (bundled plugins, zoneinfo).
class ExecutablePath
{
public:
    static std::string get();
    /// The absolute path (UTF-8) of the running executable: /proc/self/exe on Linux (macOS would use
    /// _NSGetExecutablePath), GetModuleFileNameW on Windows; "" if the system cannot say.

    static const char kPathListSeparator;
    /// What separates the folders of a search path variable such as OURA_MCP_PLUGIN_PATH: ':' on POSIX,
    /// ';' on Windows (where ':' follows every drive letter), as in PATH.
};

} // namespace OuraMcp::Platform

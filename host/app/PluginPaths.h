#pragma once

#include <string>
#include <vector>

namespace OuraMcp::App {

/// Where plugins are looked for, in order: the bundled folder (found relative to the running binary, so it
/// works from the build tree and from any install prefix without an environment variable), then every
/// --plugin-dir, then every entry of OURA_MCP_PLUGIN_PATH (':'-separated; ';' on Windows), then the config
/// file's list. Paths are in the platform's native form (a Windows path keeps its drive letter).
class PluginPaths
{
public:
    static std::string executablePath();
    /// The absolute path of the running binary (Platform::ExecutablePath: /proc/self/exe, GetModuleFileNameW).

    static std::string bundledDir();
    /// <binary dir>/../lib/oura-mcp/plugins, normalised.

    static std::vector<std::string> searchPath(bool includeBundled, const std::vector<std::string>& cliDirs,
                                               const std::string& envPath,
                                               const std::vector<std::string>& configDirs);
    /// Duplicates (same normalised path) appear once, at their first position.
};

} // namespace OuraMcp::App

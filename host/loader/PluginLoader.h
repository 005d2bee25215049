#pragma once

#include "loader/HostServices.h"
#include "loader/LoadReport.h"

#include <oura_mcp/plugin_abi.h>

#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace OuraMcp::Loader {

/// Where to look for plugins and which ones to take.
struct LoaderOptions
{
    std::vector<std::string> directories;       ///< searched in order; the first plugin with an id wins
    std::optional<std::set<std::string>> allow; ///< if set, only these plugin ids load
    std::set<std::string> deny;                 ///< these plugin ids never load (wins over allow)
};

/// What the loader produced: the report, and the plugins themselves for PluginCatalog.
struct LoadResult
{
    LoadReport report;
    std::vector<std::shared_ptr<omcp_host>> plugins; ///< loaded (init succeeded), in load order
    std::vector<std::shared_ptr<omcp_host>> failed;  ///< ran init and failed: kept, never unloaded or served

    LoadResult() = default;
    LoadResult(LoadResult&&) = default;
    LoadResult& operator=(LoadResult&& other) noexcept;
    /// Shuts down the plugins this result held before taking other's.
    LoadResult(const LoadResult&) = delete;
    LoadResult& operator=(const LoadResult&) = delete;
    ~LoadResult();
    /// Shuts down the plugins still here (a result never handed to a PluginCatalog), so every successful
    /// init is matched by one shutdown whoever ends up owning the plugins.
};

void shutdownPlugins(std::vector<std::shared_ptr<omcp_host>>& plugins) noexcept;
/// Calls shutdown(state) of every running plugin, in reverse load order, once (a plugin already shut down
/// is skipped). Main thread only, with no request running.

/// Finds, checks and initialises plugin files (see plugin_abi.h section 1). For every `*.so` (`*.dll` on
/// Windows: Platform::SharedLibrary::suffix()) of every folder, in folder order and then file-name order:
/// refuse unsafe files or folders (Platform::FileTrust: on POSIX writable by group or others, or owned by
/// someone other than root and the current user, as sshd's StrictModes does; on Windows the owner and ACL
/// equivalent), load the library with every symbol resolved now (dlopen with RTLD_NOW | RTLD_LOCAL,
/// LoadLibraryExW), look up omcp_plugin_describe, validate the descriptor in the header's order, then call
/// init(). Each refused file gives exactly one error line on stderr naming the file and the reason, and
/// loading goes on with the next file. A plugin whose init() ran is never unloaded. Runs on the main thread.
class PluginLoader
{
public:
    explicit PluginLoader(HostServices services);

    LoadResult load(const LoaderOptions& options);

private:
    std::shared_ptr<const HostServices> _services;
};

} // namespace OuraMcp::Loader

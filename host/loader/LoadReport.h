#pragma once

#include <string>
#include <vector>

namespace OuraMcp::Loader {

/// What the loader did with every file it looked at; printed by `oura-mcp plugins` and used by `doctor`.
struct LoadReport
{
    struct Loaded
    {
        std::string id;
        std::string version;
        std::string description;
        std::string path;
        std::vector<std::string> tools;     ///< sorted
        std::vector<std::string> resources; ///< URIs and URI templates, sorted
        std::vector<std::string> prompts;   ///< sorted
        std::vector<std::string> scopes;    ///< as declared
    };

    struct Refused
    {
        std::string path;
        std::string reason; ///< one sentence saying what is wrong and, where possible, what to do
    };

    struct Directory
    {
        std::string path;
        bool exists = false;
    };

    std::vector<Directory> directories; ///< the folders searched, in order
    std::vector<Loaded> loaded;         ///< in load order
    std::vector<Refused> refused;       ///< files that are broken or unsafe (each also logged once)
    std::vector<Refused> skipped;       ///< files left out on purpose (allow/deny lists); not errors
};

std::string formatReport(const LoadReport& report);
/// Human-readable, stable text for `oura-mcp plugins`: folders, loaded plugins with their tools,
/// resources, prompts and scopes, then refused and skipped files. Ends with a newline.

} // namespace OuraMcp::Loader

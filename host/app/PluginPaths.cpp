#include "app/PluginPaths.h"

#include "platform/ExecutablePath.h"

#include <Poco/Path.h>
#include <Poco/StringTokenizer.h>

#include <algorithm>

namespace OuraMcp::App {

std::string PluginPaths::executablePath()
{
    return Platform::ExecutablePath::get();
}

std::string PluginPaths::bundledDir()
{
    Poco::Path exe(executablePath());
    Poco::Path dir(exe.parent());
    dir.popDirectory(); // bin/
    dir.append(Poco::Path(std::string(OURA_MCP_PLUGIN_RELATIVE_DIR) + "/", Poco::Path::PATH_UNIX));
    return dir.toString(); // native: a Windows path keeps its drive letter
}

std::vector<std::string> PluginPaths::searchPath(bool includeBundled, const std::vector<std::string>& cliDirs,
                                                 const std::string& envPath,
                                                 const std::vector<std::string>& configDirs)
{
    std::vector<std::string> out;
    auto add = [&](const std::string& dir) {
        if (dir.empty())
            return;
        std::string norm = Poco::Path(dir).makeDirectory().absolute().toString();
        if (std::find(out.begin(), out.end(), norm) == out.end())
            out.push_back(norm);
    };
    if (includeBundled)
        add(bundledDir());
    for (const auto& d : cliDirs)
        add(d);
    Poco::StringTokenizer tok(envPath, std::string(1, Platform::ExecutablePath::kPathListSeparator),
                              Poco::StringTokenizer::TOK_IGNORE_EMPTY | Poco::StringTokenizer::TOK_TRIM);
    for (const auto& d : tok)
        add(d);
    for (const auto& d : configDirs)
        add(d);
    return out;
}

} // namespace OuraMcp::App

#include "platform/KnownFolders.h"

#include "platform/Paths.h"

namespace OuraMcp::Platform {

namespace {

std::string value(const KnownFolders::Environment& env, const char* name)
{
    const auto it = env.find(name);
    return it == env.end() ? std::string() : it->second;
}

std::string joined(const std::string& dir, const char* name)
{
    return dir.back() == '/' ? dir + name : dir + "/" + name;
}

/// An XDG base directory: the variable if it is an absolute path, else $HOME/<fallback>, else "".
std::string xdg(const KnownFolders::Environment& env, const char* variable, const char* fallback)
{
    const std::string own = value(env, variable);
    if (Paths::isAbsolute(own))
        return own;
    const std::string home = KnownFolders::home(env);
    return home.empty() ? std::string() : joined(home, fallback);
}

} // namespace

std::string KnownFolders::config(const Environment& env)
{
    return xdg(env, "XDG_CONFIG_HOME", ".config");
}

std::string KnownFolders::state(const Environment& env)
{
    return xdg(env, "XDG_STATE_HOME", ".local/state");
}

std::string KnownFolders::home(const Environment& env)
{
    const std::string home = value(env, "HOME");
    return Paths::isAbsolute(home) ? home : std::string();
}

} // namespace OuraMcp::Platform

#pragma once

#include <map>
#include <string>

namespace OuraMcp::Platform {

/// The per-user folders the host keeps its files in, found the way the platform's own programs find them.
/// Each answer is the base folder (the caller appends "oura-mcp"), an absolute path, or "" when there is
/// none. Taken from env (a copy of the environment, so that tests can pass their own) where the platform
/// names them there; on Windows, a variable that is missing (MCP clients may start servers with a scrubbed
/// environment) is looked up with SHGetKnownFolderPath instead.
class KnownFolders
{
public:
    using Environment = std::map<std::string, std::string>;

    static std::string config(const Environment& env);
    /// Settings and .env. POSIX: $XDG_CONFIG_HOME if absolute (the XDG spec ignores relative values), else
    /// $HOME/.config. Windows: %APPDATA% (FOLDERID_RoamingAppData): settings roam with the user.

    static std::string state(const Environment& env);
    /// Tokens, keys, the user store. POSIX: $XDG_STATE_HOME if absolute, else $HOME/.local/state. Windows:
    /// %LOCALAPPDATA% (FOLDERID_LocalAppData): secrets never roam, and the folder is private to the user
    /// (its ACL, inherited by what is created in it, grants only the user, SYSTEM and Administrators).

    static std::string home(const Environment& env);
    /// The home folder ("~"). POSIX: $HOME if absolute. Windows: %USERPROFILE% (FOLDERID_Profile).
};

} // namespace OuraMcp::Platform

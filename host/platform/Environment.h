#pragma once

#include <map>
#include <string>

namespace OuraMcp::Platform {

/// The process environment as UTF-8 name/value pairs.
class Environment
{
public:
    using Variables = std::map<std::string, std::string>;

    static Variables current();
    /// A copy: POSIX environ as it is (bytes); Windows GetEnvironmentStringsW converted to UTF-8 (the
    /// per-drive "=C:=C:\..." entries are left out). Names keep their spelling; Windows treats them without
    /// regard to case, so look up the usual spelling (APPDATA, LOCALAPPDATA, USERPROFILE).
};

} // namespace OuraMcp::Platform

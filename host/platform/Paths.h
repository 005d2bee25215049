#pragma once

#include <string>

namespace OuraMcp::Platform {

/// How the platform spells paths (UTF-8 everywhere; Windows accepts / and \ both).
class Paths
{
public:
    static bool isAbsolute(const std::string& path);
    /// POSIX: starts with '/'. Windows: a drive and a separator ("C:\x", "C:/x") or a UNC path ("\\server\share",
    /// "//server/share"); "\x" (relative to the current drive) and "C:x" are not absolute.

    static char listSeparator();
    /// Between the folders of a list in one string (PATH style): ':' on POSIX, ';' on Windows.

    static std::string currentDirectory();
    /// The working directory, "" if it cannot be found out.
};

} // namespace OuraMcp::Platform

#pragma once

#include <string>

namespace OuraMcp::Platform {

/// Whether a file or folder may be trusted with code that runs inside oura-mcp (plugins): only if no one but
/// the user running it and the system's administrators can change it, as sshd's StrictModes demands.
///
/// POSIX: owned by root or the effective user, and not writable by group or others.
/// Windows: owned by the current user, SYSTEM, the Administrators group or TrustedInstaller, with a
/// discretionary ACL in which no rule that applies to the object itself grants a write, delete or
/// permission-changing right to anyone else (Everyone, Users, Authenticated Users, any other account).
class FileTrust
{
public:
    static std::string untrustedReason(const std::string& path, bool isDirectory);
    /// "" if path (UTF-8) is a folder (isDirectory) or a regular file that may be trusted, otherwise one
    /// sentence naming path and why it is not trusted, with the command that fixes it where there is one
    /// ("the folder /x is writable by group or others (mode 0777), so anyone could put code into oura-mcp;
    /// run: chmod go-w /x"). Links are followed.

    static std::string finalPath(const std::string& path, std::string& error);
    /// The absolute path with every symbolic link and "." or ".." resolved (realpath; on Windows
    /// GetFinalPathNameByHandleW without its \\?\ prefix), or "" with error set to the system's reason.
};

} // namespace OuraMcp::Platform

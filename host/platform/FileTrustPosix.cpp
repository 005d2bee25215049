#include "platform/FileTrust.h"

#include <cerrno>
#include <climits>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include <sys/stat.h>
#include <unistd.h>

namespace OuraMcp::Platform {

namespace {

std::string octalMode(mode_t mode)
{
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04o", static_cast<unsigned>(mode & 07777));
    return buf;
}

} // namespace

std::string FileTrust::untrustedReason(const std::string& path, bool isDirectory)
{
    struct stat st
    {};
    const char* noun = isDirectory ? "the folder " : "the file ";
    if (::stat(path.c_str(), &st) != 0)
        return std::string("cannot check ") + noun + path + ": " + std::strerror(errno);
    if (isDirectory && !S_ISDIR(st.st_mode))
        return path + " is not a folder";
    if (!isDirectory && !S_ISREG(st.st_mode))
        return path + " is not a regular file";
    const uid_t me = ::geteuid();
    if (st.st_uid != 0 && st.st_uid != me)
        return std::string(noun) + path + " is owned by uid " + std::to_string(st.st_uid) +
               ", not by root or the user running oura-mcp (uid " + std::to_string(me) + "); run: chown " +
               std::to_string(me) + " " + path;
    if ((st.st_mode & (S_IWGRP | S_IWOTH)) != 0)
        return std::string(noun) + path + " is writable by group or others (mode " + octalMode(st.st_mode) +
               "), so anyone could put code into oura-mcp; run: chmod go-w " + path;
    return std::string();
}

std::string FileTrust::finalPath(const std::string& path, std::string& error)
{
    char buf[PATH_MAX];
    if (::realpath(path.c_str(), buf) == nullptr)
    {
        error = std::strerror(errno);
        return std::string();
    }
    return buf;
}

} // namespace OuraMcp::Platform

#include "platform/PrivateFile.h"

#include "platform/Process.h"

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <dirent.h>
#include <fcntl.h>
#include <stdexcept>
#include <sys/stat.h>
#include <unistd.h>

namespace OuraMcp::Platform {

namespace {

std::string reason(int error)
{
    return std::strerror(error);
}

FileAccess accessOf(const struct stat& st)
{
    FileAccess access;
    access.kind = S_ISREG(st.st_mode)   ? FileAccess::Kind::RegularFile
                  : S_ISDIR(st.st_mode) ? FileAccess::Kind::Folder
                                        : FileAccess::Kind::Other;
    access.mode = static_cast<unsigned>(st.st_mode & 07777);
    access.openToOthers = (st.st_mode & 077) != 0;
    access.othersCanWrite = (st.st_mode & 022) != 0;
    access.ownedByYou = st.st_uid == ::geteuid();
    access.owner = "uid " + std::to_string(st.st_uid);
    return access;
}

/// The folder part of path ("" for a bare name, "/" for a file in the root).
std::string folderOf(const std::string& path)
{
    const auto slash = path.find_last_of('/');
    if (slash == std::string::npos)
        return {};
    return slash == 0 ? std::string("/") : path.substr(0, slash);
}

void writeAll(int fd, const std::string& data, const std::string& path)
{
    std::size_t written = 0;
    while (written < data.size())
    {
        const ssize_t n = ::write(fd, data.data() + written, data.size() - written);
        if (n < 0)
        {
            if (errno == EINTR)
                continue;
            throw std::runtime_error("cannot write " + path + ": " + reason(errno));
        }
        written += static_cast<std::size_t>(n);
    }
}

/// Deletes "<name>.tmp.<pid>.*" files left by a process that died mid-save (kill -9, power loss). Files of
/// live processes are left alone: they may be saving right now.
void removeStaleTempFiles(const std::string& dir, const std::string& name)
{
    DIR* d = ::opendir(dir.empty() ? "." : dir.c_str());
    if (d == nullptr)
        return;
    const std::string prefix = name + ".tmp.";
    while (const dirent* entry = ::readdir(d))
    {
        const std::string file = entry->d_name;
        if (file.compare(0, prefix.size(), prefix) != 0)
            continue;
        const long pid = std::strtol(file.c_str() + prefix.size(), nullptr, 10);
        if (!Process::alive(pid))
            ::unlink((dir.empty() ? file : dir + "/" + file).c_str());
    }
    ::closedir(d);
}

} // namespace

void PrivateFile::makeFolders(const std::string& dir)
{
    std::string path = dir;
    while (path.size() > 1 && path.back() == '/')
        path.pop_back();
    if (path.empty())
        return;
    struct stat st
    {};
    if (::stat(path.c_str(), &st) == 0)
    {
        if (!S_ISDIR(st.st_mode))
            throw std::runtime_error(path + " exists and is not a directory");
        return;
    }
    const auto slash = path.find_last_of('/');
    if (slash != std::string::npos && slash > 0)
        makeFolders(path.substr(0, slash));
    if (::mkdir(path.c_str(), 0700) != 0 && errno != EEXIST)
        throw std::runtime_error("cannot create directory " + path + ": " + reason(errno));
}

void PrivateFile::replace(const std::string& path, const std::string& data)
{
    const std::string dir = folderOf(path);
    makeFolders(dir);
    const auto slash = path.find_last_of('/');
    const std::string name = slash == std::string::npos ? path : path.substr(slash + 1);

    static std::atomic<unsigned> counter{0};
    std::string tempPath;
    int fd = -1;
    for (int attempt = 0; attempt < 10 && fd < 0; ++attempt)
    {
        tempPath = path + ".tmp." + std::to_string(Process::currentId()) + "." + std::to_string(++counter) +
                   "." +
                   std::to_string(std::chrono::steady_clock::now().time_since_epoch().count() % 1000000);
        fd = ::open(tempPath.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
        if (fd < 0 && errno != EEXIST)
            throw std::runtime_error("cannot create a temporary file beside " + path + ": " + reason(errno));
    }
    if (fd < 0)
        throw std::runtime_error("cannot create a temporary file beside " + path);

    try
    {
        writeAll(fd, data, tempPath);
        if (::fsync(fd) != 0)
            throw std::runtime_error("cannot sync " + tempPath + ": " + reason(errno));
        if (::close(fd) != 0)
        {
            fd = -1;
            throw std::runtime_error("cannot close " + tempPath + ": " + reason(errno));
        }
        fd = -1;
        if (::rename(tempPath.c_str(), path.c_str()) != 0)
            throw std::runtime_error("cannot replace " + path + ": " + reason(errno));
    }
    catch (...)
    {
        if (fd >= 0)
            ::close(fd);
        ::unlink(tempPath.c_str());
        throw;
    }

    removeStaleTempFiles(dir, name);

    // The rename is durable only once the directory entry is on disk. Failing that is not worth an error:
    // the new file is complete either way.
    const int dirFd = ::open(dir.empty() ? "." : dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dirFd >= 0)
    {
        ::fsync(dirFd);
        ::close(dirFd);
    }
}

bool PrivateFile::createExclusive(const std::string& path, const std::string& data)
{
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
    if (fd < 0)
    {
        if (errno == EEXIST)
            return false;
        throw std::runtime_error("cannot create " + path + ": " + reason(errno));
    }
    try
    {
        writeAll(fd, data, path);
        if (::fsync(fd) != 0)
            throw std::runtime_error("cannot sync " + path + ": " + reason(errno));
    }
    catch (...)
    {
        ::close(fd);
        ::unlink(path.c_str());
        throw;
    }
    ::close(fd);
    return true;
}

FileAccess PrivateFile::openOrCreate(const std::string& path)
{
    const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
    if (fd < 0)
        throw std::runtime_error("cannot open " + path + ": " + reason(errno));
    struct stat st
    {};
    const bool ok = ::fstat(fd, &st) == 0;
    const int error = errno;
    ::close(fd);
    if (!ok)
        throw std::runtime_error("cannot examine " + path + ": " + reason(error));
    return accessOf(st);
}

std::optional<PrivateFile::Contents> PrivateFile::read(const std::string& path, Links links,
                                                       std::size_t limit)
{
    // O_NONBLOCK: opening a FIFO for reading must not wait for a writer; it is reported as Kind::Other.
    const int flags = O_RDONLY | O_CLOEXEC | O_NONBLOCK | (links == Links::DontFollow ? O_NOFOLLOW : 0);
    const int fd = ::open(path.c_str(), flags);
    if (fd < 0)
    {
        if (errno == ENOENT || errno == ENOTDIR)
            return std::nullopt;
        if (errno == ELOOP && links == Links::DontFollow)
        {
            Contents link;
            link.access.kind = FileAccess::Kind::Other;
            return link;
        }
        throw std::runtime_error("cannot open " + path + ": " + reason(errno));
    }
    struct stat st
    {};
    if (::fstat(fd, &st) != 0)
    {
        const int error = errno;
        ::close(fd);
        throw std::runtime_error("cannot examine " + path + ": " + reason(error));
    }
    Contents contents;
    contents.access = accessOf(st);
    if (contents.access.kind == FileAccess::Kind::RegularFile)
    {
        char buffer[4096];
        while (contents.text.size() < limit)
        {
            const std::size_t want = std::min(sizeof buffer, limit - contents.text.size());
            const ssize_t n = ::read(fd, buffer, want);
            if (n < 0 && errno == EINTR)
                continue;
            if (n < 0)
            {
                const int error = errno;
                ::close(fd);
                throw std::runtime_error("cannot read " + path + ": " + reason(error));
            }
            if (n == 0)
                break;
            contents.text.append(buffer, static_cast<std::size_t>(n));
        }
        // Secrets pass through here: leave no copy on the stack.
        volatile char* wipe = buffer;
        for (std::size_t i = 0; i < sizeof buffer; ++i)
            wipe[i] = 0;
    }
    ::close(fd);
    return contents;
}

std::optional<FileAccess> PrivateFile::inspect(const std::string& path)
{
    struct stat st
    {};
    if (path.empty() || ::stat(path.c_str(), &st) != 0)
        return std::nullopt;
    return accessOf(st);
}

bool PrivateFile::exists(const std::string& path)
{
    return !path.empty() && ::access(path.c_str(), F_OK) == 0;
}

bool PrivateFile::remove(const std::string& path)
{
    if (::unlink(path.c_str()) == 0)
        return true;
    if (errno == ENOENT)
        return false;
    throw std::runtime_error("cannot delete " + path + ": " + reason(errno));
}

std::string PrivateFile::makePrivateCommand(const std::string& path)
{
    return "chmod 600 " + path;
}

std::string PrivateFile::closeFolderCommand(const std::string& dir)
{
    return "chmod go-w " + dir;
}

std::string PrivateFile::takeOwnershipCommand(const std::string& path)
{
    return "chown " + std::to_string(::geteuid()) + " " + path;
}

} // namespace OuraMcp::Platform

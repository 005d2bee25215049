#include "http/SessionKey.h"

#include "http/Secrets.h"

#include <Poco/File.h>
#include <Poco/Path.h>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <stdexcept>
#include <sys/stat.h>
#include <unistd.h>

namespace OuraMcp::Http {

namespace {

constexpr std::size_t MinimumLength = 32;

std::string trimmed(std::string text)
{
    while (!text.empty() && (text.back() == '\n' || text.back() == '\r' || text.back() == ' '))
        text.pop_back();
    return text;
}

std::string readKey(const std::string& path)
{
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        throw std::runtime_error("cannot read the session key file " + path + ": " + std::strerror(errno));
    std::string text;
    char buffer[512];
    ssize_t n;
    while ((n = ::read(fd, buffer, sizeof buffer)) > 0 && text.size() < 4096)
        text.append(buffer, static_cast<std::size_t>(n));
    ::close(fd);
    text = trimmed(text);
    if (text.size() < MinimumLength)
        throw std::runtime_error("the session key file " + path + " holds fewer than " +
                                 std::to_string(MinimumLength) + " characters");
    return text;
}

} // namespace

std::string SessionKey::loadOrCreate(const std::string& path)
{
    if (path.empty())
        return Secrets::random(MinimumLength);
    const std::string folder = Poco::Path(path).parent().toString();
    if (!folder.empty() && !Poco::File(folder).exists())
    {
        Poco::File(folder).createDirectories();
        ::chmod(folder.c_str(), 0700); // like the token file's folder: private to the user
    }
    const std::string key = Secrets::hex(Secrets::random(MinimumLength));
    // O_EXCL: two processes starting together must not both write; the loser reads the winner's key.
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0)
    {
        if (errno == EEXIST)
            return readKey(path);
        throw std::runtime_error("cannot create the session key file " + path + ": " + std::strerror(errno));
    }
    const std::string text = key + "\n";
    const bool written =
        ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size()) && ::fsync(fd) == 0;
    ::close(fd);
    if (!written)
    {
        ::unlink(path.c_str());
        throw std::runtime_error("cannot write the session key file " + path);
    }
    return key;
}

} // namespace OuraMcp::Http

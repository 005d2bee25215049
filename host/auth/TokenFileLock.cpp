#include "auth/TokenFileLock.h"

#include "util/Log.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

namespace OuraMcp::Auth {

TokenFileLock::TokenFileLock(const std::string& tokenFile)
{
    if (tokenFile.empty())
        return;
    const std::string path = tokenFile + ".lock";
    _fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
    if (_fd < 0)
    {
        Util::Log::debug("auth", "no refresh lock (" + path + ": " + std::strerror(errno) + ")");
        return;
    }
    int rc = 0;
    while ((rc = ::flock(_fd, LOCK_EX)) != 0 && errno == EINTR)
    {}
    if (rc != 0)
    {
        Util::Log::warning("auth", "could not lock " + path + ": " + std::strerror(errno));
        ::close(_fd);
        _fd = -1;
    }
}

TokenFileLock::~TokenFileLock()
{
    if (_fd >= 0)
        ::close(_fd); // closing the only descriptor releases the flock
}

} // namespace OuraMcp::Auth

#include "platform/FileLock.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

namespace OuraMcp::Platform {

FileLock::FileLock(const std::string& path, Wait wait)
{
    const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
    if (fd < 0)
    {
        _problem = "cannot open " + path + ": " + std::strerror(errno);
        return;
    }
    _opened = true;
    int rc = 0;
    while ((rc = ::flock(fd, LOCK_EX | (wait == Wait::No ? LOCK_NB : 0))) != 0 && errno == EINTR)
    {}
    if (rc != 0)
    {
        _problem =
            errno == EWOULDBLOCK ? path + " is locked" : "cannot lock " + path + ": " + std::strerror(errno);
        ::close(fd);
        return;
    }
    _handle = fd;
}

FileLock::~FileLock()
{
    if (_handle != -1)
        ::close(static_cast<int>(_handle)); // closing the only descriptor releases the flock
}

} // namespace OuraMcp::Platform

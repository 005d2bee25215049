#include "platform/ExecutablePath.h"

#include <climits>
#include <unistd.h>

namespace OuraMcp::Platform {

const char ExecutablePath::kPathListSeparator = ':';

std::string ExecutablePath::get()
{
    char buf[PATH_MAX];
    ssize_t n = ::readlink("/proc/self/exe", buf, sizeof(buf) - 1);
    if (n <= 0)
        return {};
    return std::string(buf, static_cast<std::size_t>(n));
}

} // namespace OuraMcp::Platform

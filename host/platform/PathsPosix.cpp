#include "platform/Paths.h"

#include <unistd.h>

#include <vector>

namespace OuraMcp::Platform {

bool Paths::isAbsolute(const std::string& path)
{
    return !path.empty() && path[0] == '/';
}

char Paths::listSeparator()
{
    return ':';
}

std::string Paths::currentDirectory()
{
    std::vector<char> buffer(4096);
    if (::getcwd(buffer.data(), buffer.size()) == nullptr)
        return {};
    return buffer.data();
}

} // namespace OuraMcp::Platform

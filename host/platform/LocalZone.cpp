#include "platform/LocalZone.h"

#include <sstream>

namespace OuraMcp::Platform {

bool LocalZone::isSafeName(const std::string& name)
{
    if (name.empty() || name.front() == '/' || name.back() == '/')
        return false;
    for (const char c : name)
    {
        const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                        c == '/' || c == '_' || c == '-' || c == '+' || c == '.';
        if (!ok)
            return false;
    }
    std::istringstream parts(name);
    std::string part;
    while (std::getline(parts, part, '/'))
    {
        if (part.empty() || part == "." || part == "..")
            return false;
    }
    return true;
}

} // namespace OuraMcp::Platform

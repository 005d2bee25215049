#include "platform/PrivateFile.h"

#include <cstdio>

namespace OuraMcp::Platform {

std::string FileAccess::describe() const
{
    if (mode)
    {
        char text[16];
        std::snprintf(text, sizeof text, "mode %04o", *mode & 07777);
        return text;
    }
    return openToOthers ? "access list: open to others" : "access list: only you";
}

} // namespace OuraMcp::Platform

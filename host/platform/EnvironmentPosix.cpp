#include "platform/Environment.h"

extern char** environ;

namespace OuraMcp::Platform {

Environment::Variables Environment::current()
{
    Variables variables;
    for (char** entry = environ; entry != nullptr && *entry != nullptr; ++entry)
    {
        const std::string line(*entry);
        const auto eq = line.find('=');
        if (eq != std::string::npos && eq > 0)
            variables.emplace(line.substr(0, eq), line.substr(eq + 1));
    }
    return variables;
}

} // namespace OuraMcp::Platform

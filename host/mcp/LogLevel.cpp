#include "mcp/LogLevel.h"

namespace OuraMcp::Mcp {

namespace {

const char* const Names[] = {"debug", "info", "notice", "warning", "error", "critical", "alert", "emergency"};

} // namespace

int LogLevel::parse(const std::string& name) noexcept
{
    for (int i = Debug; i <= Emergency; ++i)
    {
        if (name == Names[i])
            return i;
    }
    return None;
}

const char* LogLevel::name(int level) noexcept
{
    return level >= Debug && level <= Emergency ? Names[level] : "info";
}

int LogLevel::fromLog(Util::Log::Level level) noexcept
{
    switch (level)
    {
    case Util::Log::Level::Debug:
        return 0;
    case Util::Log::Level::Info:
        return 1;
    case Util::Log::Level::Warning:
        return 3;
    case Util::Log::Level::Error:
        return 4;
    }
    return 1;
}

} // namespace OuraMcp::Mcp

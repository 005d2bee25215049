#pragma once

#include "util/Log.h"

#include <string>

namespace OuraMcp::Mcp {

/// MCP logging levels (RFC 5424 severities, least severe first) as ordered integers.
class LogLevel
{
public:
    static constexpr int None = -1; ///< MCP logging not enabled
    static constexpr int Debug = 0;
    static constexpr int Emergency = 7;

    static int parse(const std::string& name) noexcept;
    /// "debug", "info", "notice", "warning", "error", "critical", "alert", "emergency"; None otherwise.

    static const char* name(int level) noexcept;

    static int fromLog(Util::Log::Level level) noexcept;
    /// The MCP level of a host log line.
};

} // namespace OuraMcp::Mcp

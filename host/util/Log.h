#pragma once

#include <functional>
#include <string>

namespace OuraMcp::Util {

/// The host's one logger. Every line goes to stderr (stdout belongs to the MCP writer), is a single line,
/// and has every registered secret replaced by "[redacted]" before it leaves the process.
/// Thread-safe; never throws.
class Log
{
public:
    enum class Level
    {
        Debug = 0,
        Info = 1,
        Warning = 2,
        Error = 3
    };

    static void write(Level level, const std::string& component, const std::string& message) noexcept;
    /// Writes "oura-mcp[component] level: message" to stderr if level >= the threshold, and hands the
    /// redacted line to the listener (if any) regardless of the stderr threshold.

    static void debug(const std::string& component, const std::string& message) noexcept
    {
        write(Level::Debug, component, message);
    }
    static void info(const std::string& component, const std::string& message) noexcept
    {
        write(Level::Info, component, message);
    }
    static void warning(const std::string& component, const std::string& message) noexcept
    {
        write(Level::Warning, component, message);
    }
    static void error(const std::string& component, const std::string& message) noexcept
    {
        write(Level::Error, component, message);
    }

    static void setLevel(Level level) noexcept;
    /// Sets the stderr threshold (default Info, or OURA_MCP_LOG_LEVEL).

    static Level level() noexcept;

    static bool parseLevel(const std::string& text, Level& out) noexcept;
    /// "debug", "info", "warning"/"warn", "error" (case-insensitive).

    static const char* levelName(Level level) noexcept;

    using Listener = std::function<void(Level, const std::string& component, const std::string& message)>;
    static void setListener(Listener listener);
    /// Receives every (redacted) line, e.g. to forward it as MCP notifications/message. Empty to clear.

    static void addSecret(const std::string& secret);
    /// Registers a value (a token, a client secret) that must never appear in any output. Values shorter
    /// than 6 characters are ignored to avoid redacting ordinary words.

    static std::string redact(std::string text);
    /// Returns text with every registered secret replaced by "[redacted]" and line breaks flattened.
};

} // namespace OuraMcp::Util

#include "util/Log.h"

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <mutex>
#include <vector>

namespace OuraMcp::Util {

namespace {

struct LogState
{
    std::mutex mutex;
    std::vector<std::string> secrets;
    Log::Listener listener;
};

LogState& state()
{
    static LogState* s = new LogState; // never destroyed: logging stays valid during static destruction
    return *s;
}

std::atomic<int> gLevel{static_cast<int>(Log::Level::Info)};

std::string redactLocked(std::string text, const std::vector<std::string>& secrets)
{
    for (const auto& secret : secrets)
    {
        for (std::size_t pos = text.find(secret); pos != std::string::npos; pos = text.find(secret, pos))
        {
            text.replace(pos, secret.size(), "[redacted]");
            pos += 10;
        }
    }
    std::replace(text.begin(), text.end(), '\n', ' ');
    std::replace(text.begin(), text.end(), '\r', ' ');
    return text;
}

} // namespace

void Log::write(Level level, const std::string& component, const std::string& message) noexcept
{
    try
    {
        auto& s = state();
        std::string line;
        Listener listener;
        {
            std::lock_guard<std::mutex> lock(s.mutex);
            line = redactLocked(message, s.secrets);
            listener = s.listener;
            if (static_cast<int>(level) >= gLevel.load())
            {
                std::string out = "oura-mcp[" + component + "] " + levelName(level) + ": " + line + "\n";
                std::fwrite(out.data(), 1, out.size(), stderr);
                std::fflush(stderr);
            }
        }
        if (listener)
            listener(level, component, line);
    }
    catch (...)
    {}
}

void Log::setLevel(Level level) noexcept
{
    gLevel.store(static_cast<int>(level));
}

Log::Level Log::level() noexcept
{
    return static_cast<Level>(gLevel.load());
}

bool Log::parseLevel(const std::string& text, Level& out) noexcept
{
    std::string t = text;
    std::transform(t.begin(), t.end(), t.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (t == "debug")
        out = Level::Debug;
    else if (t == "info")
        out = Level::Info;
    else if (t == "warning" || t == "warn")
        out = Level::Warning;
    else if (t == "error")
        out = Level::Error;
    else
        return false;
    return true;
}

const char* Log::levelName(Level level) noexcept
{
    switch (level)
    {
    case Level::Debug:
        return "debug";
    case Level::Info:
        return "info";
    case Level::Warning:
        return "warning";
    case Level::Error:
        return "error";
    }
    return "info";
}

void Log::setListener(Listener listener)
{
    auto& s = state();
    std::lock_guard<std::mutex> lock(s.mutex);
    s.listener = std::move(listener);
}

void Log::addSecret(const std::string& secret)
{
    if (secret.size() < 6)
        return;
    auto& s = state();
    std::lock_guard<std::mutex> lock(s.mutex);
    if (std::find(s.secrets.begin(), s.secrets.end(), secret) == s.secrets.end())
        s.secrets.push_back(secret);
}

std::string Log::redact(std::string text)
{
    auto& s = state();
    std::lock_guard<std::mutex> lock(s.mutex);
    return redactLocked(std::move(text), s.secrets);
}

} // namespace OuraMcp::Util

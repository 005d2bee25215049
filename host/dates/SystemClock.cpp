#include "dates/SystemClock.h"

#include "dates/IsoDateTime.h"

#include <chrono>
#include <cstdlib>
#include <stdexcept>

namespace OuraMcp::Dates {

const char* const SystemClock::EnvVar = "OURA_MCP_NOW";

SystemClock::SystemClock()
{
    const char* value = std::getenv(EnvVar);
    if (value == nullptr || *value == '\0')
        return;
    _frozen = parseFrozenNow(value);
    if (!_frozen)
        throw std::invalid_argument(std::string(EnvVar) + " is set to \"" + value +
                                    "\", which is not an ISO date-time with a zone; use a form like "
                                    "2026-11-24T10:00:00Z or 2026-11-24T11:00:00+01:00, or unset it");
}

SystemClock::SystemClock(std::optional<int64_t> frozenUnixMs) : _frozen(frozenUnixMs) {}

int64_t SystemClock::nowUnixMs() const
{
    if (_frozen)
        return *_frozen;
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

std::optional<int64_t> SystemClock::parseFrozenNow(const std::string& text)
{
    const auto first = text.find_first_not_of(" \t\r\n");
    if (first == std::string::npos)
        return std::nullopt;
    const auto last = text.find_last_not_of(" \t\r\n");
    const auto parsed = IsoDateTime::parse(text.substr(first, last - first + 1));
    if (!parsed)
        return std::nullopt;
    return parsed->toUnixMs();
}

} // namespace OuraMcp::Dates

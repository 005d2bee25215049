#pragma once

#include "dates/Clock.h"

#include <optional>
#include <string>

namespace OuraMcp::Dates {

/// Real time, unless the environment variable OURA_MCP_NOW holds an ISO date-time with a zone
/// ("2026-11-24T10:00:00Z", "2026-11-24T11:00:00+01:00"): then the clock is frozen at that instant, which
/// makes demos and end-to-end tests reproducible. The variable is read once, in the constructor.
class SystemClock : public Clock
{
public:
    SystemClock();
    /// Reads OURA_MCP_NOW. Throws std::invalid_argument naming the variable and the expected form if it is
    /// set (non-empty) but unreadable, so a typo fails at startup instead of silently using real time.

    explicit SystemClock(std::optional<int64_t> frozenUnixMs);
    /// Ignores the environment: real time, or frozen at the given instant.

    int64_t nowUnixMs() const override;

    bool isFrozen() const { return _frozen.has_value(); }

    static std::optional<int64_t> parseFrozenNow(const std::string& text);
    /// Reads an OURA_MCP_NOW value (surrounding spaces ignored); nullopt unless it is a date-time with 'Z'
    /// or an offset. A floating time is refused because it would silently depend on the machine's zone.

    static const char* const EnvVar;
    /// "OURA_MCP_NOW".

private:
    std::optional<int64_t> _frozen;
};

} // namespace OuraMcp::Dates

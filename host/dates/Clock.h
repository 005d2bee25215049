#pragma once

#include <cstdint>

namespace OuraMcp::Dates {

/// The host's source of "now". Everything that needs the current time (today's date, token expiry, the
/// ABI's now_unix_ms) asks a Clock, so tests and demos can freeze it. Implementations are thread-safe.
class Clock
{
public:
    virtual ~Clock();
    virtual int64_t nowUnixMs() const = 0;
    /// Milliseconds since 1970-01-01T00:00:00Z.
};

} // namespace OuraMcp::Dates

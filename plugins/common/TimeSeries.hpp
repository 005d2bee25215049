// plugins/common/TimeSeries.hpp -- interval buckets for the time-series plugins (heart rate, ring battery).
// Header-only; compiled into each plugin that includes it.
//
// Samples arrive as ISO-8601 timestamps with their own offset ("2024-12-13T12:31:21+00:00"). Buckets are
// aligned on the wall clock of that offset, so they follow whatever offset the host hands over (UTC today;
// the user's offset if the host ever localises the rows) without the plugin guessing a time zone.
#ifndef OURA_MCP_PLUGINS_TIME_SERIES_HPP
#define OURA_MCP_PLUGINS_TIME_SERIES_HPP

#include <oura_mcp/civil_time.hpp>

#include <cmath>
#include <cstdint>
#include <optional>
#include <string>

namespace OuraMcp::Domain {

// Reading and writing instants and days is the SDK's one strict calendar helper; these names keep the
// plugins' code short. Plugins never decide which days a user means: the host does.
using Instant = omcp::CivilTime::Instant;

inline std::optional<Instant> parseInstant(const std::string& text)
{
    return omcp::CivilTime::parseInstant(text);
}

inline std::string formatInstant(int64_t unixSeconds, int offsetSeconds)
{
    return omcp::CivilTime::formatInstant(unixSeconds, offsetSeconds);
}

/// The start of the bucket of `seconds` length holding the instant, on the wall clock of its own offset.
inline int64_t bucketStart(const Instant& at, int64_t seconds)
{
    const int64_t local = at.unixSeconds + at.offsetSeconds;
    int64_t start = local - (local % seconds + seconds) % seconds;
    return start - at.offsetSeconds;
}

/// A value rounded to one decimal (means are reported that way).
inline double round1(double v)
{
    return std::round(v * 10.0) / 10.0;
}

} // namespace OuraMcp::Domain

#endif // OURA_MCP_PLUGINS_TIME_SERIES_HPP

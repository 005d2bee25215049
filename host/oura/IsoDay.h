#pragma once

#include <optional>
#include <string>

namespace OuraMcp::Oura {

/// Arithmetic on "YYYY-MM-DD" calendar days (proleptic Gregorian), as the collection rules need it to widen
/// and trim date filters. Kept here so the rules do not depend on how the dates room resolves phrases.
class IsoDay
{
public:
    static std::optional<long> toDayNumber(const std::string& iso);
    /// Days since 1970-01-01, or nullopt if iso is not a valid "YYYY-MM-DD".

    static std::string fromDayNumber(long days);

    static std::string addDays(const std::string& iso, long delta);
    /// iso shifted by delta days; "" if iso is invalid.

    static long daysBetween(const std::string& from, const std::string& to);
    /// to - from in days; both must be valid.
};

} // namespace OuraMcp::Oura

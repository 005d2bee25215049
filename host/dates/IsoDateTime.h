#pragma once

#include "dates/CivilDate.h"

#include <cstdint>
#include <optional>
#include <string>

namespace OuraMcp::Dates {

/// A parsed ISO 8601 / RFC 3339 date-time as people and Oura write it:
/// "YYYY-MM-DDTHH:MM[:SS[.fraction]][Z|+HH:MM|-HH:MM|+HHMM|+HH]". The separator may be 'T', 't' or one
/// space, 'Z' may be lower case. Without a zone designator the value is a local (floating) time.
struct IsoDateTime
{
    CivilDate date;
    int secondsOfDay = 0;             ///< 0..86399 (a leap second ":60" is read as ":59")
    int milliseconds = 0;             ///< 0..999, the fraction truncated
    std::optional<int> offsetSeconds; ///< UTC offset; nullopt when the text has none

    static std::optional<IsoDateTime> parse(const std::string& text);
    /// nullopt unless the whole text matches the form above with real field values.

    std::optional<int64_t> toUnixMs() const;
    /// The instant, if the text carried an offset; nullopt for a floating local time.
};

} // namespace OuraMcp::Dates

#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace OuraMcp::Dates {

/// A POSIX TZ rule string such as "CET-1CEST,M3.5.0,M10.5.0/3" or "<+0530>-5:30": the footer of a TZif
/// v2+ file (it describes every instant after the file's last transition) or a TZ value that names no
/// file. Supports quoted and unquoted names, offsets with minutes/seconds, the three date forms Jn, n and
/// Mm.w.d, and transition times outside 0..24h (TZif v3). A DST zone written without dates ("EST5EDT")
/// gets the US rules M3.2.0,M11.1.0, as glibc does without a posixrules file. Immutable, thread-safe.
class PosixTzRule
{
public:
    static std::optional<PosixTzRule> parse(const std::string& text);
    /// nullopt unless the whole text is a valid rule.

    int offsetAt(int64_t unixSeconds) const;
    /// UTC offset in seconds (east positive) in effect at the instant.

    std::optional<int64_t> nextTransitionAfter(int64_t unixSeconds) const;
    /// The first instant > unixSeconds at which the offset may change; nullopt for a zone without DST.

    bool hasDst() const { return _hasDst; }
    int standardOffset() const { return _stdOffset; }

private:
    struct DateRule
    {
        enum class Kind
        {
            Julian1,   ///< Jn: 1..365, February 29 never counted
            Julian0,   ///< n: 0..365, February 29 counted
            MonthWeek, ///< Mm.w.d: day d (0 = Sunday) of week w (5 = last) of month m
        };
        Kind kind = Kind::MonthWeek;
        int a = 0;              ///< n, or month
        int week = 0;           ///< for MonthWeek
        int weekday = 0;        ///< for MonthWeek
        int timeSeconds = 7200; ///< local time of day of the change (default 02:00)
    };

    static int64_t localDayOf(const DateRule& rule, int year);
    /// Days since epoch of the rule's local date in `year`.

    int64_t dstStartUtc(int year) const;
    int64_t dstEndUtc(int year) const;

    int _stdOffset = 0;
    int _dstOffset = 0;
    bool _hasDst = false;
    DateRule _start;
    DateRule _end;
};

} // namespace OuraMcp::Dates

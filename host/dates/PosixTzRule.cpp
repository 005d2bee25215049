#include "dates/PosixTzRule.h"

#include "dates/FloorDiv.h"

#include "dates/CivilDate.h"

#include <cctype>

namespace OuraMcp::Dates {

namespace {

/// A cursor over the rule text with the small readers the grammar needs.
struct Reader
{
    const std::string& s;
    size_t pos = 0;

    bool atEnd() const { return pos >= s.size(); }
    char peek() const { return atEnd() ? '\0' : s[pos]; }
    bool accept(char c)
    {
        if (peek() != c)
            return false;
        ++pos;
        return true;
    }

    /// An unsigned decimal number of 1..maxDigits digits.
    bool number(int& value, size_t maxDigits)
    {
        const size_t start = pos;
        int v = 0;
        while (!atEnd() && std::isdigit(static_cast<unsigned char>(s[pos])) && pos - start < maxDigits)
            v = v * 10 + (s[pos++] - '0');
        if (pos == start)
            return false;
        value = v;
        return true;
    }

    /// A zone abbreviation: "<...>" (letters, digits, + and -) or three or more letters.
    bool name()
    {
        if (accept('<'))
        {
            const size_t start = pos;
            while (!atEnd() && s[pos] != '>')
            {
                const char c = s[pos];
                if (!std::isalnum(static_cast<unsigned char>(c)) && c != '+' && c != '-')
                    return false;
                ++pos;
            }
            if (pos == start || !accept('>'))
                return false;
            return true;
        }
        const size_t start = pos;
        while (!atEnd() && std::isalpha(static_cast<unsigned char>(s[pos])))
            ++pos;
        return pos - start >= 3;
    }

    /// [+-]hh[:mm[:ss]] as seconds; hours up to maxHours.
    bool hms(int& seconds, int maxHours)
    {
        int sign = 1;
        if (accept('-'))
            sign = -1;
        else
            accept('+');
        int h = 0;
        int m = 0;
        int sec = 0;
        if (!number(h, 3) || h > maxHours)
            return false;
        if (accept(':'))
        {
            if (!number(m, 2) || m > 59)
                return false;
            if (accept(':') && (!number(sec, 2) || sec > 59))
                return false;
        }
        seconds = sign * (h * 3600 + m * 60 + sec);
        return true;
    }
};

} // namespace

std::optional<PosixTzRule> PosixTzRule::parse(const std::string& text)
{
    Reader r{text};
    PosixTzRule rule;
    int posixOffset = 0;
    if (!r.name() || !r.hms(posixOffset, 24))
        return std::nullopt;
    rule._stdOffset = -posixOffset; // POSIX counts hours west of Greenwich
    if (r.atEnd())
        return rule;

    if (!r.name())
        return std::nullopt;
    rule._hasDst = true;
    rule._dstOffset = rule._stdOffset + 3600;
    if (!r.atEnd() && r.peek() != ',')
    {
        if (!r.hms(posixOffset, 24))
            return std::nullopt;
        rule._dstOffset = -posixOffset;
    }

    auto readDate = [&r](DateRule& d) -> bool {
        if (r.accept('J'))
        {
            d.kind = DateRule::Kind::Julian1;
            if (!r.number(d.a, 3) || d.a < 1 || d.a > 365)
                return false;
        }
        else if (r.accept('M'))
        {
            d.kind = DateRule::Kind::MonthWeek;
            if (!r.number(d.a, 2) || d.a < 1 || d.a > 12 || !r.accept('.') || !r.number(d.week, 1) ||
                d.week < 1 || d.week > 5 || !r.accept('.') || !r.number(d.weekday, 1) || d.weekday > 6)
                return false;
        }
        else
        {
            d.kind = DateRule::Kind::Julian0;
            if (!r.number(d.a, 3) || d.a > 365)
                return false;
        }
        d.timeSeconds = 7200;
        if (r.accept('/') && !r.hms(d.timeSeconds, 167))
            return false;
        return true;
    };

    if (r.atEnd())
    {
        // No dates given: the US rules, as glibc uses when no posixrules file is present.
        rule._start = DateRule{DateRule::Kind::MonthWeek, 3, 2, 0, 7200};
        rule._end = DateRule{DateRule::Kind::MonthWeek, 11, 1, 0, 7200};
        return rule;
    }
    if (!r.accept(',') || !readDate(rule._start) || !r.accept(',') || !readDate(rule._end) || !r.atEnd())
        return std::nullopt;
    return rule;
}

int64_t PosixTzRule::localDayOf(const DateRule& rule, int year)
{
    const int64_t jan1 = CivilDate(year, 1, 1).toDaysSinceEpoch();
    switch (rule.kind)
    {
    case DateRule::Kind::Julian1:
        // Day 60 is March 1 in every year: February 29 is skipped in the count.
        return jan1 + rule.a - 1 + ((CivilDate::isLeapYear(year) && rule.a >= 60) ? 1 : 0);
    case DateRule::Kind::Julian0:
        return jan1 + rule.a;
    case DateRule::Kind::MonthWeek:
    default:
    {
        const CivilDate first(year, static_cast<unsigned>(rule.a), 1);
        // dayOfWeek is Monday = 0; POSIX weekday is Sunday = 0.
        const int firstPosixWeekday = static_cast<int>((first.dayOfWeek() + 1) % 7);
        int day = 1 + (rule.weekday - firstPosixWeekday + 7) % 7 + (rule.week - 1) * 7;
        const int length = static_cast<int>(CivilDate::daysInMonth(year, static_cast<unsigned>(rule.a)));
        while (day > length)
            day -= 7;
        return first.toDaysSinceEpoch() + day - 1;
    }
    }
}

int64_t PosixTzRule::dstStartUtc(int year) const
{
    // The start time is written in the local time in effect before it: standard time.
    return localDayOf(_start, year) * 86400 + _start.timeSeconds - _stdOffset;
}

int64_t PosixTzRule::dstEndUtc(int year) const
{
    // The end time is written in the local time in effect before it: daylight time.
    return localDayOf(_end, year) * 86400 + _end.timeSeconds - _dstOffset;
}

int PosixTzRule::offsetAt(int64_t unixSeconds) const
{
    if (!_hasDst)
        return _stdOffset;
    // The latest transition at or before the instant decides. Transitions of the neighbouring years count
    // too: a rule time outside 0..24 h (TZif v3) can move a year's transition into the previous or next
    // calendar year ("J0/-1" ends DST on December 31), which a same-year comparison got wrong for the hour
    // after it (found by fuzz_dates). On a tie a start wins, so "0/0,J365/25" stays in DST for good.
    const int year = CivilDate::fromDaysSinceEpoch(floorDiv(unixSeconds + _stdOffset, 86400)).year();
    std::optional<int64_t> latest;
    bool dst = false;
    for (int y = year - 1; y <= year + 1; ++y)
    {
        const int64_t start = dstStartUtc(y);
        const int64_t end = dstEndUtc(y);
        if (end <= unixSeconds && (!latest || end > *latest))
        {
            latest = end;
            dst = false;
        }
        if (start <= unixSeconds && (!latest || start >= *latest))
        {
            latest = start;
            dst = true;
        }
    }
    return dst ? _dstOffset : _stdOffset;
}

std::optional<int64_t> PosixTzRule::nextTransitionAfter(int64_t unixSeconds) const
{
    if (!_hasDst)
        return std::nullopt;
    const int year = CivilDate::fromDaysSinceEpoch(floorDiv(unixSeconds, 86400)).year();
    std::optional<int64_t> best;
    for (int y = year - 1; y <= year + 1; ++y)
    {
        for (const int64_t t : {dstStartUtc(y), dstEndUtc(y)})
        {
            if (t > unixSeconds && (!best || t < *best))
                best = t;
        }
    }
    return best;
}

} // namespace OuraMcp::Dates

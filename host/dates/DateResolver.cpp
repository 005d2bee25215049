#include "dates/DateResolver.h"

#include "dates/IsoDateTime.h"

#include <cctype>
#include <sstream>
#include <vector>

namespace OuraMcp::Dates {

namespace {

/// What reading one input produced: a range, or nothing plus (sometimes) a more precise reason.
struct Reading
{
    std::optional<DateRange> range;
    std::string detail; ///< e.g. "the number must be 1..3650"; empty: just not a known form
};

std::string trim(const std::string& s)
{
    const auto first = s.find_first_not_of(" \t\r\n");
    if (first == std::string::npos)
        return std::string();
    const auto last = s.find_last_not_of(" \t\r\n");
    return s.substr(first, last - first + 1);
}

/// "dddd-dd-dd": the shape of an ISO date, whether or not the date exists.
bool looksLikeIsoDate(const std::string& s)
{
    if (s.size() != 10)
        return false;
    for (size_t i = 0; i < s.size(); ++i)
    {
        const bool dash = i == 4 || i == 7;
        if (dash ? s[i] != '-' : !std::isdigit(static_cast<unsigned char>(s[i])))
            return false;
    }
    return true;
}

/// Lower case, underscores as spaces, split on whitespace.
std::vector<std::string> words(const std::string& text)
{
    std::string s;
    s.reserve(text.size());
    for (const char c : text)
        s += c == '_' ? ' ' : static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    std::istringstream in(s);
    std::vector<std::string> out;
    std::string w;
    while (in >> w)
        out.push_back(w);
    return out;
}

/// Monday = 0 .. Sunday = 6, or -1.
int weekdayIndex(const std::string& w)
{
    static const std::vector<std::vector<const char*>> names = {
        {"monday", "mon"},    {"tuesday", "tue", "tues"},
        {"wednesday", "wed"}, {"thursday", "thu", "thur", "thurs"},
        {"friday", "fri"},    {"saturday", "sat"},
        {"sunday", "sun"}};
    for (size_t i = 0; i < names.size(); ++i)
    {
        for (const char* n : names[i])
        {
            if (w == n)
                return static_cast<int>(i);
        }
    }
    return -1;
}

enum class Unit
{
    None,
    Day,
    Week,
    Month,
    Year
};

Unit unitOf(const std::string& w, bool allowPlural)
{
    auto is = [&](const char* singular) {
        return w == singular || (allowPlural && w == std::string(singular) + "s");
    };
    if (is("day"))
        return Unit::Day;
    if (is("week"))
        return Unit::Week;
    if (is("month"))
        return Unit::Month;
    if (is("year"))
        return Unit::Year;
    return Unit::None;
}

/// "1".."3650", "a", "an", "one". Returns -1 for not-a-number, 0 for a number out of range.
int64_t countOf(const std::string& w)
{
    if (w == "a" || w == "an" || w == "one")
        return 1;
    if (w.empty() || w.size() > 6)
        return w.find_first_not_of("0123456789") == std::string::npos && !w.empty() ? 0 : -1;
    int64_t n = 0;
    for (const char c : w)
    {
        if (c < '0' || c > '9')
            return -1;
        n = n * 10 + (c - '0');
    }
    return (n >= 1 && n <= DateResolver::MaxCount) ? n : 0;
}

/// `n` units before `day` (n may be negative).
CivilDate minus(const CivilDate& day, Unit unit, int64_t n)
{
    switch (unit)
    {
    case Unit::Day:
        return day.addDays(-n);
    case Unit::Week:
        return day.addDays(-7 * n);
    case Unit::Month:
        return day.addMonths(-n);
    case Unit::Year:
        return day.addYears(-n);
    case Unit::None:
    default:
        return day;
    }
}

DateRange single(const CivilDate& d)
{
    return DateRange{d, d};
}

Reading readPhrase(const std::vector<std::string>& wordsIn, const CivilDate& today)
{
    std::vector<std::string> w = wordsIn;
    if (!w.empty() && w.front() == "the")
        w.erase(w.begin());
    const std::string countHint =
        "the number must be between 1 and " + std::to_string(DateResolver::MaxCount);
    const CivilDate monday = today.addDays(-static_cast<int64_t>(today.dayOfWeek()));

    if (w.size() == 1)
    {
        if (w[0] == "today")
            return {single(today), ""};
        if (w[0] == "yesterday")
            return {single(today.addDays(-1)), ""};
        const int wd = weekdayIndex(w[0]);
        if (wd >= 0)
        {
            const int64_t back = (static_cast<int64_t>(today.dayOfWeek()) - wd + 7) % 7;
            return {single(today.addDays(-back)), ""};
        }
        return {};
    }
    if (w.size() == 3 && w[0] == "day" && w[1] == "before" && w[2] == "yesterday")
        return {single(today.addDays(-2)), ""};

    if (w.size() == 2)
    {
        if (w[0] == "last" && w[1] == "night")
            return {single(today), ""}; // Oura files the night under the day it ends: today
        if (w[0] == "last")
        {
            const int wd = weekdayIndex(w[1]);
            if (wd >= 0)
            {
                const int64_t back = (static_cast<int64_t>(today.dayOfWeek()) - wd + 7) % 7;
                return {single(today.addDays(-(back == 0 ? 7 : back))), ""};
            }
        }
        const Unit unit = unitOf(w[1], false);
        if (unit != Unit::None)
        {
            if (w[0] == "last" || w[0] == "past")
                return {DateRange{minus(today, unit, 1).addDays(1), today}, ""};
            if (w[0] == "this")
            {
                switch (unit)
                {
                case Unit::Day:
                    return {single(today), ""};
                case Unit::Week:
                    return {DateRange{monday, today}, ""};
                case Unit::Month:
                    return {DateRange{today.firstOfMonth(), today}, ""};
                case Unit::Year:
                default:
                    return {DateRange{CivilDate(today.year(), 1, 1), today}, ""};
                }
            }
            if (w[0] == "previous" || w[0] == "prior")
            {
                switch (unit)
                {
                case Unit::Day:
                    return {single(today.addDays(-1)), ""};
                case Unit::Week:
                    return {DateRange{monday.addDays(-7), monday.addDays(-1)}, ""};
                case Unit::Month:
                {
                    const CivilDate first = today.firstOfMonth().addMonths(-1);
                    return {DateRange{first, first.lastOfMonth()}, ""};
                }
                case Unit::Year:
                default:
                    return {DateRange{CivilDate(today.year() - 1, 1, 1), CivilDate(today.year() - 1, 12, 31)},
                            ""};
                }
            }
        }
        return {};
    }

    if (w.size() == 3)
    {
        // "last 7 days", "past 2 weeks"
        if (w[0] == "last" || w[0] == "past")
        {
            const Unit unit = unitOf(w[2], true);
            const int64_t n = countOf(w[1]);
            if (unit != Unit::None && n > 0)
                return {DateRange{minus(today, unit, n).addDays(1), today}, ""};
            if (unit != Unit::None && n == 0)
                return {std::nullopt, countHint};
            return {};
        }
        // "3 days ago", "a week ago"
        if (w[2] == "ago")
        {
            const Unit unit = unitOf(w[1], true);
            const int64_t n = countOf(w[0]);
            if (unit != Unit::None && n > 0)
                return {single(minus(today, unit, n)), ""};
            if (unit != Unit::None && n == 0)
                return {std::nullopt, countHint};
        }
    }
    return {};
}

} // namespace

DateResolver::DateResolver(const Clock& clock, TimeZone zone) : _clock(clock), _zone(std::move(zone)) {}

CivilDate DateResolver::today() const
{
    return _zone.localDate(_clock.nowUnixMs());
}

std::string DateResolver::acceptedForms()
{
    return "Use an ISO date (2024-05-01) or one of: today, yesterday, last night (the sleep that ended this "
           "morning), a weekday (monday = the most recent Monday, last monday = the one before today), "
           "N days/weeks/months ago, last week / last month / last year (rolling, ending today), "
           "last N days/weeks/months (N = 1.." +
           std::to_string(MaxCount) +
           "), this week / this month / this year (so far), previous week / previous month / previous year "
           "(the last complete calendar period).";
}

std::optional<DateRange> DateResolver::resolvePhrase(const std::string& text) const
{
    const std::string t = trim(text);
    if (const auto date = CivilDate::fromIso(t))
        return single(*date);
    if (const auto dateTime = IsoDateTime::parse(t))
        return single(dateTime->date);
    return readPhrase(words(t), today()).range;
}

DateResolver::Result DateResolver::resolve(const std::string& startText, const std::string& endText) const
{
    const std::string start = trim(startText);
    const std::string end = trim(endText);
    const CivilDate now = today();

    auto read = [&](const std::string& text, const char* field,
                    std::string& error) -> std::optional<DateRange> {
        if (const auto date = CivilDate::fromIso(text))
            return single(*date);
        if (const auto dateTime = IsoDateTime::parse(text))
            return single(dateTime->date);
        const Reading reading = readPhrase(words(text), now);
        if (reading.range)
            return reading.range;
        error = std::string("Could not read ") + field + " \"" + text + "\"";
        if (!reading.detail.empty())
            error += " (" + reading.detail + ")";
        else if (looksLikeIsoDate(text))
            error += " (no such calendar date)";
        error += ". " + acceptedForms();
        return std::nullopt;
    };

    Result result;
    std::optional<DateRange> startRange;
    std::optional<DateRange> endRange;
    if (!start.empty())
    {
        startRange = read(start, "start_date", result.error);
        if (!startRange)
            return result;
    }
    if (!end.empty())
    {
        endRange = read(end, "end_date", result.error);
        if (!endRange)
            return result;
    }

    DateRange range;
    if (!startRange && !endRange)
        range = DateRange{now.addDays(-6), now};
    else if (!endRange)
        range = *startRange;
    else if (!startRange)
        range = DateRange{endRange->end.addDays(-6), endRange->end};
    else
        range = DateRange{startRange->start, endRange->end};

    if (range.start > range.end)
    {
        auto describe = [](const CivilDate& d, const std::string& text) {
            return d.toIso() + (text == d.toIso() ? std::string() : " (\"" + text + "\")");
        };
        result.error = "start_date " + describe(range.start, start) + " is after end_date " +
                       describe(range.end, end) + ".";
        return result;
    }
    if (range.dayCount() > MaxRangeDays)
    {
        result.error = "The range " + range.start.toIso() + " .. " + range.end.toIso() + " spans " +
                       std::to_string(range.dayCount()) + " days; at most " + std::to_string(MaxRangeDays) +
                       " days can be asked for at once.";
        return result;
    }
    result.range = range;
    return result;
}

} // namespace OuraMcp::Dates

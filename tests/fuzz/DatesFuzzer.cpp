// libFuzzer target: everything that reads dates and zones from text or bytes. The first input byte picks
// the reader; the rest is its input:
//   0  DateResolver::resolve(start, end) in one of several zones at a fuzzed "now"
//   1  CivilDate::fromIso and day arithmetic
//   2  IsoDateTime::parse
//   3  TimeZone::fromTzif (the bytes of a TZif file) and queries on the zone
//   4  TimeZone::fromPosixRule / PosixTzRule::parse and queries on the rule
// Oracles besides the sanitizers: the resolver never throws and every range it returns is ordered and at
// most MaxRangeDays long; ISO dates round-trip; parsed times are in range.
#include "dates/CivilDate.h"
#include "dates/DateResolver.h"
#include "dates/FixedClock.h"
#include "dates/IsoDateTime.h"
#include "dates/PosixTzRule.h"
#include "dates/TimeZone.h"

#include <fuzzer/FuzzedDataProvider.h>

#include <cstdlib>
#include <stdexcept>
#include <vector>

namespace {

using namespace OuraMcp::Dates;

void require(bool condition)
{
    if (!condition)
        std::abort();
}

const std::vector<TimeZone>& zones()
{
    static const std::vector<TimeZone> all = [] {
        std::vector<TimeZone> z{TimeZone::utc(), TimeZone::fromPosixRule("CET-1CEST,M3.5.0,M10.5.0/3"),
                                TimeZone::fromPosixRule("<+1345>-13:45<+1445>,M9.5.0/2:45,M4.1.0/3:45"),
                                TimeZone::fromPosixRule("EST5EDT")};
        // Real tzdata zones with odd rules, when the machine has tzdata (it is a build dependency).
        for (const char* name : {"Europe/Berlin", "America/Los_Angeles", "Australia/Lord_Howe",
                                 "Pacific/Kiritimati", "America/St_Johns", "Pacific/Apia"})
        {
            try
            {
                z.push_back(TimeZone::fromName(name));
            }
            catch (const std::invalid_argument&)
            {}
        }
        return z;
    }();
    return all;
}

// Instants from 1900 to 2200: what a clock or a TZif transition can plausibly hold.
constexpr int64_t MinMs = -2208988800000LL;
constexpr int64_t MaxMs = 7258118400000LL;

void queryZone(const TimeZone& zone, FuzzedDataProvider& in)
{
    for (int i = 0; i < 4 && in.remaining_bytes() > 0; ++i)
    {
        const int64_t ms = in.ConsumeIntegralInRange<int64_t>(MinMs, MaxMs);
        const CivilDate day = zone.localDate(ms);
        const int offset = zone.offsetSecondsAt(ms);
        require(offset > -26 * 3600 && offset < 26 * 3600);
        zone.localIso(ms);
        const int64_t midnight = zone.localMidnightUnixMs(day);
        require(zone.localDate(midnight) == day);
        zone.localMidnightIso(day);
    }
}

void resolve(FuzzedDataProvider& in)
{
    const auto& all = zones();
    const TimeZone& zone = all[in.ConsumeIntegralInRange<std::size_t>(0, all.size() - 1)];
    const FixedClock clock(in.ConsumeIntegralInRange<int64_t>(MinMs, MaxMs));
    const DateResolver resolver(clock, zone);
    const std::string start = in.ConsumeRandomLengthString(64);
    const std::string end = in.ConsumeRemainingBytesAsString();
    const auto result = resolver.resolve(start, end); // documented never to throw
    if (result.ok())
    {
        require(result.range->start <= result.range->end);
        require(result.range->dayCount() <= DateResolver::MaxRangeDays);
        require(result.error.empty());
    }
    else
        require(!result.error.empty());
    resolver.resolvePhrase(start);
}

void civilDate(FuzzedDataProvider& in)
{
    const std::string text = in.ConsumeRandomLengthString(16);
    if (const auto date = CivilDate::fromIso(text))
    {
        require(date->toIso() == text);
        require(CivilDate::fromDaysSinceEpoch(date->toDaysSinceEpoch()) == *date);
        const auto days = in.ConsumeIntegralInRange<int64_t>(-400000, 400000);
        require(date->addDays(days).daysFrom(*date) == days);
        const auto months = in.ConsumeIntegralInRange<int64_t>(-12000, 12000);
        const CivilDate moved = date->addMonths(months);
        require(CivilDate::isValid(moved.year(), moved.month(), moved.day()));
        require(date->dayOfWeek() < 7);
    }
}

void isoDateTime(FuzzedDataProvider& in)
{
    const auto parsed = IsoDateTime::parse(in.ConsumeRemainingBytesAsString());
    if (!parsed)
        return;
    require(parsed->secondsOfDay >= 0 && parsed->secondsOfDay < 86400);
    require(parsed->milliseconds >= 0 && parsed->milliseconds < 1000);
    require(parsed->toUnixMs().has_value() == parsed->offsetSeconds.has_value());
}

void tzif(FuzzedDataProvider& in)
{
    const std::string bytes = in.ConsumeRandomLengthString(in.remaining_bytes());
    try
    {
        const TimeZone zone = TimeZone::fromTzif("fuzz", bytes);
        queryZone(zone, in);
    }
    catch (const std::invalid_argument&)
    {}
}

void posixRule(FuzzedDataProvider& in)
{
    const std::string text = in.ConsumeRandomLengthString(64);
    if (const auto rule = PosixTzRule::parse(text))
    {
        const int64_t seconds = in.ConsumeIntegralInRange<int64_t>(MinMs / 1000, MaxMs / 1000);
        rule->offsetAt(seconds);
        if (const auto next = rule->nextTransitionAfter(seconds))
            require(*next > seconds);
    }
    try
    {
        queryZone(TimeZone::fromPosixRule(text), in);
    }
    catch (const std::invalid_argument&)
    {}
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***)
{
    zones(); // load tzdata once, outside the measured runs
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size)
{
    FuzzedDataProvider in(data, size);
    switch (in.ConsumeIntegralInRange<int>(0, 4))
    {
    case 0:
        resolve(in);
        break;
    case 1:
        civilDate(in);
        break;
    case 2:
        isoDateTime(in);
        break;
    case 3:
        tzif(in);
        break;
    default:
        posixRule(in);
        break;
    }
    return 0;
}

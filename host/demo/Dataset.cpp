#include "demo/Dataset.h"

#include "dates/CivilDate.h"
#include "demo/DemoZone.h"
#include "demo/Rng.h"

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <stdexcept>

namespace OuraMcp::Demo {

namespace {

constexpr double kWeightKg = 78.4;
constexpr double kPi = 3.14159265358979323846;

// Purposes that seed the per-day streams; changing one changes only that aspect of the data.
enum Stream : std::uint64_t
{
    NightStream = 1,
    NapStream,
    WorkoutStream,
    SessionStream,
    MetStream,
    HeartStream,
    ReadinessStream,
    DailyStream,
    TagStream,
    RestModeStream,
    IdStream
};

double round(double value, int decimals)
{
    const double scale = std::pow(10.0, decimals);
    return std::round(value * scale) / scale + 0.0; // + 0.0 turns -0.0 into 0.0
}

int clampScore(double value)
{
    return static_cast<int>(std::lround(std::clamp(value, 1.0, 100.0)));
}

std::int64_t wallSecondsOf(std::int64_t utc)
{
    return DemoZone::utcToLocalWall(utc);
}

// ---- the person's slow rhythms: pure functions of the day number ----------------------------------------

double fitness(std::int64_t day)
{
    const double d = static_cast<double>(day);
    return std::clamp(0.55 + 0.25 * std::sin(2 * kPi * d / 211.0) + 0.12 * std::sin(2 * kPi * d / 47.0), 0.0,
                      1.0);
}

double baseLowestHr(std::int64_t day)
{
    return 56.0 - 6.0 * fitness(day);
}

double baseHrv(std::int64_t day)
{
    return 30.0 + 20.0 * fitness(day);
}

bool weekendMorning(std::int64_t day)
{
    return DemoZone::weekday(day) >= 5;
}

// ---- ids: UUID-shaped, with the day recoverable so that /{document_id} needs no index ------------------

std::uint64_t dayMask(std::uint64_t seed)
{
    return Rng::hash({seed, IdStream}) & 0xffff;
}

std::string makeId(std::uint64_t seed, const std::string& collection, std::int64_t day, int index)
{
    const std::uint64_t h = Rng::hash({seed, Rng::hashText(collection), static_cast<std::uint64_t>(day),
                                       static_cast<std::uint64_t>(index), IdStream});
    const std::uint64_t h2 = Rng::mix(h);
    char buffer[40];
    std::snprintf(
        buffer, sizeof buffer, "%08llx-%04llx-4%03x-%04llx-%012llx", static_cast<unsigned long long>(h >> 32),
        static_cast<unsigned long long>((static_cast<std::uint64_t>(day) ^ dayMask(seed)) & 0xffff),
        static_cast<unsigned>(index & 0xfff), static_cast<unsigned long long>(0x8000 | (h2 & 0x3fff)),
        static_cast<unsigned long long>((h2 >> 16) & 0xffffffffffffULL));
    return buffer;
}

std::optional<std::int64_t> dayFromId(std::uint64_t seed, const std::string& id)
{
    if (id.size() != 36 || id[8] != '-' || id[13] != '-')
        return std::nullopt;
    try
    {
        std::size_t used = 0;
        const auto group = std::stoull(id.substr(9, 4), &used, 16);
        if (used != 4)
            return std::nullopt;
        return static_cast<std::int64_t>((group ^ dayMask(seed)) & 0xffff);
    }
    catch (const std::exception&)
    {
        return std::nullopt;
    }
}

// ---- building blocks ------------------------------------------------------------------------------------

using Series = std::vector<std::optional<double>>;

Json sampleJson(double interval, const Series& items, std::int64_t startUtc)
{
    Json values = Json::array();
    for (const auto& item : items)
        values.push_back(item ? Json(*item) : Json(nullptr));
    return Json{
        {"interval", interval}, {"items", values}, {"timestamp", DemoZone::formatLocal(startUtc, true)}};
}

struct SleepPeriod
{
    std::int64_t day = 0;
    int period = 0;
    bool nap = false;
    std::int64_t start = 0; // bedtime_start (UTC)
    std::int64_t end = 0;   // bedtime_end (UTC)
    int latencyEpochs = 0;
    std::string phases30;   // '1' deep, '2' light, '3' REM, '4' awake
    std::string movement30; // '1'..'4'
    Series hr;              // every 300 s from start
    Series hrv;
    double breath = 14.5;
    double unrest = 0.2; // 0 calm .. 1 very broken night

    int timeInBed() const { return static_cast<int>(end - start); }
    int count(char phase) const
    {
        return static_cast<int>(std::count(phases30.begin(), phases30.end(), phase));
    }
    int deep() const { return count('1') * 30; }
    int light() const { return count('2') * 30; }
    int rem() const { return count('3') * 30; }
    int total() const { return deep() + light() + rem(); }
    int awake() const { return timeInBed() - total(); }
    int efficiency() const { return clampScore(100.0 * total() / std::max(1, timeInBed())); }
    int restless() const
    {
        return static_cast<int>(
            std::count_if(movement30.begin(), movement30.end(), [](char c) { return c >= '2'; }));
    }
    int lowestHr() const
    {
        double low = 200;
        for (const auto& v : hr)
            if (v)
                low = std::min(low, *v);
        return static_cast<int>(low);
    }
    double averageHr() const
    {
        double sum = 0;
        int n = 0;
        for (const auto& v : hr)
            if (v)
                sum += *v, ++n;
        return n ? round(sum / n, 3) : 0.0;
    }
    int averageHrv() const
    {
        double sum = 0;
        int n = 0;
        for (const auto& v : hrv)
            if (v)
                sum += *v, ++n;
        return n ? static_cast<int>(std::lround(sum / n)) : 0;
    }
    std::string phases5() const
    {
        std::string out;
        for (std::size_t i = 0; i < phases30.size(); i += 10)
        {
            std::array<int, 5> counts{};
            for (std::size_t j = i; j < std::min(phases30.size(), i + 10); ++j)
                ++counts[static_cast<std::size_t>(phases30[j] - '0')];
            int best = 1;
            for (int p = 2; p <= 4; ++p)
                if (counts[static_cast<std::size_t>(p)] > counts[static_cast<std::size_t>(best)])
                    best = p;
            out += static_cast<char>('0' + best);
        }
        return out;
    }
};

void fillSleep(SleepPeriod& s, Rng& rng)
{
    const int tib = s.timeInBed();
    const int n30 = (tib + 29) / 30;
    s.phases30.assign(static_cast<std::size_t>(n30), '2');
    s.latencyEpochs = std::clamp(static_cast<int>(rng.normal(s.nap ? 10 : 26 + 30 * s.unrest, 10)), 4, 110);
    const int tail = s.nap ? rng.range(2, 6) : rng.range(8, 30);
    int pos = 0;
    for (; pos < std::min(n30, s.latencyEpochs); ++pos)
        s.phases30[static_cast<std::size_t>(pos)] = '4';
    const int sleepEnd = std::max(pos, n30 - tail);
    int cycle = 0;
    while (pos < sleepEnd)
    {
        const int length = std::max(20, static_cast<int>(rng.normal(180, 18)));
        const double deepFraction = std::max(0.04, 0.34 - 0.08 * cycle) * rng.uniform(0.8, 1.2);
        const double remFraction = std::min(0.36, 0.10 + 0.07 * cycle) * rng.uniform(0.8, 1.2);
        const int deep = static_cast<int>(length * deepFraction);
        const int rem = static_cast<int>(length * remFraction);
        const int lightBefore = (length - deep - rem) * 2 / 3;
        const int blip =
            rng.chance(0.5 + 0.45 * s.unrest) ? rng.range(2, 10 + static_cast<int>(50 * s.unrest)) : 0;
        const std::array<std::pair<char, int>, 5> parts{{{'2', lightBefore},
                                                         {'1', deep},
                                                         {'2', length - deep - rem - lightBefore},
                                                         {'3', rem},
                                                         {'4', blip}}};
        for (const auto& [phase, epochs] : parts)
            for (int i = 0; i < epochs && pos < sleepEnd; ++i)
                s.phases30[static_cast<std::size_t>(pos++)] = phase;
        ++cycle;
    }
    for (; pos < n30; ++pos)
        s.phases30[static_cast<std::size_t>(pos)] = '4';

    s.movement30.resize(s.phases30.size());
    for (std::size_t i = 0; i < s.phases30.size(); ++i)
    {
        const double u = rng.uniform();
        char m = '1';
        switch (s.phases30[i])
        {
        case '4':
            m = u < 0.3 ? '2' : (u < 0.75 ? '3' : '4');
            break;
        case '2':
            m = u < 0.75 ? '1' : (u < 0.95 ? '2' : '3');
            break;
        case '3':
            m = u < 0.9 ? '1' : '2';
            break;
        default:
            m = u < 0.97 ? '1' : '2';
        }
        s.movement30[i] = m;
    }

    const double lowest = baseLowestHr(s.day) + rng.normal(0, 1.8) + (s.nap ? 6 : 0);
    const double hrvBase = baseHrv(s.day) + rng.normal(0, 4);
    const int items = tib / 300;
    for (int k = 0; k < items; ++k)
    {
        const char phase = s.phases30[static_cast<std::size_t>(std::min(n30 - 1, k * 10))];
        if ((k == 0 && rng.chance(0.4)) || rng.chance(0.02))
        {
            s.hr.emplace_back();
            s.hrv.emplace_back();
            continue;
        }
        const double drift = 11.0 * std::exp(-k / 14.0) + 4.0 * s.unrest + 3.0 * k / std::max(1, items);
        const double bump = phase == '4' ? 6.0 : (phase == '3' ? 2.5 : 0.0);
        const double bpm = std::round(std::max(38.0, lowest + drift + bump + std::abs(rng.normal(0, 1.3))));
        const double hrv = std::round(
            std::clamp(hrvBase + 12.0 * (1 - std::exp(-k / 10.0)) - 0.9 * (bpm - lowest) + rng.normal(0, 5),
                       12.0, 160.0));
        s.hr.emplace_back(bpm);
        s.hrv.emplace_back(hrv);
    }
    s.breath = round(rng.normal(14.6, 0.5) * 8, 0) / 8;
}

struct EnhancedTag
{
    std::optional<std::string> code;
    std::int64_t start = 0;
    std::optional<std::int64_t> end;
    std::optional<std::string> comment;
    std::optional<std::string> customName;
};

std::vector<EnhancedTag> makeTags(std::uint64_t seed, std::int64_t day)
{
    Rng rng(Rng::hash({seed, TagStream, static_cast<std::uint64_t>(day)}));
    std::vector<EnhancedTag> out;
    if (!rng.chance(0.14))
        return out;
    EnhancedTag t;
    const int kind = rng.range(0, 5);
    switch (kind)
    {
    case 0:
        t.code = "tag_generic_alcohol";
        t.start = DemoZone::localToUtc(day, 19 * 3600 + rng.range(0, 7200));
        t.end = t.start + rng.range(1, 3) * 3600;
        break;
    case 1:
        t.code = "tag_generic_caffeine";
        t.start = DemoZone::localToUtc(day, 15 * 3600 + rng.range(0, 3600));
        break;
    case 2:
        t.code = "tag_generic_late_meal";
        t.start = DemoZone::localToUtc(day, 21 * 3600 + rng.range(0, 1800));
        break;
    case 3:
        t.code = "tag_generic_sauna";
        t.start = DemoZone::localToUtc(day, 18 * 3600 + rng.range(0, 3600));
        t.end = t.start + 45 * 60;
        t.comment = "Two rounds";
        break;
    case 4:
        t.code = "custom";
        t.customName = "Hiking";
        t.start = DemoZone::localToUtc(day, 10 * 3600 + rng.range(0, 3600));
        t.end = t.start + rng.range(2, 4) * 3600;
        break;
    default:
        t.start = DemoZone::localToUtc(day, 8 * 3600 + rng.range(0, 3600));
        t.comment = "Felt a cold coming on";
    }
    out.push_back(t);
    return out;
}

SleepPeriod makeNight(std::uint64_t seed, std::int64_t day)
{
    Rng rng(Rng::hash({seed, NightStream, static_cast<std::uint64_t>(day)}));
    SleepPeriod s;
    s.day = day;
    const bool lateNight = weekendMorning(day); // Friday and Saturday nights run late
    const bool shortNight = rng.chance(0.1);    // a late evening before an ordinary alarm
    const double bed =
        std::clamp(rng.normal(lateNight || shortNight ? 23 * 3600 + 20 * 60 : 22 * 3600 + 40 * 60, 22 * 60),
                   21.0 * 3600 + 40 * 60, 23.0 * 3600 + 55 * 60);
    const double wake =
        std::clamp(rng.normal(weekendMorning(day) ? 8 * 3600 + 20 * 60
                                                  : (shortNight ? 5 * 3600 + 50 * 60 : 6 * 3600 + 50 * 60),
                              18 * 60),
                   5.0 * 3600 + 20 * 60, 9.0 * 3600 + 40 * 60);
    s.unrest = rng.chance(0.15) ? rng.uniform(0.5, 1.0) : rng.uniform(0.0, 0.4);
    for (const auto& tag : makeTags(seed, day - 1)) // a drink in the evening shows in the night
        if (tag.code && *tag.code == "tag_generic_alcohol")
            s.unrest = std::min(1.0, s.unrest + 0.4);
    s.start = DemoZone::localToUtc(day - 1, static_cast<std::int64_t>(bed));
    s.end = DemoZone::localToUtc(day, static_cast<std::int64_t>(wake));
    fillSleep(s, rng);
    return s;
}

std::optional<SleepPeriod> makeNap(std::uint64_t seed, std::int64_t day)
{
    Rng rng(Rng::hash({seed, NapStream, static_cast<std::uint64_t>(day)}));
    if (!rng.chance(weekendMorning(day) ? 0.2 : 0.05))
        return std::nullopt;
    SleepPeriod s;
    s.day = day;
    s.period = 1;
    s.nap = true;
    s.start = DemoZone::localToUtc(day, 13 * 3600 + 30 * 60 + rng.range(0, 3600));
    s.end = s.start + rng.range(20, 50) * 60 + rng.range(0, 59);
    fillSleep(s, rng);
    return s;
}

struct Workout
{
    std::string activity;
    std::string intensity;
    std::string source;
    std::optional<std::string> label;
    std::int64_t start = 0;
    std::int64_t end = 0;
    double met = 5;
    double calories = 0;
    std::optional<double> distance;
    int stepsPerMinute = 0;
};

std::vector<Workout> makeWorkouts(std::uint64_t seed, std::int64_t day)
{
    Rng rng(Rng::hash({seed, WorkoutStream, static_cast<std::uint64_t>(day)}));
    std::vector<Workout> out;
    const bool weekend = weekendMorning(day);
    const double f = fitness(day);
    auto add = [&](const std::string& activity, std::int64_t startSeconds) {
        Workout w;
        w.activity = activity;
        int minutes = 40;
        double speedKmh = 0;
        if (activity == "running")
        {
            minutes = rng.range(28, 62);
            w.intensity = rng.chance(0.35 + 0.3 * f) ? "hard" : "moderate";
            w.met = w.intensity == "hard" ? rng.uniform(9.5, 11.0) : rng.uniform(7.5, 9.0);
            speedKmh = w.intensity == "hard" ? rng.uniform(11, 13) : rng.uniform(9, 10.5);
            w.stepsPerMinute = 160;
        }
        else if (activity == "cycling")
        {
            minutes = rng.range(45, 100);
            w.intensity = rng.chance(0.5) ? "moderate" : "hard";
            w.met = w.intensity == "hard" ? rng.uniform(8, 9.5) : rng.uniform(6, 7.5);
            speedKmh = rng.uniform(22, 28);
        }
        else if (activity == "walking")
        {
            minutes = rng.range(20, 45);
            w.intensity = "easy";
            w.met = rng.uniform(3.3, 4.2);
            speedKmh = rng.uniform(4.6, 5.6);
            w.stepsPerMinute = 110;
        }
        else if (activity == "strength_training")
        {
            minutes = rng.range(40, 70);
            w.intensity = "moderate";
            w.met = rng.uniform(4.5, 6.0);
            w.stepsPerMinute = 12;
        }
        else
        {
            minutes = rng.range(30, 60);
            w.intensity = "easy";
            w.met = rng.uniform(2.5, 3.2);
            w.stepsPerMinute = 3;
        }
        w.start = DemoZone::localToUtc(day, startSeconds);
        w.end = w.start + minutes * 60 + rng.range(0, 59);
        const double hours = static_cast<double>(w.end - w.start) / 3600.0;
        w.calories = round(w.met * kWeightKg * hours, 3);
        if (speedKmh > 0)
            w.distance = round(speedKmh * 1000 * hours, 1);
        const double u = rng.uniform();
        w.source = u < 0.55 ? "confirmed" : (u < 0.85 ? "autodetected" : "manual");
        if (w.source == "manual" && rng.chance(0.5))
            w.label = activity == "running" ? "Intervals" : (activity == "cycling" ? "Commute" : "Gym");
        if (w.source == "manual")
            w.distance = std::nullopt; // manual entries often carry no distance
        out.push_back(w);
    };

    if (rng.chance(0.42 + 0.15 * f))
    {
        const double u = rng.uniform();
        const std::string activity = u < 0.32   ? "running"
                                     : u < 0.55 ? "cycling"
                                     : u < 0.72 ? "walking"
                                     : u < 0.88 ? "strength_training"
                                                : "yoga";
        const std::int64_t startSeconds =
            weekend ? 10 * 3600 + rng.range(0, 5400) : 17 * 3600 + 45 * 60 + rng.range(0, 6300);
        add(activity, startSeconds);
    }
    if (!weekend && rng.chance(0.25))
        add("walking", 12 * 3600 + rng.range(0, 1800));
    std::sort(out.begin(), out.end(), [](const Workout& a, const Workout& b) { return a.start < b.start; });
    return out;
}

struct Session
{
    std::string type;
    std::optional<std::string> mood;
    std::int64_t start = 0;
    std::int64_t end = 0;
    Series hr;
    Series hrv;
    Series motion;
};

std::optional<Session> makeSession(std::uint64_t seed, std::int64_t day)
{
    Rng rng(Rng::hash({seed, SessionStream, static_cast<std::uint64_t>(day)}));
    if (!rng.chance(0.16))
        return std::nullopt;
    static const char* types[] = {"meditation", "breathing", "body_status", "relaxation", "rest"};
    static const char* moods[] = {"bad", "worse", "same", "good", "great"};
    Session s;
    s.type = types[rng.range(0, 4)];
    if (rng.chance(0.6))
        s.mood = moods[rng.range(2, 4)];
    s.start = DemoZone::localToUtc(day, 15 * 3600 + 40 * 60 + rng.range(0, 1800));
    s.end = s.start + rng.range(5, 15) * 60;
    const int items = static_cast<int>((s.end - s.start) / 5);
    const double base = baseLowestHr(day) + 12;
    for (int i = 0; i < items; ++i)
    {
        if (i < 3)
        {
            s.hr.emplace_back();
            s.hrv.emplace_back();
        }
        else
        {
            s.hr.emplace_back(std::round(base - 4.0 * i / items + rng.normal(0, 1.5)));
            s.hrv.emplace_back(
                std::round(std::clamp(baseHrv(day) + 8.0 * i / items + rng.normal(0, 6), 8.0, 150.0)));
        }
        s.motion.emplace_back(static_cast<double>(rng.chance(0.85) ? 0 : rng.range(1, 3)));
    }
    return s;
}

struct Charge
{
    bool today = false;
    std::int64_t start = 0;
    std::int64_t end = 0;
};

int chargePhase(std::uint64_t seed)
{
    return static_cast<int>(Rng::hash({seed, 99}) % 5);
}

Charge chargeOn(std::uint64_t seed, std::int64_t day)
{
    Charge c;
    c.today = ((day % 5) + 5) % 5 == chargePhase(seed);
    c.start = DemoZone::localToUtc(day, 16 * 3600 + 30 * 60);
    c.end = c.start + 70 * 60;
    return c;
}

// Everything that happens on one local day; cheap enough to rebuild whenever it is needed.
struct DayPlan
{
    std::int64_t day = 0;
    SleepPeriod night; // ends on the morning of day
    std::optional<SleepPeriod> nap;
    std::vector<Workout> workouts;
    std::optional<Session> session;
    Charge charge;
};

DayPlan makePlan(std::uint64_t seed, std::int64_t day)
{
    DayPlan p;
    p.day = day;
    p.night = makeNight(seed, day);
    p.nap = makeNap(seed, day);
    p.workouts = makeWorkouts(seed, day);
    p.session = makeSession(seed, day);
    p.charge = chargeOn(seed, day);
    return p;
}

// ---- scores -------------------------------------------------------------------------------------------

struct SleepScore
{
    Json contributors;
    int score = 0;
};

SleepScore sleepScore(const SleepPeriod& s)
{
    const double hours = s.total() / 3600.0;
    const int total = clampScore(hours < 8 ? 100 - (8 - hours) * 17 : 100 - std::max(0.0, hours - 9) * 10);
    const int efficiency = clampScore(100 - (94 - s.efficiency()) * 3.2);
    const double latencyMinutes = s.latencyEpochs * 0.5;
    const int latency = clampScore(100 - std::abs(latencyMinutes - 12) * 2.2);
    const int deep = clampScore(s.deep() / 60.0 / 85.0 * 100);
    const int rem = clampScore(s.rem() / 60.0 / 100.0 * 100);
    const int restfulness = clampScore(100 - s.restless() / 6.0);
    const double midpoint = static_cast<double>((wallSecondsOf(s.start) + wallSecondsOf(s.end)) / 2 -
                                                s.day * 86400); // seconds after local midnight
    const int timing = clampScore(100 - std::abs(midpoint - 3 * 3600) / 60.0 * 0.45);
    SleepScore out;
    out.contributors = Json{{"deep_sleep", deep},  {"efficiency", efficiency},   {"latency", latency},
                            {"rem_sleep", rem},    {"restfulness", restfulness}, {"timing", timing},
                            {"total_sleep", total}};
    out.score = clampScore(0.35 * total + 0.1 * efficiency + 0.1 * latency + 0.1 * deep + 0.1 * rem +
                           0.15 * restfulness + 0.1 * timing);
    return out;
}

struct Readiness
{
    Json contributors;
    int score = 0;
    double temperatureDeviation = 0;
    double temperatureTrend = 0;
};

Readiness readiness(std::uint64_t seed, const DayPlan& plan)
{
    Rng rng(Rng::hash({seed, ReadinessStream, static_cast<std::uint64_t>(plan.day)}));
    const SleepPeriod& n = plan.night;
    const auto yesterday = makeWorkouts(seed, plan.day - 1);
    int hardYesterday = 0;
    for (const auto& w : yesterday)
        hardYesterday += w.intensity == "hard" ? 2 : 1;
    Readiness r;
    r.temperatureDeviation = round(rng.chance(0.03) ? rng.uniform(0.5, 1.1) : rng.normal(0, 0.17), 2);
    r.temperatureTrend = round(0.6 * r.temperatureDeviation + rng.normal(0, 0.05), 2);
    const int activityBalance = clampScore(70 + 25 * fitness(plan.day) + rng.normal(0, 4));
    const int bodyTemperature = clampScore(100 - std::max(0.0, std::abs(r.temperatureDeviation) - 0.1) * 110);
    const int hrvBalance = clampScore(78 + 1.1 * (n.averageHrv() - baseHrv(plan.day)) + rng.normal(0, 4));
    const int previousDayActivity = clampScore(88 - 8 * hardYesterday + rng.normal(0, 5));
    const int previousNight = sleepScore(n).score;
    const int recoveryIndex = clampScore(rng.normal(82, 10));
    const int restingHeartRate = clampScore(100 - 7 * (n.lowestHr() - baseLowestHr(plan.day)));
    const int sleepBalance = clampScore(rng.normal(80, 8));
    const int sleepRegularity = clampScore(rng.normal(84, 7));
    r.contributors = Json{{"activity_balance", activityBalance},
                          {"body_temperature", bodyTemperature},
                          {"hrv_balance", hrvBalance},
                          {"previous_day_activity", previousDayActivity},
                          {"previous_night", previousNight},
                          {"recovery_index", recoveryIndex},
                          {"resting_heart_rate", restingHeartRate},
                          {"sleep_balance", sleepBalance},
                          {"sleep_regularity", sleepRegularity}};
    r.score = clampScore(0.1 * activityBalance + 0.12 * bodyTemperature + 0.14 * hrvBalance +
                         0.1 * previousDayActivity + 0.16 * previousNight + 0.1 * recoveryIndex +
                         0.14 * restingHeartRate + 0.08 * sleepBalance + 0.06 * sleepRegularity);
    return r;
}

// ---- per-collection documents ----------------------------------------------------------------------------

Json sleepJson(std::uint64_t seed, const DayPlan& plan, const SleepPeriod& s)
{
    Json readinessJson = nullptr;
    Json readinessDelta = nullptr;
    Json sleepDelta = nullptr;
    if (!s.nap)
    {
        const Readiness r = readiness(seed, plan);
        readinessJson = Json{{"contributors", r.contributors},
                             {"score", r.score},
                             {"temperature_deviation", r.temperatureDeviation},
                             {"temperature_trend_deviation", r.temperatureTrend}};
    }
    else
    {
        readinessDelta = 1 + static_cast<int>(s.total() / 1800);
        sleepDelta = static_cast<int>(s.total() / 1200);
    }
    const std::string phases5 = s.phases5();
    return Json{{"id", makeId(seed, "sleep", s.day, s.period)},
                {"average_breath", s.breath},
                {"average_heart_rate", s.averageHr()},
                {"average_hrv", s.averageHrv()},
                {"awake_time", s.awake()},
                {"bedtime_end", DemoZone::formatLocal(s.end)},
                {"bedtime_start", DemoZone::formatLocal(s.start)},
                {"day", DemoZone::formatDay(s.day)},
                {"deep_sleep_duration", s.deep()},
                {"efficiency", s.efficiency()},
                {"heart_rate", sampleJson(300.0, s.hr, s.start)},
                {"hrv", sampleJson(300.0, s.hrv, s.start)},
                {"latency", s.latencyEpochs * 30},
                {"light_sleep_duration", s.light()},
                {"low_battery_alert", false},
                {"lowest_heart_rate", s.lowestHr()},
                {"movement_30_sec", s.movement30},
                {"period", s.period},
                {"readiness", readinessJson},
                {"readiness_score_delta", readinessDelta},
                {"rem_sleep_duration", s.rem()},
                {"restless_periods", s.restless()},
                {"sleep_algorithm_version", "v2"},
                {"sleep_analysis_reason", "foreground_sleep_analysis"},
                {"sleep_phase_30_sec", s.phases30},
                {"sleep_phase_5_min", phases5},
                {"sleep_score_delta", sleepDelta},
                {"time_in_bed", s.timeInBed()},
                {"total_sleep_duration", s.total()},
                {"type", s.nap ? "sleep" : "long_sleep"},
                {"ring_id", nullptr},
                {"app_sleep_phase_5_min", phases5}};
}

Json activityJson(std::uint64_t seed, std::int64_t day)
{
    const DayPlan plan = makePlan(seed, day);
    const SleepPeriod nextNight = makeNight(seed, day + 1);
    Rng rng(Rng::hash({seed, MetStream, static_cast<std::uint64_t>(day)}));
    const std::int64_t start = DemoZone::localToUtc(day, 4 * 3600);

    Json met = Json::array();
    std::string minuteClass(1440, '2');
    double metSum = 0;
    int worn = 0;
    double steps = 0;
    double activeCalories = 0;
    std::array<double, 6> metMinutes{};
    int boutLeft = 0;
    int boutLevel = 2;
    int sedentaryRun = 0;
    int alerts = 0;
    for (int i = 0; i < 1440; ++i)
    {
        const std::int64_t t = start + 60 * i;
        const int hour = static_cast<int>((wallSecondsOf(t) % 86400) / 3600);
        std::optional<double> value;
        char cls = '2';
        const Workout* workout = nullptr;
        for (const auto& w : plan.workouts)
            if (t >= w.start && t < w.end)
                workout = &w;
        const bool asleep = (t >= plan.night.start && t < plan.night.end) ||
                            (t >= nextNight.start && t < nextNight.end) ||
                            (plan.nap && t >= plan.nap->start && t < plan.nap->end);
        if (plan.charge.today && t >= plan.charge.start && t < plan.charge.end)
            cls = '0';
        else if (asleep)
        {
            value = rng.uniform(0.9, 1.0);
            cls = '1';
        }
        else if (workout)
        {
            value = workout->met * rng.uniform(0.9, 1.1);
            steps += workout->stepsPerMinute * rng.uniform(0.85, 1.1);
        }
        else if (plan.session && t >= plan.session->start && t < plan.session->end)
            value = rng.uniform(1.0, 1.1);
        else
        {
            if (boutLeft <= 0)
            {
                const bool commute = DemoZone::weekday(day) < 5 && (hour == 8 || hour == 17);
                const double u = rng.uniform();
                if (u < (commute ? 0.35 : 0.08))
                    boutLevel = 4, boutLeft = rng.range(3, 12);
                else if (u < (commute ? 0.7 : 0.4))
                    boutLevel = 3, boutLeft = rng.range(3, 15);
                else
                    boutLevel = 2, boutLeft = rng.range(8, 55);
            }
            --boutLeft;
            value = boutLevel == 4 ? rng.uniform(3.0, 5.0)
                                   : (boutLevel == 3 ? rng.uniform(1.6, 2.9) : rng.uniform(1.05, 1.45));
            steps += boutLevel == 4 ? rng.uniform(95, 125)
                                    : (boutLevel == 3 ? rng.uniform(15, 60) : rng.uniform(0, 6));
        }
        if (value)
        {
            const double v = round(*value, 3);
            cls = cls == '1' ? '1' : (v < 1.5 ? '2' : (v < 3.0 ? '3' : (v < 6.0 ? '4' : '5')));
            met.push_back(v);
            metSum += v;
            ++worn;
            metMinutes[static_cast<std::size_t>(cls - '0')] += v;
            if (cls != '1')
                activeCalories += std::max(0.0, v - 1.0) * kWeightKg * 3.5 / 200.0;
        }
        else
            met.push_back(nullptr);
        minuteClass[static_cast<std::size_t>(i)] = cls;
        if (cls == '2' && hour >= 9 && hour < 21)
        {
            if (++sedentaryRun == 60)
                ++alerts;
        }
        else
            sedentaryRun = 0;
    }

    std::string class5;
    std::array<int, 6> blocks{};
    for (int b = 0; b < 288; ++b)
    {
        std::array<int, 6> counts{};
        for (int j = 0; j < 5; ++j)
            ++counts[static_cast<std::size_t>(minuteClass[static_cast<std::size_t>(b * 5 + j)] - '0')];
        int best = 0;
        for (int c = 1; c < 6; ++c)
            if (counts[static_cast<std::size_t>(c)] >= counts[static_cast<std::size_t>(best)])
                best = c;
        class5 += static_cast<char>('0' + best);
        ++blocks[static_cast<std::size_t>(best)];
    }

    const double f = fitness(day);
    const int targetCalories = static_cast<int>(std::lround((350 + 250 * f) / 50.0) * 50);
    const int targetMeters = static_cast<int>(std::lround(targetCalories * 17.0 / 500.0) * 500);
    const int walking = static_cast<int>(std::lround(steps * 0.78));
    double cyclingMeters = 0;
    for (const auto& w : plan.workouts)
        if (w.activity == "cycling" && w.distance)
            cyclingMeters += *w.distance * 0.3;
    const int equivalentDistance = walking + static_cast<int>(cyclingMeters);
    const int active = static_cast<int>(std::lround(activeCalories));
    const int stayActive = clampScore(100 - std::max(0.0, blocks[2] * 300 / 3600.0 - 7) * 9);
    const int moveEveryHour = clampScore(100 - 15 * alerts);
    const int meetTargets =
        clampScore(50 + 50 * std::min(1.0, static_cast<double>(active) / targetCalories) + rng.normal(0, 4));
    const int recoveryTime = clampScore(rng.normal(88, 8));
    const int frequency = clampScore(55 + 40 * f + rng.normal(0, 5));
    const int volume = clampScore(50 + 45 * f + rng.normal(0, 6));
    const int score = clampScore(0.25 * meetTargets + 0.15 * moveEveryHour + 0.15 * recoveryTime +
                                 0.15 * stayActive + 0.15 * frequency + 0.15 * volume);

    return Json{
        {"id", makeId(seed, "daily_activity", day, 0)},
        {"class_5_min", class5},
        {"score", score},
        {"active_calories", active},
        {"average_met_minutes", worn ? round(metSum / worn, 3) : 0.0},
        {"contributors",
         {{"meet_daily_targets", meetTargets},
          {"move_every_hour", moveEveryHour},
          {"recovery_time", recoveryTime},
          {"stay_active", stayActive},
          {"training_frequency", frequency},
          {"training_volume", volume}}},
        {"equivalent_walking_distance", equivalentDistance},
        {"high_activity_met_minutes", static_cast<int>(std::lround(metMinutes[5]))},
        {"high_activity_time", blocks[5] * 300},
        {"inactivity_alerts", alerts},
        {"low_activity_met_minutes", static_cast<int>(std::lround(metMinutes[3]))},
        {"low_activity_time", blocks[3] * 300},
        {"medium_activity_met_minutes", static_cast<int>(std::lround(metMinutes[4]))},
        {"medium_activity_time", blocks[4] * 300},
        {"met", {{"interval", 60.0}, {"items", met}, {"timestamp", DemoZone::formatLocal(start, true)}}},
        {"meters_to_target",
         static_cast<int>(std::lround((targetMeters - equivalentDistance) / 100.0) * 100)},
        {"non_wear_time", blocks[0] * 300},
        {"resting_time", blocks[1] * 300},
        {"sedentary_met_minutes", static_cast<int>(std::lround(metMinutes[2]))},
        {"sedentary_time", blocks[2] * 300},
        {"steps", static_cast<int>(std::lround(steps))},
        {"target_calories", targetCalories},
        {"target_meters", targetMeters},
        {"total_calories", 1690 + active},
        {"day", DemoZone::formatDay(day)},
        {"timestamp", DemoZone::formatLocal(start)}};
}

std::string localDayOf(std::int64_t utc)
{
    return DemoZone::formatDay(wallSecondsOf(utc) / 86400);
}

Json optionalString(const std::optional<std::string>& value)
{
    return value ? Json(*value) : Json(nullptr);
}

std::int64_t midnightWall(std::int64_t day)
{
    return day * 86400;
}

std::vector<DemoDocument> generate(std::uint64_t seed, const std::string& c, std::int64_t day)
{
    std::vector<DemoDocument> out;
    const std::string dayText = DemoZone::formatDay(day);
    Rng daily(Rng::hash({seed, DailyStream, Rng::hashText(c), static_cast<std::uint64_t>(day)}));
    if (c == "daily_activity")
        out.push_back({activityJson(seed, day), midnightWall(day) + 4 * 3600});
    else if (c == "sleep")
    {
        const DayPlan plan = makePlan(seed, day);
        out.push_back({sleepJson(seed, plan, plan.night), wallSecondsOf(plan.night.start)});
        if (plan.nap)
            out.push_back({sleepJson(seed, plan, *plan.nap), wallSecondsOf(plan.nap->start)});
    }
    else if (c == "daily_sleep")
    {
        const SleepScore s = sleepScore(makeNight(seed, day));
        out.push_back({Json{{"id", makeId(seed, c, day, 0)},
                            {"contributors", s.contributors},
                            {"day", dayText},
                            {"score", s.score},
                            {"timestamp", DemoZone::formatWallUtc(day, 0)}},
                       midnightWall(day)});
    }
    else if (c == "daily_readiness")
    {
        const Readiness r = readiness(seed, makePlan(seed, day));
        out.push_back({Json{{"id", makeId(seed, c, day, 0)},
                            {"contributors", r.contributors},
                            {"day", dayText},
                            {"score", r.score},
                            {"temperature_deviation", r.temperatureDeviation},
                            {"temperature_trend_deviation", r.temperatureTrend},
                            {"timestamp", DemoZone::formatWallUtc(day, 0)}},
                       midnightWall(day)});
    }
    else if (c == "daily_spo2")
    {
        const bool missing = daily.chance(0.03); // a night without usable SpO2 readings
        out.push_back(
            {Json{{"id", makeId(seed, c, day, 0)},
                  {"breathing_disturbance_index", missing ? Json(nullptr) : Json(daily.range(2, 22))},
                  {"day", dayText},
                  {"spo2_percentage",
                   missing ? Json(nullptr) : Json{{"average", round(daily.normal(97.1, 0.6), 3)}}}},
             midnightWall(day)});
    }
    else if (c == "daily_stress")
    {
        const int stress = 900 * std::max(0, static_cast<int>(daily.normal(weekendMorning(day) ? 3 : 7, 3)));
        const int recovery = 900 * std::max(0, static_cast<int>(daily.normal(8, 3)));
        const char* summary =
            stress > recovery + 3600 ? "stressful" : (recovery > stress + 3600 ? "restored" : "normal");
        out.push_back({Json{{"id", makeId(seed, c, day, 0)},
                            {"day", dayText},
                            {"day_summary", summary},
                            {"recovery_high", recovery},
                            {"stress_high", stress}},
                       midnightWall(day)});
    }
    else if (c == "daily_resilience")
    {
        const double f = fitness(day);
        const double sleepRecovery = round(std::clamp(daily.normal(40 + 30 * f, 8), 0.0, 100.0), 1);
        const double daytimeRecovery = round(std::clamp(daily.normal(35 + 25 * f, 9), 0.0, 100.0), 1);
        const double stress = round(std::clamp(daily.normal(45, 10), 0.0, 100.0), 1);
        const double mean = (sleepRecovery + daytimeRecovery + stress) / 3;
        const char* level = mean < 35   ? "limited"
                            : mean < 48 ? "adequate"
                            : mean < 60 ? "solid"
                            : mean < 72 ? "strong"
                                        : "exceptional";
        out.push_back({Json{{"id", makeId(seed, c, day, 0)},
                            {"day", dayText},
                            {"contributors",
                             {{"sleep_recovery", sleepRecovery},
                              {"daytime_recovery", daytimeRecovery},
                              {"stress", stress}}},
                            {"level", level}},
                       midnightWall(day)});
    }
    else if (c == "daily_cardiovascular_age")
    {
        const double f = fitness(day);
        out.push_back({Json{{"id", makeId(seed, c, day, 0)},
                            {"day", dayText},
                            {"pulse_wave_velocity", round(daily.normal(7.6 - 0.6 * f, 0.12), 2)},
                            {"vascular_age", static_cast<int>(std::lround(daily.normal(39 - 4 * f, 0.8)))}},
                       midnightWall(day)});
    }
    else if (c == "sleep_time")
    {
        const std::int64_t midnight = DemoZone::localToUtc(day, 0);
        const int start = -3600 - 900 * daily.range(0, 3);
        const bool found = daily.chance(0.9);
        out.push_back({Json{{"id", makeId(seed, c, day, 0)},
                            {"day", dayText},
                            {"optimal_bedtime", found ? Json{{"day_tz", DemoZone::offsetAt(midnight)},
                                                             {"end_offset", start + 3600},
                                                             {"start_offset", start}}
                                                      : Json(nullptr)},
                            {"recommendation", found ? "follow_optimal_bedtime" : "improve_efficiency"},
                            {"status", found ? "optimal_found" : "bad_sleep_quality"}},
                       midnightWall(day)});
    }
    else if (c == "vO2_max")
    {
        if (((day % 7) + 7) % 7 == static_cast<std::int64_t>(seed % 7) && !daily.chance(0.15))
        {
            const std::int64_t at = DemoZone::localToUtc(day, 0);
            out.push_back({Json{{"id", makeId(seed, c, day, 0)},
                                {"day", dayText},
                                {"timestamp", DemoZone::formatLocal(at)},
                                {"vo2_max", static_cast<int>(
                                                std::lround(39 + 7 * fitness(day) + daily.normal(0, 0.6)))}},
                           midnightWall(day)});
        }
    }
    else if (c == "workout")
    {
        const auto workouts = makeWorkouts(seed, day);
        for (std::size_t i = 0; i < workouts.size(); ++i)
        {
            const Workout& w = workouts[i];
            out.push_back({Json{{"id", makeId(seed, c, day, static_cast<int>(i))},
                                {"activity", w.activity},
                                {"calories", w.calories},
                                {"day", dayText},
                                {"distance", w.distance ? Json(*w.distance) : Json(nullptr)},
                                {"end_datetime", DemoZone::formatLocal(w.end)},
                                {"intensity", w.intensity},
                                {"label", optionalString(w.label)},
                                {"source", w.source},
                                {"start_datetime", DemoZone::formatLocal(w.start)}},
                           wallSecondsOf(w.start)});
        }
    }
    else if (c == "session")
    {
        if (const auto s = makeSession(seed, day))
        {
            out.push_back({Json{{"id", makeId(seed, c, day, 0)},
                                {"day", dayText},
                                {"start_datetime", DemoZone::formatLocal(s->start)},
                                {"end_datetime", DemoZone::formatLocal(s->end)},
                                {"type", s->type},
                                {"heart_rate", sampleJson(5.0, s->hr, s->start)},
                                {"heart_rate_variability", sampleJson(5.0, s->hrv, s->start)},
                                {"mood", optionalString(s->mood)},
                                {"motion_count", sampleJson(5.0, s->motion, s->start)}},
                           wallSecondsOf(s->start)});
        }
    }
    else if (c == "enhanced_tag" || c == "tag")
    {
        const auto tags = makeTags(seed, day);
        for (std::size_t i = 0; i < tags.size(); ++i)
        {
            const EnhancedTag& t = tags[i];
            if (c == "tag")
            {
                Json list = Json::array();
                if (t.code && *t.code != "custom")
                    list.push_back(*t.code);
                out.push_back(
                    {Json{{"id", makeId(seed, c, day, static_cast<int>(i))},
                          {"day", dayText},
                          {"text", t.comment ? Json(*t.comment)
                                             : Json(t.customName ? Json(*t.customName) : Json(nullptr))},
                          {"timestamp", DemoZone::formatLocal(t.start)},
                          {"tags", list}},
                     midnightWall(day)});
                continue;
            }
            out.push_back({Json{{"id", makeId(seed, c, day, static_cast<int>(i))},
                                {"tag_type_code", optionalString(t.code)},
                                {"start_time", DemoZone::formatLocal(t.start)},
                                {"end_time", t.end ? Json(DemoZone::formatLocal(*t.end)) : Json(nullptr)},
                                {"start_day", dayText},
                                {"end_day", t.end ? Json(localDayOf(*t.end)) : Json(nullptr)},
                                {"comment", optionalString(t.comment)},
                                {"custom_name", optionalString(t.customName)}},
                           midnightWall(day)});
        }
    }
    else if (c == "rest_mode_period")
    {
        Rng rng(Rng::hash({seed, RestModeStream, static_cast<std::uint64_t>(day)}));
        if (rng.chance(0.008))
        {
            const std::int64_t start = DemoZone::localToUtc(day, 9 * 3600 + rng.range(0, 7200));
            const std::int64_t end =
                DemoZone::localToUtc(day + rng.range(2, 4), 8 * 3600 + rng.range(0, 7200));
            out.push_back(
                {Json{{"id", makeId(seed, c, day, 0)},
                      {"end_day", localDayOf(end)},
                      {"end_time", DemoZone::formatLocal(end)},
                      {"episodes", Json::array({Json{{"tags", Json::array({"tag_generic_sick"})},
                                                     {"timestamp", DemoZone::formatLocal(start)}},
                                                Json{{"tags", Json::array({"tag_generic_fever"})},
                                                     {"timestamp", DemoZone::formatLocal(start + 86400)}}})},
                      {"start_day", dayText},
                      {"start_time", DemoZone::formatLocal(start)}},
                 midnightWall(day)});
        }
    }
    return out;
}

// ---- time series ----------------------------------------------------------------------------------------

struct Row
{
    std::int64_t ts;
    Json json;
};

Json heartRow(std::int64_t ts, double bpm, const char* source)
{
    return Json{{"bpm", static_cast<int>(std::lround(bpm))},
                {"source", source},
                {"timestamp", DemoZone::formatUtc(ts)},
                {"timestamp_unix", ts * 1000}};
}

std::vector<Row> heartRowsForDay(std::uint64_t seed, std::int64_t day)
{
    const std::int64_t dayStart = DemoZone::localToUtc(day, 0);
    const std::int64_t dayEnd = DemoZone::localToUtc(day + 1, 0);
    const DayPlan plan = makePlan(seed, day);
    const SleepPeriod nextNight = makeNight(seed, day + 1);
    Rng rng(Rng::hash({seed, HeartStream, static_cast<std::uint64_t>(day)}));

    struct Busy
    {
        std::int64_t start;
        std::int64_t end;
        int kind; // 0 sleep, 1 workout, 2 session, 3 charging
        const void* what;
    };
    std::vector<Busy> busy{{plan.night.start, plan.night.end, 0, &plan.night},
                           {nextNight.start, nextNight.end, 0, &nextNight}};
    if (plan.nap)
        busy.push_back({plan.nap->start, plan.nap->end, 0, &*plan.nap});
    for (const auto& w : plan.workouts)
        busy.push_back({w.start, w.end, 1, &w});
    if (plan.session)
        busy.push_back({plan.session->start, plan.session->end, 2, &*plan.session});
    if (plan.charge.today)
        busy.push_back({plan.charge.start, plan.charge.end, 3, nullptr});
    std::sort(busy.begin(), busy.end(), [](const Busy& a, const Busy& b) { return a.start < b.start; });

    std::vector<Row> rows;
    auto emit = [&](std::int64_t ts, double bpm, const char* source) {
        if (ts >= dayStart && ts < dayEnd && (rows.empty() || ts > rows.back().ts))
            rows.push_back({ts, heartRow(ts, bpm, source)});
    };
    const double resting = baseLowestHr(day);
    std::int64_t t = dayStart + rng.range(0, 59);
    std::size_t next = 0;
    while (t < dayEnd)
    {
        while (next < busy.size() && busy[next].end <= t)
            ++next;
        if (next < busy.size() && busy[next].start <= t)
        {
            const Busy& b = busy[next];
            if (b.kind == 0)
            {
                const auto* s = static_cast<const SleepPeriod*>(b.what);
                for (std::size_t k = 0; k < s->hr.size(); ++k)
                    if (s->hr[k])
                        emit(s->start + static_cast<std::int64_t>(k) * 300, *s->hr[k], "sleep");
            }
            else if (b.kind == 1)
            {
                const auto* w = static_cast<const Workout*>(b.what);
                const double peak = w->intensity == "hard" ? 165 : (w->intensity == "moderate" ? 140 : 112);
                for (std::int64_t ts = w->start; ts < w->end; ts += 60)
                {
                    const double warm = std::min(1.0, static_cast<double>(ts - w->start) / 480.0);
                    emit(ts, resting + 30 + (peak - resting - 30) * warm + rng.normal(0, 4), "workout");
                }
            }
            else if (b.kind == 2)
            {
                for (std::int64_t ts = b.start; ts < b.end; ts += 30)
                    emit(ts, resting + 10 + rng.normal(0, 2), "session");
            }
            t = b.end + rng.range(20, 90);
            continue;
        }
        const std::int64_t limit = next < busy.size() ? busy[next].start : dayEnd;
        const int hour = static_cast<int>((wallSecondsOf(t) % 86400) / 3600);
        const bool resty = hour >= 20 || hour < 6;
        if (resty)
            emit(t, resting + 11 + rng.normal(0, 2.5), "rest");
        else
            emit(t,
                 std::clamp(resting + 22 + 7 * std::sin(2 * kPi * (hour - 9) / 24.0) + rng.normal(0, 6), 50.0,
                            125.0),
                 "awake");
        const std::int64_t step = resty ? 300 : rng.range(30, 240);
        t = std::min(t + step, std::max(t + 1, limit));
    }
    return rows;
}

double batteryLevelAt(std::uint64_t seed, std::int64_t ts, bool& charging)
{
    const std::int64_t day = wallSecondsOf(ts) / 86400;
    std::int64_t chargeDay = day - (((day % 5) + 5) % 5 - chargePhase(seed) + 5) % 5;
    Charge c = chargeOn(seed, chargeDay);
    if (ts < c.start)
        c = chargeOn(seed, chargeDay -= 5);
    const double startLevel = 100.0 - 0.75 * 24 * 5 + 0.75 * 70.0 / 60.0; // where the previous cycle left off
    if (ts < c.end)
    {
        charging = true;
        return startLevel + (100.0 - startLevel) * static_cast<double>(ts - c.start) /
                                static_cast<double>(c.end - c.start);
    }
    charging = false;
    return std::max(3.0, 100.0 - 0.75 * static_cast<double>(ts - c.end) / 3600.0);
}

std::vector<Row> batteryRowsForDay(std::uint64_t seed, std::int64_t day)
{
    const std::int64_t dayStart = DemoZone::localToUtc(day, 0);
    const std::int64_t dayEnd = DemoZone::localToUtc(day + 1, 0);
    std::vector<Row> rows;
    for (std::int64_t ts = dayStart; ts < dayEnd; ts += 900)
    {
        bool charging = false;
        const double level = batteryLevelAt(seed, ts, charging);
        rows.push_back({ts, Json{{"timestamp", DemoZone::formatUtc(ts)},
                                 {"timestamp_unix", ts * 1000},
                                 {"charging", charging},
                                 {"in_charger", charging},
                                 {"level", static_cast<int>(std::lround(std::clamp(level, 0.0, 100.0)))}}});
    }
    return rows;
}

} // namespace

// ---- Dataset ------------------------------------------------------------------------------------------

Dataset::Dataset(const Dates::CivilDate& today, std::uint64_t seed, std::optional<std::int64_t> nowUtc)
    : _today(today.toDaysSinceEpoch()), _seed(seed)
{
    _now = nowUtc ? *nowUtc : DemoZone::localToUtc(_today, 12 * 3600);
}

namespace {

Dates::CivilDate readToday(const std::string& today)
{
    const auto day = Dates::CivilDate::fromIso(today);
    if (!day)
        throw std::invalid_argument("demo dataset: today must be YYYY-MM-DD, got '" + today + "'");
    return *day;
}

} // namespace

Dataset::Dataset(const std::string& today, std::uint64_t seed, std::optional<std::int64_t> nowUtc)
    : Dataset(readToday(today), seed, nowUtc)
{}

Dataset::Dataset(int year, int month, int day, std::uint64_t seed)
    : Dataset(Dates::CivilDate(year, static_cast<unsigned>(month), static_cast<unsigned>(day)), seed)
{}

Dataset Dataset::forCurrentTime(std::uint64_t seed)
{
    const auto now =
        std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
            .count();
    const std::int64_t nowUtc = static_cast<std::int64_t>(now);
    return Dataset(Dates::CivilDate::fromDaysSinceEpoch(DemoZone::utcToLocalWall(nowUtc) / 86400), seed,
                   nowUtc);
}

std::string Dataset::today() const
{
    return DemoZone::formatDay(_today);
}

const std::vector<std::string>& Dataset::documentCollections()
{
    static const std::vector<std::string> names{"daily_activity",   "daily_cardiovascular_age",
                                                "daily_readiness",  "daily_resilience",
                                                "daily_sleep",      "daily_spo2",
                                                "daily_stress",     "enhanced_tag",
                                                "rest_mode_period", "ring_configuration",
                                                "session",          "sleep",
                                                "sleep_time",       "tag",
                                                "vO2_max",          "workout"};
    return names;
}

bool Dataset::isDocumentCollection(const std::string& collection)
{
    const auto& names = documentCollections();
    return std::find(names.begin(), names.end(), collection) != names.end();
}

bool Dataset::isTimeSeriesCollection(const std::string& collection)
{
    return collection == "heartrate" || collection == "ring_battery_level";
}

std::vector<DemoDocument> Dataset::documentsForDay(const std::string& collection, std::int64_t day) const
{
    if (day < firstDayNumber() || day > _today || collection == "ring_configuration")
        return {};
    return generate(_seed, collection, day);
}

std::vector<DemoDocument> Dataset::documents(const std::string& collection, std::int64_t fromWall,
                                             std::int64_t toWall) const
{
    std::vector<DemoDocument> out;
    if (collection == "ring_configuration")
    {
        struct Ring
        {
            const char* color;
            const char* design;
            const char* firmware;
            const char* hardware;
            int year, month, day, size;
        };
        static const Ring rings[] = {{"stealth_black", "heritage", "2.9.32", "gen3", 2022, 3, 14, 11},
                                     {"brushed_silver", "horizon", "3.0.3", "gen4", 2024, 10, 18, 11}};
        for (const auto& r : rings)
        {
            const std::int64_t setupDay = DemoZone::dayNumber(r.year, r.month, r.day);
            const std::int64_t setup = setupDay * 86400 + 10 * 3600 + 1325;
            if (setup > _now)
                continue;
            out.push_back({Json{{"id", makeId(_seed, collection, setupDay, 0)},
                                {"color", r.color},
                                {"design", r.design},
                                {"firmware_version", r.firmware},
                                {"hardware_type", r.hardware},
                                {"set_up_at", DemoZone::formatUtc(setup)},
                                {"size", r.size}},
                           setupDay * 86400});
        }
        return out;
    }
    if (!isDocumentCollection(collection) || fromWall > toWall)
        return out;
    // A day's documents have keys between the previous evening (sleep) and the end of the day.
    const std::int64_t firstDay = std::max(firstDayNumber(), fromWall / 86400 - (fromWall < 0 ? 1 : 0));
    const std::int64_t lastDay = std::min(_today, toWall / 86400 + 1);
    for (std::int64_t day = firstDay; day <= lastDay; ++day)
    {
        for (auto& doc : generate(_seed, collection, day))
            if (doc.wallKey >= fromWall && doc.wallKey <= toWall)
                out.push_back(std::move(doc));
    }
    std::stable_sort(out.begin(), out.end(),
                     [](const DemoDocument& a, const DemoDocument& b) { return a.wallKey < b.wallKey; });
    return out;
}

std::optional<Json> Dataset::document(const std::string& collection, const std::string& id) const
{
    if (collection == "ring_configuration")
    {
        for (auto& doc : documents(collection, 0, 0))
            if (doc.json.value("id", "") == id)
                return doc.json;
        return std::nullopt;
    }
    const auto day = dayFromId(_seed, id);
    if (!day)
        return std::nullopt;
    for (auto& doc : documentsForDay(collection, *day))
        if (doc.json.value("id", "") == id)
            return doc.json;
    return std::nullopt;
}

Json Dataset::personalInfo() const
{
    return Json{{"id", makeId(_seed, "personal_info", 0, 0)},
                {"age", 38},
                {"weight", kWeightKg},
                {"height", 1.81},
                {"biological_sex", "male"},
                {"email", "demo.user@example.com"}};
}

std::vector<Json> Dataset::heartRate(std::int64_t fromUtc, std::int64_t toUtc, std::size_t limit) const
{
    return series(true, fromUtc, toUtc, limit);
}

std::vector<Json> Dataset::ringBatteryLevel(std::int64_t fromUtc, std::int64_t toUtc, std::size_t limit) const
{
    return series(false, fromUtc, toUtc, limit);
}

std::vector<Json> Dataset::series(bool heart, std::int64_t fromUtc, std::int64_t toUtc,
                                  std::size_t limit) const
{
    std::vector<Json> out;
    const std::int64_t end = std::min(toUtc, _now);
    if (fromUtc > end || limit == 0)
        return out;
    const std::int64_t firstDay = std::max(firstDayNumber(), DemoZone::utcToLocalWall(fromUtc) / 86400);
    const std::int64_t lastDay = std::min(_today, DemoZone::utcToLocalWall(end) / 86400);
    for (std::int64_t day = firstDay; day <= lastDay; ++day)
    {
        for (auto& row : heart ? heartRowsForDay(_seed, day) : batteryRowsForDay(_seed, day))
        {
            if (row.ts < fromUtc || row.ts > end)
                continue;
            out.push_back(std::move(row.json));
            if (out.size() >= limit)
                return out;
        }
    }
    return out;
}

std::optional<Json> Dataset::latest(const std::string& collection, std::int64_t toUtc) const
{
    if (!isTimeSeriesCollection(collection))
        return std::nullopt;
    const bool heart = collection == "heartrate";
    const std::int64_t end = std::min(toUtc, _now);
    for (std::int64_t day = std::min(_today, DemoZone::utcToLocalWall(end) / 86400); day >= firstDayNumber();
         --day)
    {
        auto rows = heart ? heartRowsForDay(_seed, day) : batteryRowsForDay(_seed, day);
        for (auto it = rows.rbegin(); it != rows.rend(); ++it)
            if (it->ts <= end)
                return it->json;
    }
    return std::nullopt;
}

} // namespace OuraMcp::Demo

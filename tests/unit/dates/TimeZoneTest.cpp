#include "dates/TimeZone.h"
#include "dates/IsoDateTime.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <stdexcept>
#include <string>
#include <sys/stat.h>
#include <unistd.h>

using OuraMcp::Dates::CivilDate;
using OuraMcp::Dates::IsoDateTime;
using OuraMcp::Dates::TimeZone;

namespace {

int64_t ms(const char* iso)
{
    auto parsed = IsoDateTime::parse(iso);
    if (!parsed || !parsed->toUnixMs())
        throw std::invalid_argument(std::string("bad test instant ") + iso);
    return *parsed->toUnixMs();
}

CivilDate d(const char* iso)
{
    return *CivilDate::fromIso(iso);
}

/// Sets an environment variable for one test and restores it afterwards.
class ScopedEnv
{
public:
    ScopedEnv(const char* name, const char* value) : _name(name)
    {
        if (const char* old = std::getenv(name))
        {
            _hadOld = true;
            _old = old;
        }
        if (value)
            ::setenv(name, value, 1);
        else
            ::unsetenv(name);
    }
    ~ScopedEnv()
    {
        if (_hadOld)
            ::setenv(_name.c_str(), _old.c_str(), 1);
        else
            ::unsetenv(_name.c_str());
    }

private:
    std::string _name;
    std::string _old;
    bool _hadOld = false;
};

// --- builders for hand-made TZif files ---------------------------------------------------------------

void be32(std::string& out, uint32_t v)
{
    for (int shift = 24; shift >= 0; shift -= 8)
        out += static_cast<char>((v >> shift) & 0xff);
}

void be64(std::string& out, int64_t v)
{
    for (int shift = 56; shift >= 0; shift -= 8)
        out += static_cast<char>((static_cast<uint64_t>(v) >> shift) & 0xff);
}

void header(std::string& out, char version, uint32_t timecnt, uint32_t typecnt, uint32_t charcnt)
{
    out += "TZif";
    out += version;
    out += std::string(15, '\0');
    for (uint32_t v : {0u, 0u, 0u, timecnt, typecnt, charcnt})
        be32(out, v);
}

/// A v1 file: +01:00 ("A") until 1000000000 s, then +02:00 ("B") until 1100000000 s, then +01:00 again.
std::string v1File()
{
    std::string f;
    header(f, '\0', 2, 2, 4);
    be32(f, 1000000000);
    be32(f, 1100000000);
    f += static_cast<char>(1);
    f += static_cast<char>(0);
    be32(f, 3600);
    f += '\0';
    f += '\0';
    be32(f, 7200);
    f += '\1';
    f += '\2';
    f += std::string("A\0B\0", 4);
    return f;
}

/// A "slim" v2 file: no transitions at all, everything comes from the footer rule.
std::string slimV2File(const std::string& footer)
{
    std::string f;
    header(f, '2', 0, 1, 4);
    be32(f, 3600);
    f += std::string("\0\0", 2);
    f += std::string("CET\0", 4);
    header(f, '2', 0, 1, 4);
    be32(f, 3600);
    f += std::string("\0\0", 2);
    f += std::string("CET\0", 4);
    f += "\n" + footer + "\n";
    return f;
}

/// A v2 file with one 64-bit transition at 2000000000 s from +03:00 to +04:00 and the given footer.
std::string v2FileWithFooter(const std::string& footer)
{
    std::string f;
    header(f, '2', 0, 1, 4);
    be32(f, 10800);
    f += std::string("\0\0", 2);
    f += std::string("AAA\0", 4);
    header(f, '2', 1, 2, 8);
    be64(f, 2000000000);
    f += static_cast<char>(1);
    be32(f, 10800);
    f += std::string("\0\0", 2);
    be32(f, 14400);
    f += std::string("\0\4", 2);
    f += std::string("AAA\0BBB\0", 8);
    f += "\n" + footer + "\n";
    return f;
}

} // namespace

// --- the system tzdata -------------------------------------------------------------------------------

TEST(TimeZone, TzdataIsInstalled)
{
    // Everything below needs the Debian package tzdata; say so plainly if it is missing.
    std::ifstream berlin(TimeZone::zoneInfoDir() + "/Europe/Berlin");
    ASSERT_TRUE(berlin.good()) << "tzdata is not installed (" << TimeZone::zoneInfoDir() << "/Europe/Berlin)";
}

TEST(TimeZone, UtcByDefault)
{
    const TimeZone utc;
    EXPECT_EQ(utc.name(), "UTC");
    EXPECT_EQ(utc.offsetSecondsAt(ms("2024-07-01T12:00:00Z")), 0);
    EXPECT_EQ(utc.localDate(ms("2024-07-01T23:59:59.999Z")).toIso(), "2024-07-01");
    EXPECT_EQ(utc.localMidnightIso(d("2024-07-01")), "2024-07-01T00:00:00+00:00");
    EXPECT_EQ(utc.localDate(-1).toIso(), "1969-12-31");
}

TEST(TimeZone, BerlinOffsetsAndLocalDates)
{
    const TimeZone berlin = TimeZone::fromName("Europe/Berlin");
    EXPECT_EQ(berlin.name(), "Europe/Berlin");
    EXPECT_EQ(berlin.offsetSecondsAt(ms("2024-01-15T12:00:00Z")), 3600);
    EXPECT_EQ(berlin.offsetSecondsAt(ms("2024-07-15T12:00:00Z")), 7200);
    // 22:30 UTC in summer is already the next day in Berlin.
    EXPECT_EQ(berlin.localDate(ms("2024-05-14T22:30:00Z")).toIso(), "2024-05-15");
    EXPECT_EQ(berlin.localDate(ms("2024-05-14T21:59:59Z")).toIso(), "2024-05-14");
    // The spring-forward instant itself (01:00 UTC) is the first second of CEST.
    EXPECT_EQ(berlin.offsetSecondsAt(ms("2024-03-31T00:59:59Z")), 3600);
    EXPECT_EQ(berlin.offsetSecondsAt(ms("2024-03-31T01:00:00Z")), 7200);
    EXPECT_EQ(berlin.offsetSecondsAt(ms("2024-10-27T00:59:59Z")), 7200);
    EXPECT_EQ(berlin.offsetSecondsAt(ms("2024-10-27T01:00:00Z")), 3600);
}

TEST(TimeZone, BerlinMidnightsAroundDst)
{
    const TimeZone berlin = TimeZone::fromName("Europe/Berlin");
    EXPECT_EQ(berlin.localMidnightIso(d("2024-03-30")), "2024-03-30T00:00:00+01:00");
    EXPECT_EQ(berlin.localMidnightIso(d("2024-03-31")), "2024-03-31T00:00:00+01:00"); // the 23-hour day
    EXPECT_EQ(berlin.localMidnightIso(d("2024-04-01")), "2024-04-01T00:00:00+02:00");
    EXPECT_EQ(berlin.localMidnightIso(d("2024-10-27")), "2024-10-27T00:00:00+02:00"); // the 25-hour day
    EXPECT_EQ(berlin.localMidnightIso(d("2024-10-28")), "2024-10-28T00:00:00+01:00");
    EXPECT_EQ(berlin.localMidnightUnixMs(d("2024-03-31")), ms("2024-03-30T23:00:00Z"));
    EXPECT_EQ(berlin.localMidnightUnixMs(d("2024-04-01")) - berlin.localMidnightUnixMs(d("2024-03-31")),
              23 * 3600 * 1000LL);
    EXPECT_EQ(berlin.localMidnightUnixMs(d("2024-10-28")) - berlin.localMidnightUnixMs(d("2024-10-27")),
              25 * 3600 * 1000LL);
}

TEST(TimeZone, NewYorkMidnightsAroundDst)
{
    const TimeZone ny = TimeZone::fromName("America/New_York");
    EXPECT_EQ(ny.localMidnightIso(d("2024-03-10")), "2024-03-10T00:00:00-05:00");
    EXPECT_EQ(ny.localMidnightIso(d("2024-03-11")), "2024-03-11T00:00:00-04:00");
    EXPECT_EQ(ny.localMidnightIso(d("2024-11-03")), "2024-11-03T00:00:00-04:00");
    EXPECT_EQ(ny.localMidnightIso(d("2024-11-04")), "2024-11-04T00:00:00-05:00");
    EXPECT_EQ(ny.localMidnightUnixMs(d("2024-11-03")), ms("2024-11-03T04:00:00Z"));
    EXPECT_EQ(ny.localDate(ms("2024-11-03T03:59:59Z")).toIso(), "2024-11-02");
    EXPECT_EQ(ny.localDate(ms("2024-11-03T04:00:00Z")).toIso(), "2024-11-03");
}

TEST(TimeZone, DaysWhoseMidnightIsSkippedStartAtOneAm)
{
    // Chile and (until 2019) Brazil moved clocks from 24:00 to 01:00: that day has no 00:00.
    const TimeZone santiago = TimeZone::fromName("America/Santiago");
    EXPECT_EQ(santiago.localMidnightIso(d("2024-09-08")), "2024-09-08T01:00:00-03:00");
    EXPECT_EQ(santiago.localMidnightIso(d("2024-09-07")), "2024-09-07T00:00:00-04:00");
    const TimeZone saoPaulo = TimeZone::fromName("America/Sao_Paulo");
    EXPECT_EQ(saoPaulo.localMidnightIso(d("2018-11-04")), "2018-11-04T01:00:00-02:00");
    EXPECT_EQ(saoPaulo.localMidnightUnixMs(d("2018-11-04")), ms("2018-11-04T03:00:00Z"));
}

TEST(TimeZone, FooterRuleAppliesAfterTheLastTransition)
{
    // Debian ships "fat" files with transitions up to 2037; 2040 is computed from the footer rule.
    const TimeZone berlin = TimeZone::fromName("Europe/Berlin");
    EXPECT_EQ(berlin.offsetSecondsAt(ms("2040-03-25T00:59:59Z")), 3600);
    EXPECT_EQ(berlin.offsetSecondsAt(ms("2040-03-25T01:00:00Z")), 7200);
    EXPECT_EQ(berlin.offsetSecondsAt(ms("2040-10-28T00:59:59Z")), 7200);
    EXPECT_EQ(berlin.offsetSecondsAt(ms("2040-10-28T01:00:00Z")), 3600);
    EXPECT_EQ(berlin.localMidnightIso(d("2040-03-26")), "2040-03-26T00:00:00+02:00");

    const TimeZone sydney = TimeZone::fromName("Australia/Sydney");
    EXPECT_EQ(sydney.offsetSecondsAt(ms("2040-01-15T00:00:00Z")), 39600); // southern summer
    EXPECT_EQ(sydney.offsetSecondsAt(ms("2040-03-31T15:59:59Z")), 39600);
    EXPECT_EQ(sydney.offsetSecondsAt(ms("2040-03-31T16:00:00Z")), 36000);
    EXPECT_EQ(sydney.offsetSecondsAt(ms("2040-10-06T16:00:00Z")), 39600);
    EXPECT_EQ(sydney.offsetSecondsAt(ms("2040-12-31T13:30:00Z")), 39600); // across the new year

    // Santiago's rule uses the v3 form "/24": midnight is skipped in the rule-computed years too.
    const TimeZone santiago = TimeZone::fromName("America/Santiago");
    EXPECT_EQ(santiago.localMidnightIso(d("2040-09-02")), "2040-09-02T01:00:00-03:00");
    EXPECT_EQ(santiago.offsetSecondsAt(ms("2040-04-08T02:59:59Z")), -10800);
    EXPECT_EQ(santiago.offsetSecondsAt(ms("2040-04-08T03:00:00Z")), -14400);
}

TEST(TimeZone, NonHourOffsetsAndHistoricalTimes)
{
    const TimeZone kolkata = TimeZone::fromName("Asia/Kolkata");
    EXPECT_EQ(kolkata.localMidnightIso(d("2024-05-01")), "2024-05-01T00:00:00+05:30");
    const TimeZone kathmandu = TimeZone::fromName("Asia/Kathmandu");
    EXPECT_EQ(kathmandu.offsetSecondsAt(ms("2024-05-01T00:00:00Z")), 20700);
    // Before standard time, Berlin kept local mean time, +00:53:28.
    const TimeZone berlin = TimeZone::fromName("Europe/Berlin");
    EXPECT_EQ(berlin.localMidnightIso(d("1880-01-01")), "1880-01-01T00:00:00+00:53:28");
}

TEST(TimeZone, UtcAliasesAndLeadingColon)
{
    EXPECT_EQ(TimeZone::fromName("UTC").offsetSecondsAt(0), 0);
    EXPECT_EQ(TimeZone::fromName("Etc/UTC").offsetSecondsAt(0), 0);
    EXPECT_EQ(TimeZone::fromName(":Europe/Berlin").name(), "Europe/Berlin");
}

TEST(TimeZone, UnknownNamesThrowClearMessages)
{
    for (const char* bad : {"Europe/Berlinn", "Mars/Olympus_Mons", "Europe", "../../etc/passwd",
                            "/etc/localtime", "Europe/../Europe/Berlin", "zone1970.tab", "Europe/Berlin "})
    {
        try
        {
            TimeZone::fromName(bad);
            ADD_FAILURE() << "no exception for " << bad;
        }
        catch (const std::invalid_argument& e)
        {
            const std::string msg = e.what();
            EXPECT_NE(msg.find(std::string("\"") + bad + "\""), std::string::npos) << msg;
            EXPECT_NE(msg.find("Europe/Berlin or America/New_York"), std::string::npos) << msg;
        }
    }
}

TEST(TimeZone, MissingZoneDirectorySaysInstallTzdata)
{
    ScopedEnv tzdir("TZDIR", "/nonexistent-zoneinfo-for-test");
    try
    {
        TimeZone::fromName("Europe/Berlin");
        ADD_FAILURE() << "no exception";
    }
    catch (const std::invalid_argument& e)
    {
        EXPECT_NE(std::string(e.what()).find("tzdata"), std::string::npos) << e.what();
    }
    // UTC keeps working without tzdata.
    EXPECT_EQ(TimeZone::fromName("UTC").offsetSecondsAt(0), 0);
}

// --- POSIX rules ---------------------------------------------------------------------------------------

TEST(TimeZone, PosixRuleStrings)
{
    const TimeZone cet = TimeZone::fromPosixRule("CET-1CEST,M3.5.0,M10.5.0/3");
    EXPECT_EQ(cet.offsetSecondsAt(ms("2024-03-31T00:59:59Z")), 3600);
    EXPECT_EQ(cet.offsetSecondsAt(ms("2024-03-31T01:00:00Z")), 7200);
    EXPECT_EQ(cet.offsetSecondsAt(ms("2024-10-27T00:59:59Z")), 7200);
    EXPECT_EQ(cet.offsetSecondsAt(ms("2024-10-27T01:00:00Z")), 3600);
    EXPECT_EQ(cet.localMidnightIso(d("2024-03-31")), "2024-03-31T00:00:00+01:00");
    EXPECT_EQ(cet.localMidnightIso(d("2024-04-01")), "2024-04-01T00:00:00+02:00");

    const TimeZone us = TimeZone::fromPosixRule("EST5EDT,M3.2.0,M11.1.0");
    EXPECT_EQ(us.offsetSecondsAt(ms("2024-03-10T06:59:59Z")), -18000);
    EXPECT_EQ(us.offsetSecondsAt(ms("2024-03-10T07:00:00Z")), -14400);
    EXPECT_EQ(us.offsetSecondsAt(ms("2024-11-03T05:59:59Z")), -14400);
    EXPECT_EQ(us.offsetSecondsAt(ms("2024-11-03T06:00:00Z")), -18000);
    // Without dates the US rules apply.
    const TimeZone usDefault = TimeZone::fromPosixRule("EST5EDT");
    EXPECT_EQ(usDefault.offsetSecondsAt(ms("2024-07-01T00:00:00Z")), -14400);

    const TimeZone india = TimeZone::fromPosixRule("<+0530>-5:30");
    EXPECT_EQ(india.offsetSecondsAt(0), 19800);
    EXPECT_EQ(india.localMidnightIso(d("2024-05-01")), "2024-05-01T00:00:00+05:30");

    // Julian day forms: J60 is March 1 in any year, 59 (zero-based) is March 1 only in leap years.
    const TimeZone julian1 = TimeZone::fromPosixRule("AAA0BBB,J60/0,J300/0");
    EXPECT_EQ(julian1.offsetSecondsAt(ms("2024-02-29T23:59:59Z")), 0);
    EXPECT_EQ(julian1.offsetSecondsAt(ms("2024-03-01T00:00:00Z")), 3600);
    const TimeZone julian0 = TimeZone::fromPosixRule("AAA0BBB,59/0,300/0");
    EXPECT_EQ(julian0.offsetSecondsAt(ms("2024-02-29T00:00:00Z")), 3600);
    EXPECT_EQ(julian0.offsetSecondsAt(ms("2023-02-28T23:59:59Z")), 0);
    EXPECT_EQ(julian0.offsetSecondsAt(ms("2023-03-01T00:00:00Z")), 3600);

    // fromName accepts a rule too, but only one that parses.
    EXPECT_EQ(TimeZone::fromName("CET-1CEST,M3.5.0,M10.5.0/3").offsetSecondsAt(ms("2024-07-01T00:00:00Z")),
              7200);
    EXPECT_THROW(TimeZone::fromPosixRule("CET"), std::invalid_argument);
    EXPECT_THROW(TimeZone::fromPosixRule("CET-1CEST,M3.5.0"), std::invalid_argument);
    EXPECT_THROW(TimeZone::fromPosixRule("CET-1CEST,M13.5.0,M10.5.0"), std::invalid_argument);
    EXPECT_THROW(TimeZone::fromName("CET-1CEST,M3.5"), std::invalid_argument);
}

// --- hand-made TZif files ------------------------------------------------------------------------------

TEST(TimeZone, ReadsVersion1Files)
{
    const TimeZone zone = TimeZone::fromTzif("Test/V1", v1File());
    EXPECT_EQ(zone.name(), "Test/V1");
    EXPECT_EQ(zone.offsetSecondsAt(999999999000LL), 3600);
    EXPECT_EQ(zone.offsetSecondsAt(1000000000000LL), 7200);
    EXPECT_EQ(zone.offsetSecondsAt(1099999999000LL), 7200);
    EXPECT_EQ(zone.offsetSecondsAt(1100000000000LL), 3600);
    EXPECT_EQ(zone.offsetSecondsAt(4000000000000LL), 3600); // no footer: the last type stays
}

TEST(TimeZone, ReadsSlimFilesThroughTheFooter)
{
    const TimeZone zone = TimeZone::fromTzif("Test/Slim", slimV2File("CET-1CEST,M3.5.0,M10.5.0/3"));
    EXPECT_EQ(zone.offsetSecondsAt(ms("2024-01-01T00:00:00Z")), 3600);
    EXPECT_EQ(zone.offsetSecondsAt(ms("2024-07-01T00:00:00Z")), 7200);
    EXPECT_EQ(zone.localMidnightIso(d("2024-10-27")), "2024-10-27T00:00:00+02:00");
    EXPECT_EQ(zone.localMidnightIso(d("2024-10-28")), "2024-10-28T00:00:00+01:00");
}

TEST(TimeZone, Reads64BitTransitionsThenTheFooter)
{
    const TimeZone zone = TimeZone::fromTzif("Test/V2", v2FileWithFooter("<+04>-4"));
    EXPECT_EQ(zone.offsetSecondsAt(1999999999000LL), 10800);
    EXPECT_EQ(zone.offsetSecondsAt(2000000000000LL), 14400);
    EXPECT_EQ(zone.offsetSecondsAt(3000000000000LL), 14400);
    // An empty footer: the last transition's type applies forever.
    const TimeZone noRule = TimeZone::fromTzif("Test/V2", v2FileWithFooter(""));
    EXPECT_EQ(noRule.offsetSecondsAt(3000000000000LL), 14400);
}

TEST(TimeZone, RejectsDamagedFiles)
{
    const std::string good = v1File();
    EXPECT_THROW(TimeZone::fromTzif("x", ""), std::invalid_argument);
    EXPECT_THROW(TimeZone::fromTzif("x", "TZjf" + good.substr(4)), std::invalid_argument);
    EXPECT_THROW(TimeZone::fromTzif("x", good.substr(0, good.size() - 5)), std::invalid_argument);
    std::string badIndex = good;
    badIndex[44 + 8] = 7; // a transition pointing at a type that does not exist
    EXPECT_THROW(TimeZone::fromTzif("x", badIndex), std::invalid_argument);
    const std::string slim = slimV2File("CET-1CEST,M3.5.0,M10.5.0/3");
    EXPECT_THROW(TimeZone::fromTzif("x", slim.substr(0, 60)), std::invalid_argument);
}

TEST(TimeZone, HonoursTzdir)
{
    char dirTemplate[] = "/tmp/oura-mcp-tzdir-XXXXXX";
    ASSERT_NE(::mkdtemp(dirTemplate), nullptr);
    const std::string dir = dirTemplate;
    ASSERT_EQ(::mkdir((dir + "/Test").c_str(), 0700), 0);
    {
        std::ofstream out(dir + "/Test/Zone", std::ios::binary);
        out << v1File();
    }
    {
        ScopedEnv tzdir("TZDIR", dir.c_str());
        const TimeZone zone = TimeZone::fromName("Test/Zone");
        EXPECT_EQ(zone.name(), "Test/Zone");
        EXPECT_EQ(zone.offsetSecondsAt(1000000000000LL), 7200);
    }
    std::remove((dir + "/Test/Zone").c_str());
    ::rmdir((dir + "/Test").c_str());
    ::rmdir(dir.c_str());
}

// --- the process default -------------------------------------------------------------------------------

TEST(TimeZone, DefaultFollowsTheTzVariable)
{
    {
        ScopedEnv tz("TZ", "America/New_York");
        EXPECT_EQ(TimeZone::fromName("").name(), "America/New_York");
    }
    {
        ScopedEnv tz("TZ", ":Europe/Berlin");
        EXPECT_EQ(TimeZone::fromName("").offsetSecondsAt(ms("2024-07-01T00:00:00Z")), 7200);
    }
    {
        ScopedEnv tz("TZ", "/usr/share/zoneinfo/Asia/Tokyo");
        const TimeZone zone = TimeZone::fromName("");
        EXPECT_EQ(zone.name(), "Asia/Tokyo");
        EXPECT_EQ(zone.offsetSecondsAt(0), 32400);
    }
    {
        ScopedEnv tz("TZ", "EST5EDT,M3.2.0,M11.1.0");
        EXPECT_EQ(TimeZone::fromName("").offsetSecondsAt(ms("2024-01-01T00:00:00Z")), -18000);
    }
    {
        ScopedEnv tz("TZ", "");
        EXPECT_EQ(TimeZone::fromName("").offsetSecondsAt(ms("2024-07-01T00:00:00Z")), 0);
    }
    {
        ScopedEnv tz("TZ", "Mars/Olympus_Mons");
        try
        {
            TimeZone::fromName("");
            ADD_FAILURE() << "no exception";
        }
        catch (const std::invalid_argument& e)
        {
            const std::string msg = e.what();
            EXPECT_NE(msg.find("TZ"), std::string::npos) << msg;
            EXPECT_NE(msg.find("Mars/Olympus_Mons"), std::string::npos) << msg;
        }
    }
}

TEST(TimeZone, DefaultWithoutTzUsesEtcLocaltime)
{
    ScopedEnv tz("TZ", nullptr);
    const TimeZone zone = TimeZone::fromName("");
    // Compare with the system's own reading of /etc/localtime at one winter and one summer instant.
    for (const time_t t : {static_cast<time_t>(1704067200), static_cast<time_t>(1719792000)})
    {
        struct tm local
        {};
        ::tzset();
        ASSERT_NE(::localtime_r(&t, &local), nullptr);
        EXPECT_EQ(zone.offsetSecondsAt(static_cast<int64_t>(t) * 1000), local.tm_gmtoff) << zone.name();
    }
}

TEST(TimeZone, AgreesWithTheCLibraryOverManyInstants)
{
    // Cross-check against glibc's own tzdata reader for a few zones over 1970..2045 (every ~9.5 days, with
    // an odd step so all hours are hit). Runs in this test process only, TZ restored afterwards.
    for (const char* name : {"Europe/Berlin", "America/New_York", "Australia/Lord_Howe", "America/Santiago",
                             "Asia/Tehran", "Pacific/Chatham", "Africa/Casablanca"})
    {
        const TimeZone zone = TimeZone::fromName(name);
        ScopedEnv tz("TZ", name);
        ::tzset();
        for (int64_t t = 0; t < 2366841600LL; t += 822817)
        {
            const time_t tt = static_cast<time_t>(t);
            struct tm local
            {};
            ASSERT_NE(::localtime_r(&tt, &local), nullptr);
            ASSERT_EQ(zone.offsetSecondsAt(t * 1000), local.tm_gmtoff) << name << " at " << t;
        }
    }
    ::tzset();
}

TEST(TimeZone, LocalIsoGivesTheSameInstantOnTheUsersWallClock)
{
    const auto berlin = OuraMcp::Dates::TimeZone::fromName("Europe/Berlin");
    // 2024-04-30T23:05:00Z is already 1 May in Berlin (CEST, +02:00); 2024-01-15T12:00:00Z is +01:00.
    EXPECT_EQ(berlin.localIso(1714518300000), "2024-05-01T01:05:00+02:00");
    EXPECT_EQ(berlin.localIso(1705320000000), "2024-01-15T13:00:00+01:00");
    EXPECT_EQ(OuraMcp::Dates::TimeZone::utc().localIso(-1000), "1969-12-31T23:59:59+00:00");
}

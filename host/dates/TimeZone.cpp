#include "dates/TimeZone.h"

#include "dates/FloorDiv.h"

#include "dates/PosixTzRule.h"
#include "platform/LocalZone.h"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <system_error>
#include <vector>

namespace OuraMcp::Dates {

struct TimeZone::Data
{
    std::string name;
    std::vector<int64_t> transitions;     ///< ascending Unix seconds
    std::vector<uint8_t> transitionTypes; ///< index into offsets, one per transition
    std::vector<int32_t> offsets;         ///< UTC offset of each local time type
    std::optional<PosixTzRule> footer;    ///< rule for instants at or after the last transition
};

namespace {

const char* const UtcAliases[] = {"UTC",  "Etc/UTC",  "GMT",       "Etc/GMT",       "UCT", "Etc/UCT",
                                  "Zulu", "Etc/Zulu", "Universal", "Etc/Universal", "Z"};

bool isUtcAlias(const std::string& name)
{
    return std::find(std::begin(UtcAliases), std::end(UtcAliases), name) != std::end(UtcAliases);
}

/// Big-endian reader over the TZif bytes with bounds checks.
class TzifReader
{
public:
    explicit TzifReader(const std::string& bytes) : _b(bytes) {}

    bool has(size_t n) const { return _pos <= _b.size() && _b.size() - _pos >= n; }
    size_t pos() const { return _pos; }
    void seek(size_t p) { _pos = p; }
    void skip(size_t n) { _pos += n; }

    uint8_t u8() { return static_cast<uint8_t>(_b[_pos++]); }
    uint32_t u32()
    {
        uint32_t v = 0;
        for (int i = 0; i < 4; ++i)
            v = (v << 8) | static_cast<uint8_t>(_b[_pos++]);
        return v;
    }
    int64_t i64()
    {
        uint64_t v = 0;
        for (int i = 0; i < 8; ++i)
            v = (v << 8) | static_cast<uint8_t>(_b[_pos++]);
        return static_cast<int64_t>(v);
    }
    const std::string& bytes() const { return _b; }

private:
    const std::string& _b;
    size_t _pos = 0;
};

struct TzifHeader
{
    char version = 0;
    uint32_t isutcnt = 0, isstdcnt = 0, leapcnt = 0, timecnt = 0, typecnt = 0, charcnt = 0;
};

bool readHeader(TzifReader& r, TzifHeader& h)
{
    if (!r.has(44) || r.bytes().compare(r.pos(), 4, "TZif") != 0)
        return false;
    r.skip(4);
    h.version = static_cast<char>(r.u8());
    r.skip(15);
    h.isutcnt = r.u32();
    h.isstdcnt = r.u32();
    h.leapcnt = r.u32();
    h.timecnt = r.u32();
    h.typecnt = r.u32();
    h.charcnt = r.u32();
    // RFC 8536 limits; also keeps the size arithmetic below far from overflow.
    return h.typecnt >= 1 && h.typecnt <= 256 && h.timecnt <= 1000000 && h.leapcnt <= 100000 &&
           h.charcnt <= 100000 && (h.isutcnt == 0 || h.isutcnt == h.typecnt) &&
           (h.isstdcnt == 0 || h.isstdcnt == h.typecnt);
}

size_t blockSize(const TzifHeader& h, size_t timeSize)
{
    return h.timecnt * timeSize + h.timecnt + h.typecnt * 6 + h.charcnt + h.leapcnt * (timeSize + 4) +
           h.isstdcnt + h.isutcnt;
}

/// Reads one data block (v1 with 4-byte times, v2+ with 8-byte times) into data.
bool readBlock(TzifReader& r, const TzifHeader& h, size_t timeSize, TimeZone::Data& data)
{
    if (!r.has(blockSize(h, timeSize)))
        return false;
    data.transitions.resize(h.timecnt);
    for (auto& t : data.transitions)
        t = timeSize == 8 ? r.i64() : static_cast<int64_t>(static_cast<int32_t>(r.u32()));
    data.transitionTypes.resize(h.timecnt);
    for (auto& i : data.transitionTypes)
    {
        i = r.u8();
        if (i >= h.typecnt)
            return false;
    }
    for (size_t i = 1; i < data.transitions.size(); ++i)
    {
        if (data.transitions[i] <= data.transitions[i - 1])
            return false;
    }
    data.offsets.resize(h.typecnt);
    for (auto& o : data.offsets)
    {
        o = static_cast<int32_t>(r.u32());
        r.skip(2); // isdst, abbreviation index: not needed
        if (o < -89999 || o > 93599)
            return false;
    }
    r.skip(h.charcnt + h.leapcnt * (timeSize + 4) + h.isstdcnt + h.isutcnt);
    return true;
}

std::optional<TimeZone::Data> parseTzif(const std::string& bytes)
{
    TzifReader r(bytes);
    TzifHeader h;
    if (!readHeader(r, h))
        return std::nullopt;
    TimeZone::Data data;
    if (h.version == '\0')
    {
        if (!readBlock(r, h, 4, data))
            return std::nullopt;
        return data;
    }
    // Version 2 and later: skip the 32-bit block, read the 64-bit one and the footer.
    if (!r.has(blockSize(h, 4)))
        return std::nullopt;
    r.skip(blockSize(h, 4));
    if (!readHeader(r, h) || !readBlock(r, h, 8, data))
        return std::nullopt;
    if (r.has(1) && r.u8() == '\n')
    {
        const size_t start = r.pos();
        const size_t end = bytes.find('\n', start);
        if (end != std::string::npos && end > start)
            data.footer = PosixTzRule::parse(bytes.substr(start, end - start));
        // An empty footer means "no rule known": the last transition's type stays in effect.
    }
    return data;
}

bool readWholeFile(const std::string& path, std::string& out)
{
    const std::filesystem::path file = std::filesystem::u8path(path);
    std::error_code error;
    if (!std::filesystem::is_regular_file(file, error))
        return false;
    std::ifstream in(file, std::ios::binary);
    if (!in)
        return false;
    std::ostringstream ss;
    ss << in.rdbuf();
    out = ss.str();
    return true;
}

bool isDirectory(const std::string& path)
{
    std::error_code error;
    return std::filesystem::is_directory(std::filesystem::u8path(path), error);
}

std::string unknownZoneMessage(const std::string& input, const std::string& why)
{
    std::string msg = "Unknown time zone \"" + input + "\": " + why +
                      ". Use an IANA zone name such as Europe/Berlin or America/New_York";
    if (!isDirectory(TimeZone::zoneInfoDir()))
        msg += " (the zone directory " + TimeZone::zoneInfoDir() +
               " is missing: install the tzdata package, or set TZDIR)";
    return msg + ".";
}

std::string formatOffset(int offset)
{
    const char sign = offset < 0 ? '-' : '+';
    const int a = offset < 0 ? -offset : offset;
    char buf[16];
    if (a % 60 != 0)
        std::snprintf(buf, sizeof buf, "%c%02d:%02d:%02d", sign, a / 3600, (a / 60) % 60, a % 60);
    else
        std::snprintf(buf, sizeof buf, "%c%02d:%02d", sign, a / 3600, (a / 60) % 60);
    return buf;
}

} // namespace

TimeZone::TimeZone() : TimeZone(utc()) {}

TimeZone::TimeZone(std::shared_ptr<const Data> data) : _data(std::move(data)) {}

TimeZone TimeZone::utc()
{
    static const std::shared_ptr<const Data> data = [] {
        auto d = std::make_shared<Data>();
        d->name = "UTC";
        d->offsets.push_back(0);
        return d;
    }();
    return TimeZone(data);
}

std::string TimeZone::zoneInfoDir()
{
    return Platform::LocalZone::zoneinfoDir();
}

TimeZone TimeZone::fromPosixRule(const std::string& rule)
{
    auto parsed = PosixTzRule::parse(rule);
    if (!parsed)
        throw std::invalid_argument("\"" + rule +
                                    "\" is not a POSIX TZ rule such as CET-1CEST,M3.5.0,M10.5.0/3");
    auto d = std::make_shared<Data>();
    d->name = rule;
    d->offsets.push_back(parsed->standardOffset());
    d->footer = std::move(parsed);
    return TimeZone(d);
}

TimeZone TimeZone::fromTzif(const std::string& name, const std::string& bytes)
{
    auto parsed = parseTzif(bytes);
    if (!parsed)
        throw std::invalid_argument("time zone \"" + name + "\": not a valid TZif file");
    parsed->name = name;
    return TimeZone(std::make_shared<Data>(std::move(*parsed)));
}

TimeZone TimeZone::fromFile(const std::string& path, const std::string& name, const std::string& shownInput)
{
    std::string bytes;
    if (!readWholeFile(path, bytes))
        throw std::invalid_argument(unknownZoneMessage(shownInput, path + " does not exist"));
    auto parsed = parseTzif(bytes);
    if (!parsed)
        throw std::invalid_argument(unknownZoneMessage(shownInput, path + " is not a TZif time zone file"));
    parsed->name = name;
    return TimeZone(std::make_shared<Data>(std::move(*parsed)));
}

TimeZone TimeZone::fromName(const std::string& input)
{
    if (input.empty())
        return processDefault();
    const std::string name = input.front() == ':' ? input.substr(1) : input;
    if (Platform::LocalZone::isSafeName(name))
    {
        const std::string path = zoneInfoDir() + "/" + name;
        std::string bytes;
        if (readWholeFile(path, bytes))
            return fromFile(path, name, input);
        if (isUtcAlias(name))
            return utc(); // works even where tzdata is not installed
    }
    // Not a file: perhaps a POSIX rule ("EST5EDT,M3.2.0,M11.1.0"). A rule always carries a digit (its
    // offset), which keeps misspelt names out of this path.
    if (name.find_first_of("0123456789") != std::string::npos && PosixTzRule::parse(name))
        return fromPosixRule(name);
    if (!Platform::LocalZone::isSafeName(name))
        throw std::invalid_argument(unknownZoneMessage(input, "not a zone name"));
    throw std::invalid_argument(unknownZoneMessage(input, "no such zone in " + zoneInfoDir()));
}

TimeZone TimeZone::processDefault()
{
    const Platform::LocalZone local = Platform::LocalZone::current();
    if (local.name.empty() && local.file.empty())
        return utc(); // none set, or TZ set but empty (glibc: UTC)
    try
    {
        if (!local.file.empty())
            return fromFile(local.file, local.name, local.file);
        return fromName(local.name);
    }
    catch (const std::invalid_argument& e)
    {
        if (local.source.empty())
            throw;
        throw std::invalid_argument(local.source + ": " + e.what());
    }
}

std::string TimeZone::name() const
{
    return _data->name;
}

int TimeZone::offsetAtSeconds(int64_t t) const
{
    const Data& d = *_data;
    if (d.transitions.empty())
        return d.footer ? d.footer->offsetAt(t) : d.offsets.front();
    if (t < d.transitions.front())
        return d.offsets.front(); // RFC 8536: before the first transition, time type 0 applies
    if (t >= d.transitions.back() && d.footer)
        return d.footer->offsetAt(t);
    const auto it = std::upper_bound(d.transitions.begin(), d.transitions.end(), t);
    const size_t index = static_cast<size_t>(it - d.transitions.begin()) - 1;
    return d.offsets[d.transitionTypes[index]];
}

int TimeZone::offsetSecondsAt(int64_t unixMs) const
{
    return offsetAtSeconds(floorDiv(unixMs, 1000));
}

CivilDate TimeZone::localDate(int64_t unixMs) const
{
    const int64_t seconds = floorDiv(unixMs, 1000);
    return CivilDate::fromDaysSinceEpoch(floorDiv(seconds + offsetAtSeconds(seconds), 86400));
}

int64_t TimeZone::localMidnightUnixMs(const CivilDate& date) const
{
    const Data& d = *_data;
    const int64_t localMidnight = date.toDaysSinceEpoch() * 86400;

    auto nextTransitionAfter = [&d](int64_t t) -> std::optional<int64_t> {
        if (!d.transitions.empty() && t < d.transitions.back())
            return *std::upper_bound(d.transitions.begin(), d.transitions.end(), t);
        if (d.footer)
            return d.footer->nextTransitionAfter(t);
        return std::nullopt;
    };

    // Walk the intervals of constant offset from well before the day (offsets stay within +-26 h). Inside
    // an interval local time rises with UTC, so the first instant reaching local midnight is either
    // midnight - offset (if that lies inside the interval) or, when a spring-forward gap swallowed
    // midnight, the start of the first interval that begins already past it.
    int64_t from = localMidnight - 2 * 86400;
    for (int guard = 0; guard < 64; ++guard)
    {
        const int offset = offsetAtSeconds(from);
        const std::optional<int64_t> until = nextTransitionAfter(from);
        const int64_t candidate = localMidnight - offset;
        if (candidate < from)
            return from * 1000; // the gap case: this interval starts after local midnight
        if (!until || candidate < *until)
            return candidate * 1000;
        from = *until;
    }
    return (localMidnight - offsetAtSeconds(localMidnight)) * 1000; // unreachable with sane data
}

std::string TimeZone::localMidnightIso(const CivilDate& date) const
{
    return localIso(localMidnightUnixMs(date));
}

std::string TimeZone::localIso(int64_t unixMs) const
{
    const int64_t seconds = floorDiv(unixMs, 1000);
    const int offset = offsetAtSeconds(seconds);
    const int64_t local = seconds + offset;
    const CivilDate localDay = CivilDate::fromDaysSinceEpoch(floorDiv(local, 86400));
    const int64_t secondOfDay = local - floorDiv(local, 86400) * 86400;
    char buf[32];
    std::snprintf(buf, sizeof buf, "T%02d:%02d:%02d", static_cast<int>(secondOfDay / 3600),
                  static_cast<int>((secondOfDay / 60) % 60), static_cast<int>(secondOfDay % 60));
    return localDay.toIso() + buf + formatOffset(offset);
}

} // namespace OuraMcp::Dates

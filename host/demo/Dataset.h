#pragma once

#include "dates/CivilDate.h"
#include "util/Json.h"

#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <vector>

namespace OuraMcp::Demo {

/// One generated document and the key the demo API filters it on: local wall-clock seconds since
/// 1970-01-01T00:00 of the document's timestamp (day T00:00, daily_activity T04:00, sleep bedtime_start,
/// workout/session start_datetime), mirroring the real API's date quirks (NOTES §7).
struct DemoDocument
{
    Json json;
    std::int64_t wallKey = 0;
};

/// A deterministic, plausible Oura user ("demo person") over the two years ending at `today`.
///
/// Every value belonging to a day depends only on (day, seed): each day seeds its own generators, so the same
/// day yields the same JSON whatever `today` is. Nothing is precomputed; documents and time series are built
/// on demand for the requested range. The person lives in a Europe/Berlin-like zone (+01:00 / +02:00 with the
/// EU daylight-saving rule). Data exists for days [today - 729, today]; time-series rows stop at nowUtc().
/// Today's daily documents are complete synthetic days even if "now" is earlier. Thread-safe (immutable).
class Dataset
{
public:
    static constexpr std::uint64_t defaultSeed = 20241111;
    static constexpr int days = 730; ///< length of the history, today included

    explicit Dataset(const Dates::CivilDate& today, std::uint64_t seed = defaultSeed,
                     std::optional<std::int64_t> nowUtc = std::nullopt);
    /// nowUtc (Unix seconds) defaults to today 12:00 local time.

    explicit Dataset(const std::string& today, std::uint64_t seed = defaultSeed,
                     std::optional<std::int64_t> nowUtc = std::nullopt);
    /// today as configuration text (the fake server's --today): "YYYY-MM-DD", else std::invalid_argument.

    Dataset(int year, int month, int day, std::uint64_t seed = defaultSeed);

    static Dataset forCurrentTime(std::uint64_t seed = defaultSeed);
    /// today = the local date of the system clock in the demo zone, now = the system clock.

    std::string today() const;
    std::int64_t todayNumber() const { return _today; } ///< days since 1970-01-01
    std::int64_t firstDayNumber() const { return _today - days + 1; }
    std::int64_t nowUtc() const { return _now; }
    std::uint64_t seed() const { return _seed; }

    static const std::vector<std::string>& documentCollections();
    /// daily_activity, daily_cardiovascular_age, daily_readiness, daily_resilience, daily_sleep, daily_spo2,
    /// daily_stress, enhanced_tag, rest_mode_period, ring_configuration, session, sleep, sleep_time, tag,
    /// vO2_max, workout.

    static bool isDocumentCollection(const std::string& collection);
    static bool isTimeSeriesCollection(const std::string& collection); ///< heartrate, ring_battery_level

    std::vector<DemoDocument> documentsForDay(const std::string& collection, std::int64_t day) const;
    /// The documents whose day (start_day for tags and rest mode) is `day`, in timestamp order; empty outside
    /// the history. ring_configuration is not per day: use documents().

    std::vector<DemoDocument> documents(const std::string& collection, std::int64_t fromWall,
                                        std::int64_t toWall) const;
    /// Documents with fromWall <= wallKey <= toWall, sorted by wallKey (ring_configuration: all of them).

    std::optional<Json> document(const std::string& collection, const std::string& id) const;
    /// Looks a document up by id; nullopt if there is none.

    Json personalInfo() const;

    std::vector<Json> heartRate(std::int64_t fromUtc, std::int64_t toUtc,
                                std::size_t limit = std::numeric_limits<std::size_t>::max()) const;
    /// PublicHeartRateRow objects with fromUtc <= timestamp <= min(toUtc, now), ascending, at most limit.
    /// Every 5 minutes asleep or resting, every 30-240 s awake, every minute in workouts; none while the ring
    /// is charging.

    std::vector<Json> ringBatteryLevel(std::int64_t fromUtc, std::int64_t toUtc,
                                       std::size_t limit = std::numeric_limits<std::size_t>::max()) const;
    /// PublicRingBatteryLevelRow objects every 15 minutes, same bounds as heartRate().

    std::optional<Json> latest(const std::string& collection, std::int64_t toUtc) const;
    /// The most recent heartrate / ring_battery_level row at or before min(toUtc, now).

private:
    std::vector<Json> series(bool heart, std::int64_t fromUtc, std::int64_t toUtc, std::size_t limit) const;

    std::int64_t _today;
    std::uint64_t _seed;
    std::int64_t _now;
};

} // namespace OuraMcp::Demo

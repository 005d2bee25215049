#include "oura/CollectionRules.h"

#include <Poco/String.h>

namespace OuraMcp::Oura {

namespace {

// Sources: ../shared/oura-api/NOTES.md §2 (routes, parameters), §4 (scope mapping), §7 (date quirks).
// Widening then trimming by the day field is always safe (the only cost is one extra day in the query),
// so rows whose filter behaviour is unverified are widened defensively at the end.
const std::vector<CollectionRule> kRules = {
    // name, path, params, before, after, trim, scope, envelope, cache, sandbox, why
    {"daily_activity", "daily_activity", DateParams::Dates, 0, 1, "day", "daily", Envelope::Documents,
     CacheClass::ByDay, true, "filtered on timestamp <day>T04:00; a date-only end_date drops the end day"},
    {"daily_cardiovascular_age", "daily_cardiovascular_age", DateParams::Dates, 0, 0, "day", "heart_health",
     Envelope::Documents, CacheClass::ByDay, true, "timestamp T00:00: end day included"},
    {"daily_readiness", "daily_readiness", DateParams::Dates, 0, 0, "day", "daily", Envelope::Documents,
     CacheClass::ByDay, true, "timestamp T00:00: end day included"},
    {"daily_resilience", "daily_resilience", DateParams::Dates, 0, 0, "day", "stress", Envelope::Documents,
     CacheClass::ByDay, true, "timestamp T00:00: end day included"},
    {"daily_sleep", "daily_sleep", DateParams::Dates, 0, 0, "day", "daily", Envelope::Documents,
     CacheClass::ByDay, true, "timestamp T00:00: end day included"},
    {"daily_spo2", "daily_spo2", DateParams::Dates, 0, 0, "day", "spo2", Envelope::Documents,
     CacheClass::ByDay, true, "timestamp T00:00: end day included"},
    {"daily_stress", "daily_stress", DateParams::Dates, 0, 0, "day", "daily", Envelope::Documents,
     CacheClass::ByDay, true, "timestamp T00:00: end day included"},
    {"enhanced_tag", "enhanced_tag", DateParams::Dates, 0, 1, "start_day", "tag", Envelope::Documents,
     CacheClass::ByDay, true, "filtered on start_time: the end day is dropped"},
    {"heartrate", "heartrate", DateParams::Datetimes, 0, 0, "", "heartrate", Envelope::TimeSeries,
     CacheClass::ByDay, true, "UTC datetimes; days become the user's local midnights; start_date is ignored"},
    {"personal_info", "personal_info", DateParams::None, 0, 0, "", "personal", Envelope::BareObject,
     CacheClass::Profile, false, "bare object, no dates; not in the sandbox"},
    {"rest_mode_period", "rest_mode_period", DateParams::Dates, 0, 1, "start_day", "daily",
     Envelope::Documents, CacheClass::ByDay, true, "filtered on start_time: the end day is dropped"},
    {"ring_battery_level", "ring_battery_level", DateParams::Datetimes, 0, 0, "", "ring_configuration",
     Envelope::TimeSeries, CacheClass::ByDay, true, "UTC datetimes like heartrate"},
    {"ring_configuration", "ring_configuration", DateParams::None, 0, 0, "", "ring_configuration",
     Envelope::Documents, CacheClass::Profile, true, "no date parameters"},
    {"session", "session", DateParams::Dates, 0, 1, "day", "session", Envelope::Documents, CacheClass::ByDay,
     true, "filtered on start_datetime: the end day is dropped"},
    {"sleep", "sleep", DateParams::Dates, 1, 1, "day", "daily", Envelope::Documents, CacheClass::ByDay, true,
     "keyed on bedtime_start: the period of day D starts on D-1, so query D-1..D+1 and trim by day"},
    {"sleep_time", "sleep_time", DateParams::Dates, 0, 1, "day", "daily", Envelope::Documents,
     CacheClass::ByDay, true, "end-day behaviour unverified: widened defensively"},
    {"tag", "tag", DateParams::Dates, 0, 1, "day", "tag", Envelope::Documents, CacheClass::ByDay, true,
     "deprecated (use enhanced_tag); filtered on timestamp: widened defensively"},
    {"vO2_max", "vO2_max", DateParams::Dates, 0, 1, "day", "heart_health", Envelope::Documents,
     CacheClass::ByDay, true, "capital O in the path; end-day behaviour unverified: widened defensively"},
    {"workout", "workout", DateParams::Dates, 0, 1, "day", "workout", Envelope::Documents, CacheClass::ByDay,
     true, "filtered on start_datetime: a date-only end_date drops the end day"},
};

} // namespace

const std::vector<CollectionRule>& CollectionRules::all()
{
    return kRules;
}

const CollectionRule* CollectionRules::find(const std::string& name)
{
    for (const auto& rule : kRules)
    {
        if (Poco::icompare(rule.name, name) == 0)
            return &rule;
    }
    return nullptr;
}

std::string CollectionRules::names()
{
    std::string out;
    for (const auto& rule : kRules)
        out += (out.empty() ? "" : ", ") + rule.name;
    return out;
}

} // namespace OuraMcp::Oura

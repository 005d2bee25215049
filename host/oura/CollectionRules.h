#pragma once

#include <string>
#include <vector>

namespace OuraMcp::Oura {

/// Which date parameters a collection takes.
enum class DateParams
{
    Dates,     ///< start_date / end_date (ISO days)
    Datetimes, ///< start_datetime / end_datetime (time series: heartrate, ring_battery_level)
    None       ///< no date filter (personal_info, ring_configuration)
};

/// The shape of a collection's answer.
enum class Envelope
{
    Documents,  ///< {"data":[...], "next_token": ...}
    TimeSeries, ///< {"data":[...], "next_token"?: ...}
    BareObject  ///< the object itself (personal_info)
};

/// How long answers may be cached (the service turns this into a TTL per request).
enum class CacheClass
{
    ByDay,  ///< long once the days have settled, short for recent days
    Profile ///< account facts that change rarely but without a day to judge by: short-ish
};

/// One collection's quirks, as data. The API filters most collections on a timestamp, not on `day`, so
/// the queried range is widened (widenBefore/widenAfter days) and the answer trimmed by trimField.
struct CollectionRule
{
    std::string name;      ///< the name plugins use, e.g. "daily_activity" (matched case-insensitively)
    std::string path;      ///< the path segment under the collection prefix, e.g. "vO2_max"
    DateParams dateParams; ///<
    int widenBefore;       ///< days subtracted from the user's start in the query
    int widenAfter;        ///< days added to the user's end in the query
    std::string trimField; ///< the document's day field used to trim to the user's days; "" = no trim
    std::string scope;     ///< the OAuth scope the collection needs ("" = none)
    Envelope envelope;     ///<
    CacheClass cacheClass; ///<
    bool inSandbox;        ///< also served under /v2/sandbox/usercollection
    std::string why;       ///< the evidence for the row's date handling (shown in docs and tests)
};

/// The table of collection rules. Adding a collection is adding a row in CollectionRules.cpp.
class CollectionRules
{
public:
    static const std::vector<CollectionRule>& all();

    static const CollectionRule* find(const std::string& name);
    /// The row for name (case-insensitive, so "vo2_max" finds "vO2_max"), or nullptr.

    static std::string names();
    /// "daily_activity, daily_cardiovascular_age, ..." for error messages.
};

} // namespace OuraMcp::Oura

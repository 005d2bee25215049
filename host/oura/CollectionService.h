#pragma once

#include "oura/ApiClient.h"
#include "oura/CollectionRules.h"
#include "oura/DataService.h"
#include "oura/DayCalendar.h"

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace OuraMcp::Oura {

struct CollectionServiceOptions
{
    std::string collectionPrefix = "/v2/usercollection"; ///< sandbox: "/v2/sandbox/usercollection"
    std::string note; ///< attached to every answer, e.g. "Demo data: synthetic, not from a real ring."
    std::chrono::milliseconds settledTtl = std::chrono::hours(1);   ///< ranges ending > settledAfterDays ago
    std::chrono::milliseconds recentTtl = std::chrono::seconds(60); ///< ranges touching recent days, raw GETs
    std::chrono::milliseconds profileTtl = std::chrono::minutes(5); ///< personal_info, ring_configuration
    int settledAfterDays = 2;         ///< days before today after which the ring's data no longer changes
    std::size_t parallelWindows = 16; ///< concurrent day windows for time series (30 days: 2 rounds)
    int maxTimeSeriesDays = 93;       ///< longest heart-rate/battery range (one request per day)
};

/// The host's DataService over the Oura API: plain GETs for plugins, and collections over the user's days
/// with the per-collection rules (CollectionRules) applied: dates resolved by the DayCalendar, the query
/// widened where Oura filters on timestamps, every page fetched, documents trimmed to the inclusive days
/// by their day field; time series queried as local-midnight datetimes in parallel one-day windows. Answers
/// are cached for long once the days have settled, briefly otherwise. Thread-safe.
class CollectionService : public DataService
{
public:
    CollectionService(std::shared_ptr<ApiClient> client, std::shared_ptr<const DayCalendar> calendar,
                      CollectionServiceOptions options = {});

    ApiResponse getCollection(const CollectionQuery& query, const CallControl& control) override;

    std::string describe() const override;

    std::chrono::milliseconds ttlFor(const Dates::CivilDate& lastQueriedDay) const;
    /// settledTtl if lastQueriedDay is more than settledAfterDays before today, else recentTtl.

private:
    ApiResponse noDates(const CollectionRule& rule, const QueryParams& extra, const CallControl& control);
    ApiResponse byDates(const CollectionRule& rule, const DayCalendar::Days& days, const QueryParams& extra,
                        const CallControl& control);
    ApiResponse byDatetimes(const CollectionRule& rule, const DayCalendar::Days& days,
                            const QueryParams& extra, const CallControl& control);
    /// One row of a time-series window in the user's zone: the row's bytes as sent, with the timestamp's
    /// bytes replaced by the local one.
    struct LocalRow
    {
        std::string_view row;        ///< the document as sent (a view of the window's body)
        std::string_view sent;       ///< its timestamp as sent (within row); empty if none
        std::uint32_t local = 0;     ///< the local timestamp's offset in the window's stamps
        std::uint32_t localSize = 0; ///< 0: the row is kept as sent
        bool kept = false;           ///< false: outside the user's days
    };
    bool localRows(const ApiResponse& window, const DayCalendar::Days& days, std::string& stamps,
                   std::vector<LocalRow>& rows) const;
    /// Moves one time-series window to the user's zone by its index, without copying the rows: each row's
    /// timestamp as the same instant on the user's wall clock (appended to stamps), or the row marked not
    /// kept if that falls outside days. False if the body has no data array.
    std::string collectionPath(const CollectionRule& rule) const;
    ApiResponse finish(ApiResponse response) const;

    std::shared_ptr<ApiClient> _client;
    std::shared_ptr<const DayCalendar> _calendar;
    CollectionServiceOptions _options;
};

} // namespace OuraMcp::Oura

#pragma once

#include "demo/Dataset.h"
#include "oura/Transport.h"

#include <cstddef>
#include <memory>
#include <string>

namespace OuraMcp::Demo {

/// Tunables of DemoApi. Defaults mirror what the real API was seen to do (NOTES §7).
struct DemoApiOptions
{
    std::size_t timeSeriesPageSize = 1000; ///< rows per heartrate / ring_battery_level page (>= 1)
    std::size_t documentPageSize = 0;      ///< documents per page; 0 = everything in one page
};

/// The Oura API v2 read routes, answered from a Dataset in-process: the same paths, envelopes, status codes
/// and date quirks as the real service (NOTES §2, §3, §5, §7). A pure function of (request, dataset,
/// options); no authentication (the fake server adds that). Thread-safe.
///
/// Routes: GET /v2/usercollection/<collection>[/<document_id>] and /v2/sandbox/usercollection/... (no
/// personal_info, no fields/latest), "vo2_max" accepted as an alias of "vO2_max".
/// Quirks implemented:
/// - documents are filtered on their timestamp (local wall clock): start_date/end_date given as a date mean
///   that day's midnight, both inclusive, so daily_activity (T04:00) and workout drop the end day while
///   daily_sleep & co (T00:00) keep it; /sleep is keyed on bedtime_start (needs start_date <= day - 1);
///   session on start_datetime; tags and rest mode on their start_day; ring_configuration ignores dates.
///   Missing end_date: the end of today; missing start_date: 7 days before the end day.
/// - heartrate and ring_battery_level read only start_datetime/end_datetime (default: the 24 h before now);
///   start_date/end_date alone silently give empty data; latest=true gives the most recent row.
/// - next_token: opaque; when present the dates are ignored. Lists always carry "next_token" (null on the
///   last page). A token from another collection or a mangled one gives 400.
/// - fields=a,b keeps id and day (time series: timestamp, timestamp_unix) plus the listed fields; ignored
///   where the spec says field selection is not supported (daily_resilience, enhanced_tag, tag) and in the
///   sandbox.
/// - unreadable dates, date-times or latest: 422 with the HTTPValidationError body; unknown document: 404
///   {"detail":"Document not found."}; unknown route: 404 {"detail":"Not Found"}; non-GET: 405.
class DemoApi
{
public:
    explicit DemoApi(std::shared_ptr<const Dataset> dataset, DemoApiOptions options = DemoApiOptions());

    Oura::HttpResponse handle(const Oura::HttpRequest& request) const;
    /// request.path may carry a "?query" (URL-encoded); request.query holds decoded pairs. Never throws.

    const Dataset& dataset() const { return *_dataset; }
    const DemoApiOptions& options() const { return _options; }

    static std::string requiredScope(const std::string& collection);
    /// The OAuth scope a collection needs per NOTES §4 (tidepool mapping): "daily", "heart_health",
    /// "stress", "spo2", "heartrate", "tag", "session", "workout", "ring_configuration"; "" for
    /// personal_info and unknown names. Accepts "vo2_max".

    static bool parseRoute(const std::string& path, std::string& collection, std::string& documentId,
                           bool& sandbox);
    /// Splits "/v2/[sandbox/]usercollection/<collection>[/<id>]" (query string ignored); false if the path
    /// is not of that form. The alias vo2_max is returned as vO2_max.

private:
    Oura::HttpResponse list(const std::string& collection, bool sandbox,
                            const Oura::QueryParams& query) const;

    std::shared_ptr<const Dataset> _dataset;
    DemoApiOptions _options;
};

} // namespace OuraMcp::Demo

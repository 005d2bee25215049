#pragma once

#include "oura/DataService.h"

#include <memory>

namespace OuraMcp::Oura {

/// A DataService decorator that answers prefetchDay: it starts reading, each on its own thread, that day of
/// every dated collection (CollectionRules) whose scope the caller holds. A summary section typically makes
/// several dependent get_collection calls one after another; with the day's collections already in flight,
/// those calls join the same upstream requests in the wrapped service's single-flight cache, so the whole
/// summary takes one round trip instead of three (docs/performance.md, summary). Everything else is passed
/// through unchanged. Thread-safe as the wrapped service is.
class PrefetchingDataService : public DataService
{
public:
    explicit PrefetchingDataService(std::unique_ptr<DataService> inner);

    ApiResponse getCollection(const CollectionQuery& query, const CallControl& control) override;
    std::unique_ptr<Prefetch> prefetchDay(const Dates::CivilDate& day, const std::set<std::string>& scopes,
                                          const std::string& user) override;
    std::string describe() const override;

private:
    std::unique_ptr<DataService> _inner;
};

} // namespace OuraMcp::Oura

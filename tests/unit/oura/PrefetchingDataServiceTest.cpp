// The summary-day prefetch as a decorator of the data service: which collections it starts, for which day,
// that everything else passes through, and that dropping the prefetch stops what is still running.
#include "oura/PrefetchingDataService.h"
#include "oura/CollectionRules.h"

#include <gtest/gtest.h>

#include <atomic>
#include <mutex>
#include <set>
#include <string>
#include <thread>

namespace {

using namespace OuraMcp::Oura;

/// Records every collection query; with holdUntilCancelled, each read waits until its caller cancels it.
class RecordingService : public DataService
{
public:
    ApiResponse getCollection(const CollectionQuery& query, const CallControl& control) override
    {
        {
            std::lock_guard<std::mutex> lock(mutex);
            collections.insert(query.collection);
            days.insert(query.start + ".." + query.end);
        }
        started.fetch_add(1);
        while (holdUntilCancelled && !(control.cancelled && control.cancelled()))
            std::this_thread::yield(); // a read in flight until the prefetch is dropped
        ApiResponse response;
        if (control.cancelled && control.cancelled())
            response.error = ApiError::Cancelled;
        return response;
    }

    std::string describe() const override { return "recording"; }

    bool holdUntilCancelled = false;
    std::atomic<int> started{0};
    std::mutex mutex;
    std::set<std::string> collections;
    std::set<std::string> days;
};

std::set<std::string> datedCollectionsOf(const std::set<std::string>& scopes)
{
    std::set<std::string> names;
    for (const auto& rule : CollectionRules::all())
        if (rule.dateParams != DateParams::None && scopes.count(rule.scope))
            names.insert(rule.name);
    return names;
}

TEST(PrefetchingDataService, StartsEveryDatedCollectionOfTheHeldScopesForThatOneDay)
{
    auto inner = std::make_unique<RecordingService>();
    RecordingService& recorded = *inner;
    PrefetchingDataService service(std::move(inner));

    service.prefetchDay(OuraMcp::Dates::CivilDate(2024, 5, 1), {"daily", "heartrate"}, "")
        .reset(); // waits for the reads

    const auto expected = datedCollectionsOf({"daily", "heartrate"});
    ASSERT_FALSE(expected.empty());
    EXPECT_EQ(recorded.collections, expected);
    EXPECT_EQ(recorded.days, (std::set<std::string>{"2024-05-01..2024-05-01"}));
    EXPECT_EQ(recorded.collections.count("personal_info"), 0u) << "undated collections are not prefetched";
}

TEST(PrefetchingDataService, ReadsNothingForScopesNoDatedCollectionNeeds)
{
    auto inner = std::make_unique<RecordingService>();
    RecordingService& recorded = *inner;
    PrefetchingDataService service(std::move(inner));

    service.prefetchDay(OuraMcp::Dates::CivilDate(2024, 5, 1), {"personal", "email"}, "").reset();

    EXPECT_EQ(recorded.started.load(), 0);
}

TEST(PrefetchingDataService, DroppingThePrefetchCancelsReadsStillInFlight)
{
    auto inner = std::make_unique<RecordingService>();
    RecordingService& recorded = *inner;
    recorded.holdUntilCancelled = true;
    PrefetchingDataService service(std::move(inner));

    auto prefetch = service.prefetchDay(OuraMcp::Dates::CivilDate(2024, 5, 1), {"workout"}, "");
    ASSERT_NE(prefetch, nullptr);
    prefetch.reset(); // returns only once the held read saw its cancellation

    EXPECT_EQ(recorded.collections, datedCollectionsOf({"workout"}));
}

TEST(PrefetchingDataService, PassesEverythingElseThrough)
{
    auto inner = std::make_unique<RecordingService>();
    RecordingService& recorded = *inner;
    PrefetchingDataService service(std::move(inner));

    CollectionQuery query;
    query.collection = "daily_sleep";
    query.start = "yesterday";
    service.getCollection(query, CallControl{});

    EXPECT_EQ(recorded.collections, (std::set<std::string>{"daily_sleep"}));
    EXPECT_EQ(recorded.days, (std::set<std::string>{"yesterday.."}));
    EXPECT_EQ(service.describe(), "recording");
}

} // namespace

#include "oura/DataStack.h"

#include "oura/ApiClient.h"
#include "oura/PrefetchingDataService.h"
#include "oura/RateLimiter.h"
#include "oura/ResponseCache.h"

namespace OuraMcp::Oura {

std::unique_ptr<DataService> DataStack::build(std::shared_ptr<Transport> transport,
                                              std::shared_ptr<TokenProvider> tokens,
                                              std::shared_ptr<const DayCalendar> calendar,
                                              CollectionServiceOptions options)
{
    auto client =
        std::make_shared<ApiClient>(std::move(transport), std::move(tokens), std::make_shared<RateLimiter>(),
                                    std::make_shared<ResponseCache>());
    // Composite resources (the day summary) ask the service to prefetch their day's collections.
    return std::make_unique<PrefetchingDataService>(
        std::make_unique<CollectionService>(std::move(client), std::move(calendar), std::move(options)));
}

} // namespace OuraMcp::Oura

#pragma once

#include "oura/CollectionService.h"
#include "oura/DataService.h"

#include <memory>

namespace OuraMcp::Oura {

class DayCalendar;
class TokenProvider;
class Transport;

/// Assembles the data service of one user: transport → API client (with its own rate limiter and response
/// cache, hence its own single-flight) → collection rules → day prefetch. The stdio server builds one; the
/// multi-user server (PerUserDataService) one per user, so that no cached answer, request in flight or error
/// is shared between users.
class DataStack
{
public:
    static std::unique_ptr<DataService> build(std::shared_ptr<Transport> transport,
                                              std::shared_ptr<TokenProvider> tokens,
                                              std::shared_ptr<const DayCalendar> calendar,
                                              CollectionServiceOptions options);
    /// tokens nullptr: no Authorization header (demo, sandbox).
};

} // namespace OuraMcp::Oura

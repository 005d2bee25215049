#include "dates/Clock.h"

namespace OuraMcp::Dates {

Clock::~Clock() = default;

} // namespace OuraMcp::Dates

#include "platform/BrokenPipe.h"

namespace OuraMcp::Platform {

void BrokenPipe::ignoreSignal() noexcept {}

} // namespace OuraMcp::Platform

#include "platform/Memory.h"

namespace OuraMcp::Platform {

// The Windows heap (the low-fragmentation heap of the C runtime) has no per-thread arenas to cap and
// decommits free pages itself.
void Memory::tuneAllocator() noexcept {}

void Memory::returnFreeMemory() noexcept {}

} // namespace OuraMcp::Platform

#include "platform/Memory.h"

#ifdef __GLIBC__
#include <malloc.h>
#endif

namespace OuraMcp::Platform {

void Memory::tuneAllocator() noexcept
{
#ifdef __GLIBC__
    ::mallopt(M_ARENA_MAX, 2);
#endif
}

void Memory::returnFreeMemory() noexcept
{
#ifdef __GLIBC__
    ::malloc_trim(0);
#endif
}

} // namespace OuraMcp::Platform

#pragma once

namespace OuraMcp::Platform {

/// The C allocator's knobs, where the platform has them (glibc); elsewhere both calls do nothing.
class Memory
{
public:
    static void tuneAllocator() noexcept;
    /// Call first thing in main(). glibc gives every thread that allocates its own arena (up to 8 per core)
    /// and keeps what each one freed; this caps them at two (M_ARENA_MAX), plenty for a server that mostly
    /// waits on the network (docs/performance.md, peak RSS). macOS and Windows: nothing.

    static void returnFreeMemory() noexcept;
    /// Hands freed heap pages back to the system (glibc: malloc_trim(0)), e.g. after a burst of large
    /// transient allocations on worker threads. macOS and Windows: nothing.
};

} // namespace OuraMcp::Platform

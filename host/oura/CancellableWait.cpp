#include "oura/CancellableWait.h"

#include <algorithm>
#include <condition_variable>
#include <mutex>

namespace OuraMcp::Oura {

bool CancellableWait::isCancelled(const CallControl& control)
{
    return control.cancelled && control.cancelled();
}

bool CancellableWait::waitFor(std::chrono::milliseconds duration, const CallControl& control)
{
    using Clock = std::chrono::steady_clock;
    const auto deadline = Clock::now() + duration;
    std::mutex mutex;
    std::condition_variable cv;
    std::unique_lock<std::mutex> lock(mutex);
    while (true)
    {
        if (isCancelled(control))
            return false;
        const auto now = Clock::now();
        if (now >= deadline)
            return true;
        const auto step = std::min<Clock::duration>(deadline - now, slice);
        cv.wait_for(lock, step); // nobody notifies: the timeout is the point, the predicate is the poll above
    }
}

} // namespace OuraMcp::Oura

#pragma once

#include "oura/ApiResponse.h"

#include <chrono>

namespace OuraMcp::Oura {

/// Waits for a while unless the caller's request is cancelled first. The host has no "cancelled" signal to
/// wake on (CallControl::cancelled is a poll), so the wait sleeps on a condition variable in short slices
/// and polls between them; a cancel is noticed within one slice instead of after the whole delay.
class CancellableWait
{
public:
    static bool waitFor(std::chrono::milliseconds duration, const CallControl& control);
    /// Returns true after the full duration, false as soon as control.cancelled() says true.

    static bool isCancelled(const CallControl& control);
    /// control.cancelled() if set, else false.

    static constexpr std::chrono::milliseconds slice{25};
};

} // namespace OuraMcp::Oura

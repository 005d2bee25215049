#pragma once

#include "dates/Clock.h"

#include <atomic>

namespace OuraMcp::Dates {

/// A clock that stands still until told otherwise; for unit tests. Thread-safe.
class FixedClock : public Clock
{
public:
    explicit FixedClock(int64_t unixMs = 0) : _now(unixMs) {}

    int64_t nowUnixMs() const override { return _now.load(); }

    void set(int64_t unixMs) { _now.store(unixMs); }
    void advance(int64_t ms) { _now.fetch_add(ms); }

private:
    std::atomic<int64_t> _now;
};

} // namespace OuraMcp::Dates

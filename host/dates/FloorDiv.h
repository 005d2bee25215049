#pragma once

#include <cstdint>

namespace OuraMcp::Dates {

/// a / b rounded toward negative infinity (C++ `/` truncates toward zero), for day and era arithmetic on
/// instants before 1970. b must be positive.
inline int64_t floorDiv(int64_t a, int64_t b)
{
    int64_t q = a / b;
    if ((a % b != 0) && ((a < 0) != (b < 0)))
        --q;
    return q;
}

} // namespace OuraMcp::Dates

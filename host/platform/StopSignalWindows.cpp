#include "platform/StopSignal.h"
#include "platform/StopSignalNative.h"

#include <stdexcept>
#include <string>

namespace OuraMcp::Platform {

StopSignal::StopSignal() : _native(std::make_unique<Native>())
{
    _native->event = ::CreateEventW(nullptr, TRUE, FALSE, nullptr);
    if (!_native->event)
        throw std::runtime_error("cannot create the stop event: error " + std::to_string(::GetLastError()));
}

StopSignal::~StopSignal()
{
    ::CloseHandle(_native->event);
}

void StopSignal::raise() noexcept
{
    if (_raised.exchange(true))
        return;
    ::SetEvent(_native->event);
}

} // namespace OuraMcp::Platform

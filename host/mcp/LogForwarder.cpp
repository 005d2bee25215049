#include "mcp/LogForwarder.h"

#include "mcp/ServerRequestContext.h"
#include "mcp/Session.h"
#include "util/Log.h"

namespace OuraMcp::Mcp {

namespace {

thread_local bool tlInListener = false;

/// Calls forward unless the calling thread is already inside the listener: a log line written while
/// forwarding one must not loop. Forwarding never throws into the code that logged.
template <typename Forward>
void guarded(Forward&& forward)
{
    if (tlInListener)
        return;
    tlInListener = true;
    try
    {
        forward();
    }
    catch (...)
    {}
    tlInListener = false;
}

} // namespace

LogForwarder::LogForwarder(std::weak_ptr<Session> session)
{
    Util::Log::setListener(
        [session](Util::Log::Level level, const std::string& component, const std::string& line) {
            guarded([&] {
                if (auto locked = session.lock())
                    locked->forwardLog(level, component, line);
            });
        });
}

LogForwarder::LogForwarder()
{
    Util::Log::setListener([](Util::Log::Level level, const std::string& component, const std::string& line) {
        guarded([&] {
            if (ServerRequestContext* current = ServerRequestContext::current())
                current->session().forwardLog(level, component, line);
        });
    });
}

LogForwarder::~LogForwarder()
{
    Util::Log::setListener({});
}

} // namespace OuraMcp::Mcp

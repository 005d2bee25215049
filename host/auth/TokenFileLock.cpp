#include "auth/TokenFileLock.h"

#include "platform/FileLock.h"
#include "util/Log.h"

namespace OuraMcp::Auth {

TokenFileLock::TokenFileLock(const std::string& tokenFile)
{
    if (tokenFile.empty())
        return;
    auto lock = std::make_unique<Platform::FileLock>(tokenFile + ".lock");
    if (!lock->opened())
    {
        Util::Log::debug("auth", "no refresh lock (" + lock->problem() + ")");
        return;
    }
    if (!lock->held())
    {
        Util::Log::warning("auth", lock->problem());
        return;
    }
    _lock = std::move(lock);
}

TokenFileLock::~TokenFileLock() = default;

bool TokenFileLock::held() const
{
    return _lock != nullptr;
}

} // namespace OuraMcp::Auth

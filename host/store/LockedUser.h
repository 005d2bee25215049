#pragma once

#include "store/Records.h"

#include <optional>
#include <string>

namespace OuraMcp::Store {

/// A user's row held under the user lock (UserStore::withUserLock): reads and writes through it happen in
/// the lock's transaction, so no other thread or replica reads or writes the user's Oura tokens meanwhile.
/// Valid only inside the callback it is handed to.
class LockedUser
{
public:
    virtual ~LockedUser() = default;

    virtual const std::string& userId() const = 0;

    virtual std::optional<OuraTokens> ouraTokens() = 0;
    /// The user's Oura tokens as they are now, or nothing if the user has none.

    virtual void saveOuraTokens(const OuraTokens& tokens) = 0;
    /// Replaces the user's Oura tokens (sealed); committed when the callback returns normally.
};

} // namespace OuraMcp::Store

#include "store/UserStore.h"

#include "store/Migrations.h"
#include "store/PostgresUserStore.h"
#include "store/SqliteUserStore.h"

namespace OuraMcp::Store {

std::unique_ptr<UserStore> UserStore::open(const std::string& location, std::shared_ptr<const StoreKey> key)
{
    if (location.rfind("postgresql://", 0) == 0 || location.rfind("postgres://", 0) == 0)
        return openPostgresStore(location, std::move(key));
    const std::string scheme = "sqlite:";
    const std::string path = location.rfind(scheme, 0) == 0 ? location.substr(scheme.size()) : location;
    return std::make_unique<SqliteUserStore>(path, std::move(key));
}

std::int64_t UserStore::latestSchemaVersion()
{
    return Migrations::latestVersion();
}

std::optional<OuraTokens> UserStore::rotateOuraTokens(
    const std::string& userId,
    const std::function<std::optional<OuraTokens>(const std::optional<OuraTokens>& current)>& refresh)
{
    std::optional<OuraTokens> result;
    withUserLock(userId, [&](LockedUser& user) {
        result = user.ouraTokens();
        if (auto next = refresh(result))
        {
            user.saveOuraTokens(*next);
            result = std::move(next);
        }
    });
    return result;
}

} // namespace OuraMcp::Store

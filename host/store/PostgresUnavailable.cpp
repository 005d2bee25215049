// The PostgreSQL engine's entry point in builds without Poco's PostgreSQL connector (the Windows build).
#include "store/PostgresUserStore.h"
#include "store/StoreError.h"

namespace OuraMcp::Store {

std::unique_ptr<UserStore> openPostgresStore(const std::string&, std::shared_ptr<const StoreKey>)
{
    throw StoreError("this build of oura-mcp has no PostgreSQL engine (the Windows build keeps its state in "
                     "SQLite): use --store sqlite:PATH, or run the replicas that share PostgreSQL on Linux");
}

} // namespace OuraMcp::Store

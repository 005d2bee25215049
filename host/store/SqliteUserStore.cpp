#include "store/SqliteUserStore.h"

#include "store/StoreError.h"

#include "platform/PrivateFile.h"

#include <Poco/Data/SQLite/Connector.h>
#include <Poco/Data/Statement.h>

namespace OuraMcp::Store {

using Poco::Data::Session;
using Poco::Data::Statement;

namespace {

// The store file holds sealed tokens and hashes only, but who signed in is itself private: owner only.
std::string prepareFile(const std::string& path)
{
    Platform::FileAccess access;
    try
    {
        access = Platform::PrivateFile::openOrCreate(path);
    }
    catch (const std::exception& e)
    {
        throw StoreError(std::string("the store file: ") + e.what()); // names the path and the reason
    }
    if (access.kind != Platform::FileAccess::Kind::RegularFile)
        throw StoreError("the store file " + path + " is not a regular file");
    if (access.openToOthers)
        throw StoreError("the store file " + path + " is readable by group or others; run: " +
                         Platform::PrivateFile::makePrivateCommand(path));
    Poco::Data::SQLite::Connector::registerConnector();
    return path;
}

void run(Session& session, const std::string& text)
{
    Statement statement(session);
    statement << text;
    statement.execute();
}

} // namespace

SqliteUserStore::SqliteUserStore(const std::string& path, std::shared_ptr<const StoreKey> key)
    : SqlUserStore("sqlite", prepareFile(path), std::move(key), 16)
{
    try
    {
        Lease lease = connection();
        Session& session = lease.session();
        std::string mode;
        Statement wal(session);
        wal << "PRAGMA journal_mode = WAL", Poco::Data::Keywords::into(mode);
        wal.execute();
    }
    catch (const Poco::Exception& e)
    {
        throw StoreError(std::string("cannot switch the store file to WAL mode (") + e.name() + ")");
    }
    migrate();
}

void SqliteUserStore::prepareConnection(Session& session)
{
    // Per connection: how long a writer waits for another (BEGIN IMMEDIATE) before SQLITE_BUSY.
    run(session, "PRAGMA busy_timeout = 30000");
}

void SqliteUserStore::beginWrite(Session& session)
{
    run(session, "BEGIN IMMEDIATE");
}

void SqliteUserStore::commit(Session& session)
{
    run(session, "COMMIT");
}

void SqliteUserStore::rollback(Session& session) noexcept
{
    try
    {
        run(session, "ROLLBACK");
    }
    catch (...)
    {}
}

std::string SqliteUserStore::forUpdate() const
{
    return "";
}

void SqliteUserStore::lockForMigration(Session&)
{
    // BEGIN IMMEDIATE already excludes every other writer of the file.
}

} // namespace OuraMcp::Store

#pragma once

#include "store/SqlUserStore.h"

namespace OuraMcp::Store {

/// The default engine: one SQLite file, no setup. The file is created with mode 0600 before SQLite opens it
/// (SQLite gives its -wal and -shm files the same mode) and runs in WAL mode, so readers never wait for the
/// writer. Writers are serialised by BEGIN IMMEDIATE, which is also the user lock: one process (or several
/// on one machine) at a time writes the file, and a busy writer is waited for up to 30 s.
class SqliteUserStore : public SqlUserStore
{
public:
    SqliteUserStore(const std::string& path, std::shared_ptr<const StoreKey> key);
    /// Creates the file if missing (its folder must exist), refuses one that group or others can read, and
    /// migrates. Throws StoreError / SchemaTooNewError.

protected:
    void prepareConnection(Poco::Data::Session& session) override;
    void beginWrite(Poco::Data::Session& session) override;
    void commit(Poco::Data::Session& session) override;
    void rollback(Poco::Data::Session& session) noexcept override;
    std::string forUpdate() const override;
    void lockForMigration(Poco::Data::Session& session) override;
};

} // namespace OuraMcp::Store

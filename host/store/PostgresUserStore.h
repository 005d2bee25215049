#pragma once

#include "store/SqlUserStore.h"

namespace OuraMcp::Store {

/// The engine for several replicas: one PostgreSQL database they share. The user lock is a row lock
/// (SELECT … FOR UPDATE on the user's row), so refreshes of different users never wait for each other;
/// migrations are serialised between replicas by a transaction-scoped advisory lock.
class PostgresUserStore : public SqlUserStore
{
public:
    PostgresUserStore(const std::string& url, std::shared_ptr<const StoreKey> key);
    /// url: a libpq connection URI ("postgresql://user@host:port/db?sslmode=…") or keyword string.
    /// Connects and migrates; throws StoreError / SchemaTooNewError.

protected:
    std::string sql(const std::string& text) const override;
    void prepareConnection(Poco::Data::Session& session) override;
    void beginWrite(Poco::Data::Session& session) override;
    void commit(Poco::Data::Session& session) override;
    void rollback(Poco::Data::Session& session) noexcept override;
    std::string forUpdate() const override;
    void lockForMigration(Poco::Data::Session& session) override;
};

std::unique_ptr<UserStore> openPostgresStore(const std::string& url, std::shared_ptr<const StoreKey> key);
/// A PostgresUserStore, or, in a build without the PostgreSQL connector (the Windows build: Debian has no
/// cross-built libpq), a StoreError saying so (PostgresUnavailable.cpp).

} // namespace OuraMcp::Store

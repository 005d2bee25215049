#pragma once

#include <string>

namespace OuraMcp::Testing {

/// A throwaway PostgreSQL cluster for the store's tests: initdb and pg_ctl (Debian's postgresql package,
/// /usr/lib/postgresql/<version>/bin, or the folder OURA_MCP_TEST_PG_BIN names) in a fresh temp folder,
/// listening only on a unix socket in that folder, trust authentication, fsync off. PostgreSQL refuses to
/// run as root, so under root the folder is given to the unprivileged user "nobody" and every server
/// command runs as it (setpriv). Started on first use by a test, stopped and deleted at the end of the run.
class PostgresCluster
{
public:
    static PostgresCluster& instance();
    /// The running cluster; throws std::runtime_error saying why (with the server's log) if it cannot start.

    std::string createDatabase();
    /// A fresh empty database; returns its name.

    std::string url(const std::string& database) const;
    /// A libpq URI (postgresql://…) for the database.

    std::string keywords(const std::string& database) const;
    /// The same as a libpq keyword string, for Poco::Data sessions of the tests themselves.

    static void stopIfStarted();

    ~PostgresCluster();
    PostgresCluster(const PostgresCluster&) = delete;
    PostgresCluster& operator=(const PostgresCluster&) = delete;

private:
    PostgresCluster();
    void stop();
    [[noreturn]] void fail(const std::string& what, const std::string& logFile);

    std::string _bin;
    std::string _dir;
    std::string _asUser; ///< the command prefix that drops root ("" when not root)
    int _databases = 0;
};

} // namespace OuraMcp::Testing

#include "PostgresCluster.h"

#include "TempDir.h"

#include <Poco/Data/PostgreSQL/Connector.h>
#include <Poco/Data/Session.h>

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <glob.h>
#include <grp.h>
#include <memory>
#include <pwd.h>
#include <stdexcept>
#include <unistd.h>

namespace OuraMcp::Testing {

namespace {

constexpr int port = 54329; // names the socket file only: nothing listens on TCP

std::unique_ptr<PostgresCluster>& holder();

std::string findBin()
{
    if (const char* bin = std::getenv("OURA_MCP_TEST_PG_BIN"); bin != nullptr && *bin != '\0')
        return bin;
    glob_t found{};
    std::string best;
    if (::glob("/usr/lib/postgresql/*/bin/initdb", 0, nullptr, &found) == 0)
    {
        std::vector<std::string> all(found.gl_pathv, found.gl_pathv + found.gl_pathc);
        // The highest major version (numerically: "15" after "9").
        std::sort(all.begin(), all.end(), [](const std::string& a, const std::string& b) {
            return a.size() != b.size() ? a.size() < b.size() : a < b;
        });
        best = std::filesystem::path(all.back()).parent_path().string();
    }
    ::globfree(&found);
    if (best.empty())
        throw std::runtime_error("PostgreSQL test cluster: no initdb under /usr/lib/postgresql/*/bin "
                                 "(install Debian's postgresql: packaging/install-deps.sh --with-tests)");
    return best;
}

int run(const std::string& command)
{
    const int status = std::system(command.c_str());
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/// Stops the cluster at the end of the test program (after every test, listing included).
class ClusterEnvironment : public ::testing::Environment
{
public:
    void TearDown() override { PostgresCluster::stopIfStarted(); }
};

const bool environmentAdded = (::testing::AddGlobalTestEnvironment(new ClusterEnvironment), true);

} // namespace

PostgresCluster::PostgresCluster() : _bin(findBin())
{
    (void)environmentAdded;
    const char* base = std::getenv("TMPDIR");
    std::string pattern =
        std::string(base != nullptr && *base != '\0' ? base : "/tmp") + "/oura-mcp-pg-XXXXXX";
    if (::mkdtemp(pattern.data()) == nullptr)
        throw std::runtime_error("PostgreSQL test cluster: mkdtemp failed");
    _dir = pattern;
    if (::geteuid() == 0)
    {
        const passwd* user = ::getpwnam("nobody");
        if (user == nullptr)
            throw std::runtime_error("PostgreSQL test cluster: running as root and there is no user 'nobody' "
                                     "to run the server as");
        if (::chown(_dir.c_str(), user->pw_uid, user->pw_gid) != 0)
            throw std::runtime_error("PostgreSQL test cluster: cannot give " + _dir + " to nobody");
        _asUser = "setpriv --reuid=" + std::to_string(user->pw_uid) +
                  " --regid=" + std::to_string(user->pw_gid) + " --clear-groups -- ";
    }
    const std::string log = _dir + "/server.log";
    const std::string init = "cd '" + _dir + "' && " + _asUser + "'" + _bin + "/initdb' -D '" + _dir +
                             "/data' -U oura --auth=trust -E UTF8 --no-locale -N > '" + _dir +
                             "/initdb.log' 2>&1";
    if (run(init) != 0)
        fail("initdb failed", _dir + "/initdb.log");
    const std::string start = "cd '" + _dir + "' && " + _asUser + "'" + _bin + "/pg_ctl' -D '" + _dir +
                              "/data' -l '" + log + "' -w -t 60 -o \"-k '" + _dir +
                              "' -c listen_addresses='' -p " + std::to_string(port) + " -F\" start > '" +
                              _dir + "/pg_ctl.log' 2>&1";
    if (run(start) != 0)
        fail("pg_ctl start failed", log);
    Poco::Data::PostgreSQL::Connector::registerConnector();
}

void PostgresCluster::fail(const std::string& what, const std::string& logFile)
{
    // The tail of the log says why (a port, a permission, a missing locale); the folder goes.
    std::string log = readFile(logFile);
    if (log.size() > 2000)
        log = "…" + log.substr(log.size() - 2000);
    stop();
    throw std::runtime_error("PostgreSQL test cluster: " + what + " (" + _bin + "):\n" + log);
}

PostgresCluster::~PostgresCluster()
{
    stop();
}

void PostgresCluster::stop()
{
    if (_dir.empty())
        return;
    run("cd '" + _dir + "' && " + _asUser + "'" + _bin + "/pg_ctl' -D '" + _dir +
        "/data' -m immediate -w stop" + " > /dev/null 2>&1");
    std::error_code ignored;
    std::filesystem::remove_all(_dir, ignored);
    _dir.clear();
}

namespace {

std::unique_ptr<PostgresCluster>& holder()
{
    static std::unique_ptr<PostgresCluster> cluster;
    return cluster;
}

} // namespace

PostgresCluster& PostgresCluster::instance()
{
    // A cluster that failed to start is not tried again by every test: each fails with the first reason.
    static std::string failure;
    auto& cluster = holder();
    if (!failure.empty())
        throw std::runtime_error(failure);
    if (!cluster)
    {
        try
        {
            cluster.reset(new PostgresCluster());
        }
        catch (const std::exception& e)
        {
            failure = e.what();
            throw;
        }
    }
    return *cluster;
}

void PostgresCluster::stopIfStarted()
{
    holder().reset();
}

std::string PostgresCluster::createDatabase()
{
    const std::string name = "store_test_" + std::to_string(++_databases);
    Poco::Data::Session admin("postgresql", keywords("postgres"));
    admin << "CREATE DATABASE " + name, Poco::Data::Keywords::now;
    return name;
}

std::string PostgresCluster::url(const std::string& database) const
{
    return "postgresql://oura@/" + database + "?host=" + _dir + "&port=" + std::to_string(port);
}

std::string PostgresCluster::keywords(const std::string& database) const
{
    return "host=" + _dir + " port=" + std::to_string(port) + " user=oura dbname=" + database;
}

} // namespace OuraMcp::Testing

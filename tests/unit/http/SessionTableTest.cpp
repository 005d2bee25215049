// The session table's engine Sessions: every one it makes (a legacy session, a stateless request) serves the
// list results from one shared cache, so a list is serialised once per process, not once per session.
#include "http/SessionTable.h"
#include "mcp/ListCache.h"
#include "mcp/MessageDispatcher.h"
#include "mcp/Session.h"
#include "mcp/WorkerPool.h"

#include <gtest/gtest.h>

namespace OuraMcp::Http::Test {

namespace {

/// A catalog with nothing in it: the table only hands it to the Sessions it makes.
class EmptyCatalog : public Mcp::Catalog
{
public:
    std::vector<Json> tools() const override { return {}; }
    std::optional<Json> callTool(const std::string&, const Json&, Mcp::RequestContext&) override
    {
        return std::nullopt;
    }
    std::vector<Json> resources() const override { return {}; }
    std::vector<Json> resourceTemplates() const override { return {}; }
    std::optional<Json> readResource(const std::string&, Mcp::RequestContext&) override
    {
        return std::nullopt;
    }
    std::vector<Json> prompts() const override { return {}; }
    std::optional<Json> getPrompt(const std::string&, const Json&, Mcp::RequestContext&) override
    {
        return std::nullopt;
    }
    Json complete(const Json&, const std::string&, const std::string&, const Json&) override
    {
        return Json::object();
    }
};

} // namespace

TEST(SessionTable, EverySessionItMakesSharesOneListCache)
{
    EmptyCatalog catalog;
    Mcp::WorkerPool pool(1, 10);
    SessionTable table(catalog, Mcp::ServerInfo{"n", "v", "", "", ""}, Mcp::ServerOptions{}, pool,
                       std::chrono::seconds(60), 10);
    const auto stateless = table.fresh();
    const auto legacy = table.fresh();
    ASSERT_TRUE(table.add("id", legacy, 2000000000, 1000000000));
    // An id issued before a restart is adopted with a new Session: it shares the cache as well.
    const auto adopted = table.find("other", "", "2025-06-18", 2000000000, 1000000000);
    ASSERT_TRUE(adopted);
    Mcp::ListCache& lists = stateless->session()->lists();
    EXPECT_EQ(&legacy->session()->lists(), &lists);
    EXPECT_EQ(&adopted->session()->lists(), &lists);
    EXPECT_NE(stateless->session(), legacy->session()) << "the Sessions themselves stay apart";
    pool.shutdown();
}

TEST(SessionTable, ASessionRunsAsItsUserAndIsNotFoundForAnother)
{
    EmptyCatalog catalog;
    Mcp::WorkerPool pool(1, 10);
    SessionTable table(catalog, Mcp::ServerInfo{"n", "v", "", "", ""}, Mcp::ServerOptions{}, pool,
                       std::chrono::seconds(60), 10);
    const auto alices = table.fresh("u_alice");
    EXPECT_EQ(alices->session()->principal(), "u_alice");
    ASSERT_TRUE(table.add("id-a", alices, 2000000000, 1000000000));

    EXPECT_EQ(table.find("id-a", "u_alice", "2025-11-25", 2000000000, 1000000000), alices);
    EXPECT_EQ(table.find("id-a", "u_bob", "2025-11-25", 2000000000, 1000000000), nullptr);
    EXPECT_EQ(table.find("id-a", "", "2025-11-25", 2000000000, 1000000000), nullptr);
    const auto adopted = table.find("id-b", "u_bob", "2025-11-25", 2000000000, 1000000000);
    ASSERT_TRUE(adopted);
    EXPECT_EQ(adopted->session()->principal(), "u_bob") << "an adopted id runs as the user who presents it";
}

} // namespace OuraMcp::Http::Test

// A composite day resource (oura://summary/<day>) built from the bundled plugins' sections: the host must
// start that day's read of every dated collection the sections' plugins may read at once, instead of
// leaving them to the sections' one-after-another calls (docs/performance.md, summary figure).

#include "TestSupport.h"

#include "oura/CollectionRules.h"
#include "plugins/PluginLoader.h"
#include "plugins/PluginRegistry.h"

#include <gtest/gtest.h>

#include <condition_variable>
#include <mutex>
#include <set>

namespace OuraMcp::Plugins::Test {
namespace {

/// Answers every collection with no documents, but only once `expected` distinct collections have been
/// asked for: a host that fetched them one after another would never get there, and the bounded wait fails
/// the test instead of hanging it (the bound is a failure limit, not a synchronisation delay).
class GateDataService : public Oura::DataService
{
public:
    explicit GateDataService(std::set<std::string> expected) : _expected(std::move(expected)) {}

    Oura::ApiResponse getCollection(const Oura::CollectionQuery& query, const Oura::CallControl&) override
    {
        std::unique_lock<std::mutex> lock(_mutex);
        _seen.insert(query.collection);
        _days.insert(query.start + ".." + query.end);
        _changed.notify_all();
        const bool open = _changed.wait_for(lock, std::chrono::seconds(20), [this] { return allSeen(); });
        if (!open)
            _timedOut = true;
        Oura::ApiResponse r = empty();
        const auto first = Dates::CivilDate::fromIso(query.start);
        const auto last = Dates::CivilDate::fromIso(query.end.empty() ? query.start : query.end);
        if (first && last)
            r.days = Dates::DateRange{*first, *last};
        return r;
    }

    std::string describe() const override { return "gate"; }

    bool timedOut()
    {
        std::lock_guard<std::mutex> lock(_mutex);
        return _timedOut;
    }
    std::set<std::string> seen()
    {
        std::lock_guard<std::mutex> lock(_mutex);
        return _seen;
    }
    std::set<std::string> days()
    {
        std::lock_guard<std::mutex> lock(_mutex);
        return _days;
    }

private:
    static Oura::ApiResponse empty()
    {
        Oura::ApiResponse r;
        r.httpStatus = 200;
        r.body = R"({"data":[]})";
        return r;
    }
    bool allSeen() const
    {
        for (const auto& name : _expected)
            if (!_seen.count(name))
                return false;
        return true;
    }

    std::set<std::string> _expected;
    std::mutex _mutex;
    std::condition_variable _changed;
    std::set<std::string> _seen;
    std::set<std::string> _days;
    bool _timedOut = false;
};

/// Reads "yesterday" and ISO dates only, each as one day, as the host's resolver does.
HostServices servicesWith(Oura::DataService& data)
{
    HostServices services;
    services.data = &data;
    services.today = [] { return Dates::CivilDate(2024, 5, 2); };
    services.resolveDates = [](const std::string& start, const std::string&, Dates::DateRange& out,
                               std::string& error) {
        const auto day = Dates::CivilDate::fromIso(start == "yesterday" ? "2024-05-01" : start);
        if (!day)
        {
            error = "not a day";
            return false;
        }
        out = Dates::DateRange{*day, *day};
        return true;
    };
    return services;
}

std::set<std::string> datedCollectionsIn(const std::set<std::string>& scopes)
{
    std::set<std::string> names;
    for (const auto& rule : Oura::CollectionRules::all())
        if (rule.dateParams != Oura::DateParams::None && scopes.count(rule.scope))
            names.insert(rule.name);
    return names;
}

std::unique_ptr<PluginRegistry> bundled(HostServices services)
{
    LoaderOptions options;
    options.directories.push_back(OURA_MCP_BUNDLED_PLUGIN_DIR);
    PluginLoader loader(std::move(services));
    return std::make_unique<PluginRegistry>(loader.load(options));
}

} // namespace

TEST(SectionPrefetch, EveryDatedCollectionOfTheDayIsInFlightTogether)
{
    // Which collections the bundled plugins may read is known only after loading them.
    std::set<std::string> expected;
    {
        GateDataService probe({});
        expected = datedCollectionsIn(bundled(servicesWith(probe))->scopes());
    }
    ASSERT_GT(expected.size(), 5u) << "more collections than sections, or the test proves nothing";

    GateDataService data(expected);
    auto registry = bundled(servicesWith(data));
    TestContext ctx;
    auto r = registry->readResource("oura://summary/yesterday", ctx);
    ASSERT_TRUE(r);
    EXPECT_FALSE(data.timedOut()) << "the collections were not all requested at the same time";
    EXPECT_EQ(data.seen(), expected);
    EXPECT_TRUE(data.days().count("2024-05-01..2024-05-01"));
    const Json composite = Json::parse((*r)["contents"][0]["text"].get<std::string>());
    EXPECT_TRUE(composite["sections"].is_object());
}

} // namespace OuraMcp::Plugins::Test

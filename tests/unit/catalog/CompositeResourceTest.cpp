// A composite day resource (oura://summary/<day>) built from the bundled plugins' sections: the catalog asks
// the data service to prefetch the one day the URI is about, for the scopes of the sections' plugins, and
// with the Oura service's decorator (PrefetchingDataService) that day's read of every dated collection is in
// flight at once instead of left to the sections' one-after-another calls (docs/performance.md, summary).

#include "PluginTestSupport.h"

#include "catalog/PluginCatalog.h"
#include "loader/PluginLoader.h"
#include "oura/CollectionRules.h"
#include "oura/PrefetchingDataService.h"

#include <gtest/gtest.h>

#include <condition_variable>
#include <mutex>
#include <set>
#include <utility>
#include <vector>

namespace OuraMcp::Testing {

using namespace OuraMcp::Catalog;
using namespace OuraMcp::Loader;

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

std::unique_ptr<PluginCatalog> bundled(HostServices services)
{
    LoaderOptions options;
    options.directories.push_back(OURA_MCP_BUNDLED_PLUGIN_DIR);
    PluginLoader loader(std::move(services));
    return std::make_unique<PluginCatalog>(loader.load(options));
}

/// Records the prefetch hints it is given; answers every collection with no documents.
class HintRecorder : public Oura::DataService
{
public:
    Oura::ApiResponse getCollection(const Oura::CollectionQuery& query, const Oura::CallControl&) override
    {
        Oura::ApiResponse r;
        r.httpStatus = 200;
        r.body = R"({"data":[]})";
        const auto day = Dates::CivilDate::fromIso(query.start);
        if (day)
            r.days = Dates::DateRange{*day, *day};
        return r;
    }
    std::unique_ptr<Oura::Prefetch> prefetchDay(const Dates::CivilDate& day,
                                                const std::set<std::string>& scopes,
                                                const std::string& user) override
    {
        std::lock_guard<std::mutex> lock(mutex);
        (void)user;
        hints.emplace_back(day.toIso(), scopes);
        return nullptr;
    }
    std::string describe() const override { return "hints"; }

    std::mutex mutex;
    std::vector<std::pair<std::string, std::set<std::string>>> hints;
};

} // namespace

TEST(SectionPrefetch, TheCatalogHintsTheDayOfTheUriAndTheSectionPluginsScopes)
{
    HintRecorder data;
    auto registry = bundled(servicesWith(data));
    TestContext ctx;

    ASSERT_TRUE(registry->readResource("oura://summary/yesterday", ctx));
    ASSERT_TRUE(registry->readResource("oura://summary/2024-04-20", ctx));

    ASSERT_EQ(data.hints.size(), 2u);
    EXPECT_EQ(data.hints[0].first, "2024-05-01");
    EXPECT_EQ(data.hints[1].first, "2024-04-20");
    EXPECT_EQ(data.hints[0].second, registry->scopes()) << "every bundled plugin contributes a section";
}

TEST(SectionPrefetch, EveryDatedCollectionOfTheDayIsInFlightTogether)
{
    // Which collections the bundled plugins may read is known only after loading them.
    std::set<std::string> expected;
    {
        GateDataService probe({});
        expected = datedCollectionsIn(bundled(servicesWith(probe))->scopes());
    }
    ASSERT_GT(expected.size(), 5u) << "more collections than sections, or the test proves nothing";

    auto gate = std::make_unique<GateDataService>(expected);
    GateDataService& data = *gate;
    Oura::PrefetchingDataService service(std::move(gate));
    auto registry = bundled(servicesWith(service));
    TestContext ctx;
    auto r = registry->readResource("oura://summary/yesterday", ctx);
    ASSERT_TRUE(r);
    EXPECT_FALSE(data.timedOut()) << "the collections were not all requested at the same time";
    EXPECT_EQ(data.seen(), expected);
    EXPECT_TRUE(data.days().count("2024-05-01..2024-05-01"));
    const Json composite = Json::parse((*r)["contents"][0]["text"].get<std::string>());
    EXPECT_TRUE(composite["sections"].is_object());
}

} // namespace OuraMcp::Testing

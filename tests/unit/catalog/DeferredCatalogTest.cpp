// DeferredCatalog: the server answers initialize while the catalog is still being built; catalog requests
// wait for the build and then see the built catalog; a failed build fails every request with its error.

#include "catalog/DeferredCatalog.h"

#include <gtest/gtest.h>

#include <chrono>
#include <future>
#include <stdexcept>
#include <thread>

namespace OuraMcp::Testing {

using namespace OuraMcp::Catalog;
namespace {

class OneToolCatalog : public Mcp::Catalog
{
public:
    std::vector<Json> tools() const override { return {Json{{"name", "only"}}}; }
    std::optional<Json> callTool(const std::string& name, const Json&, Mcp::RequestContext&) override
    {
        return Json{{"called", name}};
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
        return Json{{"values", Json::array()}};
    }
    std::optional<std::string> memoVariant(const std::string& name) const override
    {
        return "day of " + name;
    }
};

} // namespace

TEST(DeferredCatalog, RequestsWaitForTheBuildAndThenSeeItsCatalog)
{
    OneToolCatalog built;
    DeferredCatalog catalog;

    // A request made before the build does not return before the build publishes its catalog.
    auto listing = std::async(std::launch::async, [&] { return catalog.tools(); });
    EXPECT_EQ(listing.wait_for(std::chrono::milliseconds(50)), std::future_status::timeout);
    std::thread::id builtOn;
    catalog.build([&]() -> Mcp::Catalog& {
        builtOn = std::this_thread::get_id();
        return built;
    });
    ASSERT_EQ(listing.wait_for(std::chrono::seconds(20)), std::future_status::ready);
    EXPECT_EQ(Json(listing.get()), Json::parse(R"([{"name":"only"}])"));
    EXPECT_EQ(&catalog.ready(), &built);
    // Plugins are promised init() on the host's main thread: the build runs where build() is called.
    EXPECT_EQ(builtOn, std::this_thread::get_id());
}

TEST(DeferredCatalog, AFailedBuildFailsEveryRequestWithItsError)
{
    DeferredCatalog catalog;
    catalog.build([]() -> Mcp::Catalog& { throw std::runtime_error("plugin folder unreadable"); });
    EXPECT_THROW(
        {
            try
            {
                catalog.tools();
            }
            catch (const std::runtime_error& e)
            {
                EXPECT_STREQ(e.what(), "plugin folder unreadable");
                throw;
            }
        },
        std::runtime_error);
    EXPECT_THROW(catalog.prompts(), std::runtime_error);
    EXPECT_FALSE(catalog.memoVariant("only")) << "no memo, and no exception, for a catalog that failed";
}

TEST(DeferredCatalog, TheMemoVariantNeverWaitsForTheBuild)
{
    OneToolCatalog built;
    DeferredCatalog catalog;
    // Asked on the thread that reads requests: before the build it answers at once, with no memo.
    EXPECT_FALSE(catalog.memoVariant("only"));
    catalog.build([&]() -> Mcp::Catalog& { return built; });
    EXPECT_EQ(catalog.memoVariant("only"), std::optional<std::string>("day of only"));
}

} // namespace OuraMcp::Testing

// Every 1.x host must load a plugin built against the frozen 1.0 header and call its tool.
#include "catalog/PluginCatalog.h"
#include "loader/PluginLoader.h"
#include "mcp/RequestContext.h"

#include <gtest/gtest.h>

using namespace OuraMcp;

namespace {

class QuietContext : public Mcp::RequestContext
{
public:
    bool cancelled() const override { return false; }
    void progress(double, double, const std::string&) override {}
    void log(Util::Log::Level, const std::string&, const std::string&) override {}
};

} // namespace

TEST(FrozenPlugin, CurrentHostLoadsAndCallsAOneDotZeroPlugin)
{
    Loader::PluginLoader loader{Loader::HostServices{}};
    Loader::LoaderOptions options;
    options.directories = {OURA_MCP_FROZEN_PLUGIN_DIR};
    Catalog::PluginCatalog registry(loader.load(options));

    ASSERT_TRUE(registry.report().refused.empty()) << registry.report().refused.front().reason;
    ASSERT_EQ(registry.report().loaded.size(), 1u);
    EXPECT_EQ(registry.report().loaded[0].id, "frozen_v1_0");
    EXPECT_EQ(registry.report().loaded[0].tools, std::vector<std::string>{"frozen_echo"});

    QuietContext ctx;
    const auto result = registry.callTool("frozen_echo", OuraMcp::Json{{"text", "hello"}}, ctx);
    ASSERT_TRUE(result.has_value());
    EXPECT_FALSE(result->value("isError", false)) << result->dump();
    EXPECT_EQ((*result)["content"][0]["text"], "frozen 1.0 plugin says: hello (today has 10 bytes)");
}

#include "loader/LoadReport.h"

#include <gtest/gtest.h>

using namespace OuraMcp::Loader;

TEST(LoadReport, FormatsEverySectionStably)
{
    LoadReport r;
    r.directories = {{"/usr/lib/oura-mcp/plugins", true}, {"/home/u/.local/oura", false}};
    LoadReport::Loaded sleep;
    sleep.id = "sleep";
    sleep.version = "1.2.0";
    sleep.description = "Sleep data";
    sleep.path = "/usr/lib/oura-mcp/plugins/sleep.so";
    sleep.tools = {"get_daily_sleep", "get_sleep"};
    sleep.resources = {"oura://sleep/{date}"};
    sleep.scopes = {"daily"};
    r.loaded.push_back(sleep);
    r.refused.push_back(
        {"/usr/lib/oura-mcp/plugins/old.so", "built for plugin ABI 2.0 but this host implements 1.0"});
    r.skipped.push_back(
        {"/usr/lib/oura-mcp/plugins/heartrate.so", "plugin \"heartrate\" is on the deny list"});

    EXPECT_EQ(formatReport(r), "Plugin folders searched, in order:\n"
                               "  /usr/lib/oura-mcp/plugins\n"
                               "  /home/u/.local/oura (does not exist)\n"
                               "\n"
                               "Loaded plugins: 1\n"
                               "  sleep 1.2.0 - Sleep data\n"
                               "    file:      /usr/lib/oura-mcp/plugins/sleep.so\n"
                               "    scopes:    daily\n"
                               "    tools:     get_daily_sleep, get_sleep\n"
                               "    resources: oura://sleep/{date}\n"
                               "    prompts:   (none)\n"
                               "\n"
                               "Refused plugin files: 1\n"
                               "  /usr/lib/oura-mcp/plugins/old.so\n"
                               "    built for plugin ABI 2.0 but this host implements 1.0\n"
                               "\n"
                               "Skipped plugin files: 1\n"
                               "  /usr/lib/oura-mcp/plugins/heartrate.so\n"
                               "    plugin \"heartrate\" is on the deny list\n");
}

TEST(LoadReport, EmptyReportSaysSo)
{
    EXPECT_EQ(formatReport(LoadReport{}), "Plugin folders searched, in order:\n"
                                          "  (none)\n"
                                          "\n"
                                          "Loaded plugins: 0\n"
                                          "\n"
                                          "Refused plugin files: 0\n");
}

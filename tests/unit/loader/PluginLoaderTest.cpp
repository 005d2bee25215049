#include "PluginTestSupport.h"

#include <gtest/gtest.h>

#include <dlfcn.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>

using namespace OuraMcp;
using namespace OuraMcp::Catalog;
using namespace OuraMcp::Loader;
using namespace OuraMcp::Testing;
using Level = Util::Log::Level;

namespace fs = std::filesystem;

namespace {

/// A private temporary folder (mode 0700 from mkdtemp), removed at the end.
class TempDir
{
public:
    TempDir()
    {
        std::string pattern = (fs::temp_directory_path() / "oura-mcp-plugins-XXXXXX").string();
        char* made = ::mkdtemp(pattern.data());
        if (made == nullptr)
            throw std::runtime_error("mkdtemp failed");
        _path = made;
        ::chmod(_path.c_str(), 0755);
    }
    ~TempDir()
    {
        std::error_code ec;
        fs::remove_all(_path, ec);
    }
    const std::string& path() const { return _path; }
    std::string copy(const std::string& from, const std::string& name) const
    {
        const std::string to = _path + "/" + name;
        fs::copy_file(from, to, fs::copy_options::overwrite_existing);
        ::chmod(to.c_str(), 0755);
        return to;
    }

private:
    std::string _path;
};

LoadResult loadSets(const std::vector<std::string>& sets, LoaderOptions options = {})
{
    for (const auto& set : sets)
        options.directories.push_back(fixtureDir(set));
    PluginLoader loader{HostServices{}};
    return loader.load(options);
}

std::vector<std::string> toolNames(const PluginCatalog& registry)
{
    std::vector<std::string> names;
    for (const auto& t : registry.tools())
        names.push_back(t["name"].get<std::string>());
    return names;
}

bool stillLoaded(const std::string& path)
{
    void* h = ::dlopen(path.c_str(), RTLD_NOW | RTLD_NOLOAD);
    if (h == nullptr)
        return false;
    ::dlclose(h); // drops only the reference RTLD_NOLOAD just added
    return true;
}

} // namespace

TEST(PluginLoader, LoadsTheGoodPlugin)
{
    LogCapture log;
    PluginCatalog registry(loadSets({"good"}));
    const auto& report = registry.report();
    EXPECT_TRUE(report.refused.empty());
    ASSERT_EQ(report.loaded.size(), 1u);
    const auto& echo = report.loaded[0];
    EXPECT_EQ(echo.id, "echo");
    EXPECT_EQ(echo.version, "1.0.0");
    EXPECT_EQ(echo.description, "Echo test plugin");
    EXPECT_EQ(echo.path, fixtureFile("good", "echo"));
    EXPECT_EQ(echo.tools,
              (std::vector<std::string>{"echo", "echo_env", "echo_fetch", "fail_tool", "slow_echo"}));
    EXPECT_EQ(echo.resources, (std::vector<std::string>{"echo://hello", "echo://items/{id}"}));
    EXPECT_EQ(echo.prompts, std::vector<std::string>{"greet"});
    EXPECT_EQ(echo.scopes, (std::vector<std::string>{"personal", "daily"}));
    ASSERT_EQ(report.directories.size(), 1u);
    EXPECT_TRUE(report.directories[0].exists);
    EXPECT_TRUE(log.matching("refused", Level::Error).empty());
    // The plugin's own log line carries its id as the component.
    const auto lines = log.matching("echo initialised");
    ASSERT_EQ(lines.size(), 1u);
    EXPECT_EQ(lines[0].component, "plugin:echo");
}

struct RefusalCase
{
    const char* set;
    const char* file; ///< file stem
    const char* reason;
};

class PluginRefusal : public ::testing::TestWithParam<RefusalCase>
{};

TEST_P(PluginRefusal, RefusesWithOneLineNamingFileAndReason)
{
    const RefusalCase& c = GetParam();
    LogCapture log;
    const LoadResult result = loadSets({c.set});
    EXPECT_TRUE(result.report.loaded.empty());
    EXPECT_TRUE(result.plugins.empty());
    ASSERT_EQ(result.report.refused.size(), 1u);
    const std::string path = fixtureFile(c.set, c.file);
    EXPECT_EQ(result.report.refused[0].path, path);
    EXPECT_NE(result.report.refused[0].reason.find(c.reason), std::string::npos)
        << "reason: " << result.report.refused[0].reason;

    const auto errors = log.matching(path);
    ASSERT_EQ(errors.size(), 1u) << "exactly one line per refused file";
    EXPECT_EQ(errors[0].level, Level::Error);
    EXPECT_EQ(errors[0].component, "plugins");
    EXPECT_NE(errors[0].message.find(c.reason), std::string::npos) << errors[0].message;
}

INSTANTIATE_TEST_SUITE_P(
    EveryReason, PluginRefusal,
    ::testing::Values(
        RefusalCase{"garbage", "garbage", "not a loadable shared library: "},
        RefusalCase{"no_entry", "no_entry", "not an oura-mcp plugin: no omcp_plugin_describe symbol"},
        RefusalCase{"null_desc", "null_desc", "omcp_plugin_describe returned NULL"},
        RefusalCase{"small_struct", "small_struct",
                    "the plugin descriptor's struct_size is 16 bytes, expected at least 72"},
        RefusalCase{"wrong_major", "wrong_major", "built for plugin ABI 2.0 but this host implements 1.0"},
        RefusalCase{"newer_minor", "newer_minor",
                    "needs plugin ABI 1.3 but this host implements 1.0; update oura-mcp"},
        RefusalCase{"newer_desc_used", "newer_desc_used",
                    "the plugin descriptor's struct_size is 80 bytes and byte 72 is set, but this host knows "
                    "only 72 bytes: the plugin uses a field of a newer plugin ABI than this host's"},
        RefusalCase{"bad_tag", "bad_tag", "the ABI tag is \"not-oura\", expected \"oura-mcp\""},
        RefusalCase{"bad_platform", "bad_platform",
                    "built for a different platform: pointer size 4, expected 8"},
        RefusalCase{"bad_id", "Bad_Id",
                    "the plugin id \"Bad_Id\" is invalid; expected 1 to 64 characters of a-z 0-9 _ -"},
        RefusalCase{"id_mismatch", "id_mismatch",
                    "the plugin id \"someone_else\" does not match the file name (expected \"id_mismatch\")"},
        RefusalCase{"null_init", "null_init", "the plugin descriptor's init is NULL"},
        RefusalCase{"init_fails", "init_fails",
                    "init failed with OMCP_E_UNSUPPORTED: the fixture always fails to start: no credentials"},
        RefusalCase{"init_throws", "init_throws", "init threw an exception: init exploded"},
        RefusalCase{
            "undeclared_scope", "undeclared_scope",
            "init failed with OMCP_E_INVALID_ARGUMENT after the host refused tool 'undeclared_scope_tool': "
            "required_scope 'heartrate' is not one of the scopes plugin undeclared_scope declares "
            "(personal)"},
        RefusalCase{"bad_flags", "bad_flags", "unknown flag bits 0x100 (this host knows 0xF)"},
        RefusalCase{"bad_schema", "bad_schema", "input_schema_json is not valid JSON"},
        RefusalCase{"not_object_schema", "not_object_schema",
                    "input_schema_json must be an object schema: its \"type\" must be \"object\""}),
    [](const ::testing::TestParamInfo<RefusalCase>& info) { return std::string(info.param.set); });

TEST(PluginLoader, LoadsANewerDescriptorThatLeavesTheNewFieldsUnset)
{
    // A plugin built against a later 1.x header that declares it works with this host's minor: its larger
    // descriptor is accepted because the bytes this host does not know are zero (plugin_abi.h section 2).
    const auto result = loadSets({"newer_desc"});
    ASSERT_TRUE(result.report.refused.empty()) << result.report.refused[0].reason;
    ASSERT_EQ(result.report.loaded.size(), 1u);
    EXPECT_EQ(result.report.loaded[0].id, "newer_desc");
}

TEST(PluginLoader, KeepsLoadingAfterRefusals)
{
    const LoadResult result = loadSets({"wrong_major", "garbage", "good", "null_init"});
    ASSERT_EQ(result.report.loaded.size(), 1u);
    EXPECT_EQ(result.report.loaded[0].id, "echo");
    ASSERT_EQ(result.report.refused.size(), 3u);
    EXPECT_EQ(result.report.refused[0].path, fixtureFile("wrong_major", "wrong_major"));
    EXPECT_EQ(result.report.refused[1].path, fixtureFile("garbage", "garbage"));
    EXPECT_EQ(result.report.refused[2].path, fixtureFile("null_init", "null_init"));
}

TEST(PluginLoader, FailedInitDropsEveryRegistration)
{
    PluginCatalog registry(loadSets({"init_fails", "good"}));
    const auto names = toolNames(registry);
    EXPECT_EQ(std::count(names.begin(), names.end(), "init_fails_tool"), 0);
    EXPECT_EQ(std::count(names.begin(), names.end(), "echo"), 1);
    EXPECT_EQ(registry.scopes(), (std::set<std::string>{"daily", "personal"}));
}

TEST(PluginLoader, NeverUnloadsAPluginThatRanInitButUnloadsRefusedOnes)
{
    {
        PluginCatalog registry(loadSets({"good", "init_fails", "wrong_major"}));
        registry.shutdown();
    }
    EXPECT_TRUE(stillLoaded(fixtureFile("good", "echo")));
    EXPECT_TRUE(stillLoaded(fixtureFile("init_fails", "init_fails"))); // init ran, then failed
    EXPECT_FALSE(stillLoaded(fixtureFile("wrong_major", "wrong_major")));
}

TEST(PluginLoader, FirstPluginWithAnIdWins)
{
    LogCapture log;
    const LoadResult result = loadSets({"dupid_a", "dupid_b"});
    ASSERT_EQ(result.report.loaded.size(), 1u);
    EXPECT_EQ(result.report.loaded[0].version, "1.0-a");
    EXPECT_EQ(result.report.loaded[0].path, fixtureFile("dupid_a", "dupid"));
    ASSERT_EQ(result.report.refused.size(), 1u);
    EXPECT_EQ(result.report.refused[0].path, fixtureFile("dupid_b", "dupid"));
    EXPECT_EQ(result.report.refused[0].reason, "duplicate plugin id \"dupid\": already loaded from " +
                                                   fixtureFile("dupid_a", "dupid") + " (the first one wins)");
    const auto lines = log.matching(fixtureFile("dupid_b", "dupid"), Level::Error);
    ASSERT_EQ(lines.size(), 1u);
    EXPECT_NE(lines[0].message.find(fixtureFile("dupid_a", "dupid")), std::string::npos);
}

TEST(PluginLoader, RefusesNamesAnotherPluginAlreadyRegistered)
{
    LogCapture log;
    PluginCatalog registry(loadSets({"good", "dup_tool"}));
    ASSERT_EQ(registry.report().loaded.size(), 2u); // dup_tool chose to carry on without the names
    EXPECT_EQ(registry.report().loaded[1].tools, std::vector<std::string>{"dup_tool_ok"});
    EXPECT_TRUE(registry.report().loaded[1].resources.empty());
    EXPECT_TRUE(registry.report().loaded[1].prompts.empty());

    // The plugin saw OMCP_E_INVALID_ARGUMENT for each duplicate...
    EXPECT_EQ(log.matching("duplicate registrations returned tool=-1 resource=-1 prompt=-1").size(), 1u);
    // ...and the host said which plugins collided.
    const auto lines = log.matching("cannot register tool 'echo'", Level::Warning);
    ASSERT_EQ(lines.size(), 1u);
    EXPECT_NE(lines[0].message.find("plugin dup_tool (" + fixtureFile("dup_tool", "dup_tool") + ")"),
              std::string::npos)
        << lines[0].message;
    EXPECT_NE(
        lines[0].message.find("already registered by plugin echo (" + fixtureFile("good", "echo") + ")"),
        std::string::npos)
        << lines[0].message;
    EXPECT_EQ(log.matching("cannot register resource 'echo://hello'", Level::Warning).size(), 1u);
    EXPECT_EQ(log.matching("cannot register prompt 'greet'", Level::Warning).size(), 1u);

    // echo keeps its tool.
    TestContext ctx;
    auto result = registry.callTool("echo", Json{{"text", "mine"}}, ctx);
    ASSERT_TRUE(result);
    EXPECT_EQ((*result)["content"][0]["text"], "mine");
}

TEST(PluginLoader, AllowAndDenyLists)
{
    LoaderOptions deny;
    deny.deny = {"thrower"};
    LoadResult result = loadSets({"good", "misbehaving"}, deny);
    ASSERT_EQ(result.report.loaded.size(), 2u);
    EXPECT_EQ(result.report.loaded[0].id, "echo");
    EXPECT_EQ(result.report.loaded[1].id, "badjson");
    ASSERT_EQ(result.report.skipped.size(), 1u);
    EXPECT_EQ(result.report.skipped[0].path, fixtureFile("misbehaving", "thrower"));
    EXPECT_EQ(result.report.skipped[0].reason, "plugin \"thrower\" is on the deny list");
    EXPECT_TRUE(result.report.refused.empty());

    LoaderOptions allow;
    allow.allow = std::set<std::string>{"echo"};
    result = loadSets({"good", "misbehaving"}, allow);
    ASSERT_EQ(result.report.loaded.size(), 1u);
    EXPECT_EQ(result.report.loaded[0].id, "echo");
    ASSERT_EQ(result.report.skipped.size(), 2u);
    EXPECT_EQ(result.report.skipped[0].reason, "plugin \"badjson\" is not on the allow list");

    LoaderOptions both;
    both.allow = std::set<std::string>{"echo"};
    both.deny = {"echo"};
    result = loadSets({"good"}, both);
    EXPECT_TRUE(result.report.loaded.empty());
    ASSERT_EQ(result.report.skipped.size(), 1u);
    EXPECT_EQ(result.report.skipped[0].reason, "plugin \"echo\" is on the deny list");

    // A denied file is never opened, so even a broken one is only skipped.
    LoaderOptions denyBroken;
    denyBroken.deny = {"garbage"};
    result = loadSets({"garbage"}, denyBroken);
    EXPECT_TRUE(result.report.refused.empty());
    EXPECT_EQ(result.report.skipped.size(), 1u);
}

TEST(PluginLoader, MissingFolderIsReportedNotRefused)
{
    LoaderOptions options;
    options.directories = {fixtureDir("does-not-exist"), fixtureDir("good")};
    PluginLoader loader{HostServices{}};
    const LoadResult result = loader.load(options);
    ASSERT_EQ(result.report.directories.size(), 2u);
    EXPECT_FALSE(result.report.directories[0].exists);
    EXPECT_TRUE(result.report.directories[1].exists);
    EXPECT_TRUE(result.report.refused.empty());
    EXPECT_EQ(result.report.loaded.size(), 1u);
}

TEST(PluginLoader, RefusesAFolderWritableByOthers)
{
    TempDir dir;
    const std::string file = dir.copy(fixtureFile("good", "echo"), "echo.so");
    ASSERT_EQ(::chmod(dir.path().c_str(), 0777), 0);
    LogCapture log;
    LoaderOptions options;
    options.directories = {dir.path()};
    const LoadResult result = PluginLoader{HostServices{}}.load(options);
    EXPECT_TRUE(result.report.loaded.empty());
    ASSERT_EQ(result.report.refused.size(), 1u);
    EXPECT_EQ(result.report.refused[0].path, file);
    EXPECT_EQ(result.report.refused[0].reason,
              "the folder " + dir.path() +
                  " is writable by group or others (mode 0777), so anyone could put "
                  "code into oura-mcp; run: chmod go-w " +
                  dir.path());
    EXPECT_EQ(log.matching(file, Level::Error).size(), 1u);

    ASSERT_EQ(::chmod(dir.path().c_str(), 0775), 0); // group-writable is refused too (like sshd StrictModes)
    EXPECT_EQ(PluginLoader{HostServices{}}.load(options).report.refused.size(), 1u);

    ASSERT_EQ(::chmod(dir.path().c_str(), 0755), 0);
    const LoadResult fixed = PluginLoader{HostServices{}}.load(options);
    EXPECT_TRUE(fixed.report.refused.empty());
    EXPECT_EQ(fixed.report.loaded.size(), 1u);
}

TEST(PluginLoader, RefusesAFileWritableByOthers)
{
    TempDir dir;
    const std::string file = dir.copy(fixtureFile("good", "echo"), "echo.so");
    ASSERT_EQ(::chmod(file.c_str(), 0666), 0);
    LoaderOptions options;
    options.directories = {dir.path()};
    const LoadResult result = PluginLoader{HostServices{}}.load(options);
    ASSERT_EQ(result.report.refused.size(), 1u);
    EXPECT_NE(result.report.refused[0].reason.find("the file " + file +
                                                   " is writable by group or others (mode 0666)"),
              std::string::npos);
    EXPECT_NE(result.report.refused[0].reason.find("run: chmod go-w " + file), std::string::npos);
}

TEST(PluginLoader, RefusesASymlinkIntoAnUnsafeFolder)
{
    TempDir safe;
    TempDir unsafe;
    const std::string target = unsafe.copy(fixtureFile("good", "echo"), "echo.so");
    ASSERT_EQ(::chmod(unsafe.path().c_str(), 0777), 0);
    const std::string link = safe.path() + "/echo.so";
    ASSERT_EQ(::symlink(target.c_str(), link.c_str()), 0);
    LoaderOptions options;
    options.directories = {safe.path()};
    const LoadResult result = PluginLoader{HostServices{}}.load(options);
    ASSERT_EQ(result.report.refused.size(), 1u);
    EXPECT_NE(result.report.refused[0].reason.find("the folder " + unsafe.path() + " is writable"),
              std::string::npos)
        << result.report.refused[0].reason;
}

TEST(PluginLoader, RefusesAFileOwnedBySomeoneElse)
{
    if (::geteuid() != 0)
        GTEST_SKIP() << "needs root to give a file away";
    TempDir dir;
    const std::string file = dir.copy(fixtureFile("good", "echo"), "echo.so");
    ASSERT_EQ(::chown(file.c_str(), 12345, 12345), 0);
    LoaderOptions options;
    options.directories = {dir.path()};
    const LoadResult result = PluginLoader{HostServices{}}.load(options);
    ASSERT_EQ(result.report.refused.size(), 1u);
    EXPECT_NE(result.report.refused[0].reason.find("the file " + file + " is owned by uid 12345"),
              std::string::npos)
        << result.report.refused[0].reason;
}

TEST(PluginLoader, DeterministicOrder)
{
    PluginCatalog first(loadSets({"good", "misbehaving"}));
    PluginCatalog second(loadSets({"good", "misbehaving"}));
    const auto names = toolNames(first);
    EXPECT_EQ(names, toolNames(second));
    EXPECT_TRUE(std::is_sorted(names.begin(), names.end()));
    EXPECT_EQ(names.size(), 5u + 3u + 5u); // echo, thrower, badjson
    ASSERT_EQ(first.report().loaded.size(), 3u);
    // Folder order first, then file name order within a folder.
    EXPECT_EQ(first.report().loaded[0].id, "echo");
    EXPECT_EQ(first.report().loaded[1].id, "badjson");
    EXPECT_EQ(first.report().loaded[2].id, "thrower");
}

TEST(PluginLoader, ScopesAreTheUnionOfLoadedPlugins)
{
    PluginCatalog registry(loadSets({"good", "misbehaving"}));
    EXPECT_EQ(registry.scopes(), (std::set<std::string>{"daily", "heartrate", "personal"}));
    EXPECT_EQ(registry.toolScope("throw_std"), "heartrate");
    EXPECT_EQ(registry.toolScope("echo_fetch"), "daily");
    EXPECT_EQ(registry.toolScope("fail_tool"), "");
}

TEST(PluginLoader, ReportOfARealLoad)
{
    PluginCatalog registry(loadSets({"good", "wrong_major"}));
    const std::string text = formatReport(registry.report());
    EXPECT_NE(text.find("Loaded plugins: 1\n  echo 1.0.0 - Echo test plugin\n    file:      " +
                        fixtureFile("good", "echo") +
                        "\n    scopes:    personal, daily\n"
                        "    tools:     echo, echo_env, echo_fetch, "
                        "fail_tool, slow_echo\n"
                        "    resources: echo://hello, echo://items/{id}\n"
                        "    prompts:   greet\n"),
              std::string::npos)
        << text;
    EXPECT_NE(text.find("Refused plugin files: 1\n  " + fixtureFile("wrong_major", "wrong_major") +
                        "\n    built for plugin ABI 2.0"),
              std::string::npos)
        << text;
}

TEST(PluginLoader, ShutdownRunsOnceInReverseOrder)
{
    LogCapture log;
    auto registry = std::make_unique<PluginCatalog>(loadSets({"good"}));
    registry->shutdown();
    registry->shutdown();
    registry.reset();
    const auto lines = log.matching("echo shutting down");
    ASSERT_EQ(lines.size(), 1u);
    EXPECT_EQ(lines[0].component, "plugin:echo");
}

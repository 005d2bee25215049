#include "TempDir.h"

#include "config/Settings.h"
#include "util/Log.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <iterator>

#include <sys/stat.h>

using OuraMcp::Config::Settings;
using OuraMcp::Testing::TempDir;
using OuraMcp::Testing::writeFile;

namespace {

/// A fake home with an empty working directory beside it, so no real file of the machine is read.
struct Sandbox
{
    TempDir dir;
    std::string home = dir.path() + "/home";
    std::string cwd = dir.path() + "/cwd";

    Sandbox()
    {
        ::mkdir(home.c_str(), 0700);
        ::mkdir(cwd.c_str(), 0700);
    }

    std::string xdgDotEnv()
    {
        ::mkdir((home + "/.config").c_str(), 0700);
        ::mkdir((home + "/.config/oura-mcp").c_str(), 0700);
        return home + "/.config/oura-mcp/.env";
    }
    std::string configJson()
    {
        xdgDotEnv();
        return home + "/.config/oura-mcp/config.json";
    }

    Settings load(Settings::Environment env, std::map<std::string, std::string> overrides = {})
    {
        Settings::Options options;
        options.environment = std::move(env);
        options.overrides = std::move(overrides);
        options.workingDirectory = cwd;
        return Settings::load(options);
    }
};

} // namespace

TEST(Settings, ScrubbedEnvironmentUsesDefaultsAndNoFiles)
{
    Sandbox box;
    const Settings s = box.load({});
    EXPECT_EQ(s.apiBaseUrl(), "https://api.ouraring.com");
    EXPECT_EQ(s.source("OURA_API_BASE_URL"), "default");
    EXPECT_EQ(s.tokenUrl(), "https://api.ouraring.com/oauth/token");
    EXPECT_EQ(s.tokenUrlFallback(), "https://moi.ouraring.com/oauth/v2/ext/oauth-token");
    EXPECT_EQ(s.authorizeUrl(), "https://cloud.ouraring.com/oauth/authorize");
    EXPECT_EQ(s.revokeUrl(), "https://api.ouraring.com/oauth/revoke");
    // Without HOME there is no token file at all: never the working directory.
    EXPECT_EQ(s.tokenFile(), "");
    EXPECT_EQ(s.source("OURA_TOKEN_FILE"), "not set");
    EXPECT_EQ(s.configFile(), "");
    EXPECT_FALSE(s.configFileLoaded());
    EXPECT_TRUE(s.dotEnvFiles().empty());
    EXPECT_TRUE(s.warnings().empty());
    EXPECT_EQ(s.accessToken(), "");
    EXPECT_EQ(s.source("OURA_ACCESS_TOKEN"), "not set");
    EXPECT_EQ(s.connectTimeoutMs(), 10000);
    EXPECT_EQ(s.readTimeoutMs(), 30000);
    EXPECT_EQ(s.callbackPort(), 0);
    EXPECT_EQ(s.logLevel(), "info");
    EXPECT_EQ(s.cacheRecentSeconds(), 60);
    EXPECT_EQ(s.cacheSettledSeconds(), 3600);
    EXPECT_EQ(s.cacheProfileSeconds(), 300);
}

TEST(Settings, XdgAndHomeDefaults)
{
    Sandbox box;
    Settings s = box.load({{"HOME", box.home}});
    EXPECT_EQ(s.tokenFile(), box.home + "/.local/state/oura-mcp/tokens.json");
    EXPECT_EQ(s.configFile(), box.home + "/.config/oura-mcp/config.json");

    s = box.load({{"HOME", box.home}, {"XDG_STATE_HOME", "/var/state"}, {"XDG_CONFIG_HOME", "/etc/cfg"}});
    EXPECT_EQ(s.tokenFile(), "/var/state/oura-mcp/tokens.json");
    EXPECT_EQ(s.configFile(), "/etc/cfg/oura-mcp/config.json");

    // Relative XDG values are invalid per the XDG spec and fall back to HOME.
    s = box.load({{"HOME", box.home}, {"XDG_STATE_HOME", "relative/state"}});
    EXPECT_EQ(s.tokenFile(), box.home + "/.local/state/oura-mcp/tokens.json");
}

TEST(Settings, RelativeTokenFileIsRefused)
{
    Sandbox box;
    const Settings s = box.load({{"HOME", box.home}, {"OURA_TOKEN_FILE", "tokens.json"}});
    EXPECT_EQ(s.tokenFile(), "");
    ASSERT_EQ(s.warnings().size(), 1u);
    EXPECT_NE(s.warnings()[0].find("not an absolute path"), std::string::npos);
}

TEST(Settings, PrecedenceCommandLineEnvironmentDotEnvConfigDefault)
{
    Sandbox box;
    const std::string xdgEnv = box.xdgDotEnv();
    const std::string cwdEnv = box.cwd + "/.env";
    const std::string config = box.configJson();
    writeFile(xdgEnv, "OURA_CLIENT_ID=from-xdg-dotenv\nOURA_MCP_LOG_LEVEL=warning\n");
    writeFile(cwdEnv,
              "OURA_CLIENT_ID=from-cwd-dotenv\nOURA_MCP_LOG_LEVEL=error\nOURA_API_BASE_URL=http://cwd\n");
    writeFile(config, R"({"client_id": "from-config", "log_level": "debug", "api_base_url": "http://config",
                          "time_zone": "Europe/Oslo", "timeouts": {"connect_ms": 1234}})");

    const Settings::Environment env = {{"HOME", box.home}, {"OURA_CLIENT_ID", "from-env"}};
    Settings s = box.load(env, {{"OURA_CLIENT_ID", "from-cli"}});
    EXPECT_EQ(s.clientId(), "from-cli");
    EXPECT_EQ(s.source("OURA_CLIENT_ID"), "command line");

    s = box.load(env);
    EXPECT_EQ(s.clientId(), "from-env");
    EXPECT_EQ(s.source("OURA_CLIENT_ID"), "environment");

    // The XDG .env is looked up before ./.env.
    s = box.load({{"HOME", box.home}});
    EXPECT_EQ(s.clientId(), "from-xdg-dotenv");
    EXPECT_EQ(s.source("OURA_CLIENT_ID"), ".env (" + xdgEnv + ")");
    EXPECT_EQ(s.logLevel(), "warning");
    // Keys only in ./.env come from there, and beat the config file.
    EXPECT_EQ(s.apiBaseUrl(), "http://cwd");
    EXPECT_EQ(s.source("OURA_API_BASE_URL"), ".env (" + cwdEnv + ")");
    // Derived default follows the resolved base URL.
    EXPECT_EQ(s.tokenUrl(), "http://cwd/oauth/token");
    EXPECT_EQ(s.source("OURA_TOKEN_URL"), "default");
    // Keys only in the config file.
    EXPECT_EQ(s.timeZone(), "Europe/Oslo");
    EXPECT_EQ(s.source("OURA_MCP_TIME_ZONE"), "config file (" + config + ")");
    EXPECT_EQ(s.connectTimeoutMs(), 1234);
    EXPECT_EQ(s.readTimeoutMs(), 30000);
    EXPECT_EQ(s.dotEnvFiles(), (std::vector<std::string>{xdgEnv, cwdEnv}));
    EXPECT_TRUE(s.configFileLoaded());

    ::unlink(xdgEnv.c_str());
    ::unlink(cwdEnv.c_str());
    s = box.load({{"HOME", box.home}});
    EXPECT_EQ(s.clientId(), "from-config");
    EXPECT_EQ(s.source("OURA_CLIENT_ID"), "config file (" + config + ")");
    EXPECT_EQ(s.logLevel(), "debug");

    ::unlink(config.c_str());
    s = box.load({{"HOME", box.home}});
    EXPECT_EQ(s.clientId(), "");
    EXPECT_EQ(s.source("OURA_CLIENT_ID"), "not set");
    EXPECT_EQ(s.logLevel(), "info");
    EXPECT_EQ(s.source("OURA_MCP_LOG_LEVEL"), "default");
}

TEST(Settings, TimeZoneFromTzOrOwnVariable)
{
    Sandbox box;
    Settings s = box.load({{"TZ", "America/New_York"}});
    EXPECT_EQ(s.timeZone(), "America/New_York");
    EXPECT_EQ(s.source("OURA_MCP_TIME_ZONE"), "environment (TZ)");
    s = box.load({{"TZ", "America/New_York"}, {"OURA_MCP_TIME_ZONE", "Asia/Tokyo"}});
    EXPECT_EQ(s.timeZone(), "Asia/Tokyo");
    EXPECT_EQ(s.source("OURA_MCP_TIME_ZONE"), "environment");
}

TEST(Settings, ConfigPathFromEnvironmentAndBrokenConfigIsAWarning)
{
    Sandbox box;
    const std::string other = box.dir.file("other.json");
    writeFile(other, R"({"client_id": "elsewhere"})");
    Settings s = box.load({{"OURA_MCP_CONFIG", other}});
    EXPECT_EQ(s.configFile(), other);
    EXPECT_EQ(s.source("OURA_MCP_CONFIG"), "environment");
    EXPECT_EQ(s.clientId(), "elsewhere");

    writeFile(other, R"({"client_id": "secret-looking-content" ,,, })");
    s = box.load({{"OURA_MCP_CONFIG", other}});
    EXPECT_EQ(s.clientId(), "");
    ASSERT_EQ(s.warnings().size(), 1u);
    EXPECT_NE(s.warnings()[0].find("not valid JSON"), std::string::npos);
    EXPECT_EQ(s.warnings()[0].find("secret-looking-content"), std::string::npos);

    writeFile(other, "[1,2]");
    s = box.load({{"OURA_MCP_CONFIG", other}});
    ASSERT_EQ(s.warnings().size(), 1u);
    EXPECT_NE(s.warnings()[0].find("not a JSON object"), std::string::npos);

    s = box.load({{"OURA_MCP_CONFIG", box.dir.file("missing.json")}});
    ASSERT_EQ(s.warnings().size(), 1u);
    EXPECT_NE(s.warnings()[0].find("does not exist"), std::string::npos);
}

TEST(Settings, ConfigPluginsCacheAndLists)
{
    Sandbox box;
    writeFile(box.configJson(), R"({
        "callback_port": 8765,
        "cache": {"recent_seconds": 0, "settled_seconds": 86400},
        "plugins": {
            "allow": ["sleep", "activity"],
            "deny": ["workout"],
            "dirs": ["/opt/a", "/opt/b"],
            "sleep": {"unit": "hours", "limit": 7, "flag": true, "list": [1, 2]},
            "activity": "not an object"
        }
    })");
    const Settings s = box.load({{"HOME", box.home}});
    EXPECT_EQ(s.callbackPort(), 8765);
    EXPECT_EQ(s.cacheRecentSeconds(), 0); // 0 turns caching of recent days off
    EXPECT_EQ(s.source("OURA_MCP_CACHE_RECENT_SECONDS"), "config file (" + box.configJson() + ")");
    EXPECT_EQ(s.cacheSettledSeconds(), 86400);
    EXPECT_EQ(s.cacheProfileSeconds(), 300);
    EXPECT_TRUE(s.warnings().empty());
    EXPECT_EQ(s.pluginAllow(), (std::vector<std::string>{"sleep", "activity"}));
    EXPECT_EQ(s.pluginDeny(), (std::vector<std::string>{"workout"}));
    EXPECT_EQ(s.pluginDirs(), (std::vector<std::string>{"/opt/a", "/opt/b"}));
    EXPECT_EQ(s.pluginSetting("sleep", "unit"), std::optional<std::string>("hours"));
    EXPECT_EQ(s.pluginSetting("sleep", "limit"), std::optional<std::string>("7"));
    EXPECT_EQ(s.pluginSetting("sleep", "flag"), std::optional<std::string>("true"));
    EXPECT_EQ(s.pluginSetting("sleep", "list"), std::optional<std::string>("[1,2]"));
    EXPECT_EQ(s.pluginSetting("sleep", "missing"), std::nullopt);
    EXPECT_EQ(s.pluginSetting("activity", "anything"), std::nullopt);
    // The plugin list keys are not plugin settings.
    EXPECT_EQ(s.pluginSetting("allow", "0"), std::nullopt);
    EXPECT_EQ(s.pluginSetting("dirs", "0"), std::nullopt);
    // Another plugin's settings are not visible through a different id.
    EXPECT_EQ(s.pluginSetting("activity", "unit"), std::nullopt);

    // The environment overrides lists with separated strings.
    const Settings e =
        box.load({{"HOME", box.home}, {"OURA_MCP_PLUGINS_ALLOW", "a, b"}, {"OURA_MCP_PLUGIN_DIRS", "/x:/y"}});
    EXPECT_EQ(e.pluginAllow(), (std::vector<std::string>{"a", "b"}));
    EXPECT_EQ(e.pluginDirs(), (std::vector<std::string>{"/x", "/y"}));
}

TEST(Settings, SecretsAreNotReadFromTheConfigFileAndAreRegisteredForRedaction)
{
    Sandbox box;
    writeFile(box.configJson(),
              R"({"client_secret": "cfg-secret-value", "access_token": "cfg-access-value"})");
    writeFile(box.xdgDotEnv(), "OURA_CLIENT_SECRET=dotenv-client-secret-123\n");
    const Settings s = box.load({{"HOME", box.home}, {"OURA_REFRESH_TOKEN", "env-refresh-token-456"}});
    EXPECT_EQ(s.clientSecret(), "dotenv-client-secret-123");
    EXPECT_EQ(s.accessToken(), "");
    EXPECT_TRUE(Settings::isSecret("OURA_CLIENT_SECRET"));
    EXPECT_TRUE(Settings::isSecret("OURA_ACCESS_TOKEN"));
    EXPECT_FALSE(Settings::isSecret("OURA_CLIENT_ID"));
    const std::string line =
        OuraMcp::Util::Log::redact("a dotenv-client-secret-123 b env-refresh-token-456 c");
    EXPECT_EQ(line.find("dotenv-client-secret-123"), std::string::npos);
    EXPECT_EQ(line.find("env-refresh-token-456"), std::string::npos);
}

TEST(Settings, DotEnvParser)
{
    std::vector<std::string> problems;
    const auto values = Settings::parseDotEnv("# comment\n"
                                              "\n"
                                              "PLAIN=value\n"
                                              "  SPACED = padded value  \n"
                                              "export EXPORTED=yes\n"
                                              "INLINE=abc # trailing comment\n"
                                              "HASH=a#b\n"
                                              "DOUBLE=\"quoted # not a comment\"\n"
                                              "ESCAPES=\"line1\\nline2 \\\"q\\\" back\\\\slash\"\n"
                                              "SINGLE='lit\\eral $x'\n"
                                              "EMPTY=\n"
                                              "no equals sign here\n"
                                              "1BAD=x\n"
                                              "UNTERMINATED=\"open-secret-value\n"
                                              "AFTER=\"ok\" junk\n"
                                              "CRLF=windows\r\n",
                                              &problems);
    EXPECT_EQ(values.at("PLAIN"), "value");
    EXPECT_EQ(values.at("SPACED"), "padded value");
    EXPECT_EQ(values.at("EXPORTED"), "yes");
    EXPECT_EQ(values.at("INLINE"), "abc");
    EXPECT_EQ(values.at("HASH"), "a#b");
    EXPECT_EQ(values.at("DOUBLE"), "quoted # not a comment");
    EXPECT_EQ(values.at("ESCAPES"), "line1\nline2 \"q\" back\\slash");
    EXPECT_EQ(values.at("SINGLE"), "lit\\eral $x");
    EXPECT_EQ(values.at("EMPTY"), "");
    EXPECT_EQ(values.at("CRLF"), "windows");
    EXPECT_EQ(values.count("1BAD"), 0u);
    EXPECT_EQ(values.count("UNTERMINATED"), 0u);
    EXPECT_EQ(values.count("AFTER"), 0u);
    ASSERT_EQ(problems.size(), 4u);
    EXPECT_EQ(problems[0].rfind("line 12:", 0), 0u);
    EXPECT_EQ(problems[1].rfind("line 13:", 0), 0u);
    EXPECT_EQ(problems[2].rfind("line 14:", 0), 0u);
    EXPECT_EQ(problems[3].rfind("line 15:", 0), 0u);
    for (const auto& p : problems)
        EXPECT_EQ(p.find("open-secret-value"), std::string::npos);
}

TEST(Settings, EmptyEnvironmentValueCountsAsUnset)
{
    Sandbox box;
    writeFile(box.xdgDotEnv(), "OURA_CLIENT_ID=from-dotenv\n");
    const Settings s = box.load({{"HOME", box.home}, {"OURA_CLIENT_ID", ""}});
    EXPECT_EQ(s.clientId(), "from-dotenv");
}

TEST(Settings, InvalidNumbersFallBackToTheDefaultWithAWarningNamingKeyAndSource)
{
    Sandbox box;
    writeFile(box.configJson(), R"({"timeouts": {"read_ms": -5}, "cache": {"profile_seconds": "soon"}})");
    const Settings s = box.load({{"HOME", box.home},
                                 {"OURA_MCP_CONNECT_TIMEOUT_MS", "12s"},
                                 {"OURA_MCP_CALLBACK_PORT", "70000"},
                                 {"OURA_MCP_CACHE_SETTLED_SECONDS", "120"}});
    EXPECT_EQ(s.connectTimeoutMs(), 10000);
    EXPECT_EQ(s.readTimeoutMs(), 30000);
    EXPECT_EQ(s.callbackPort(), 0);
    EXPECT_EQ(s.cacheProfileSeconds(), 300);
    EXPECT_EQ(s.cacheSettledSeconds(), 120);
    ASSERT_EQ(s.warnings().size(), 4u);
    const std::string all =
        s.warnings()[0] + "\n" + s.warnings()[1] + "\n" + s.warnings()[2] + "\n" + s.warnings()[3];
    EXPECT_NE(
        all.find("OURA_MCP_CONNECT_TIMEOUT_MS from environment is not a whole number from 1 to 3600000; "
                 "using the default 10000"),
        std::string::npos)
        << all;
    EXPECT_NE(all.find("OURA_MCP_READ_TIMEOUT_MS from config file"), std::string::npos) << all;
    EXPECT_NE(all.find("OURA_MCP_CALLBACK_PORT from environment is not a whole number from 0 to 65535"),
              std::string::npos)
        << all;
    EXPECT_NE(all.find("OURA_MCP_CACHE_PROFILE_SECONDS from config file"), std::string::npos) << all;
}

TEST(Settings, TheShippedExamplesLoadWithoutWarningsAndSetWhatTheySay)
{
    Sandbox box;
    const Settings s =
        box.load({{"HOME", box.home}, {"OURA_MCP_CONFIG", OURA_MCP_CONFIG_DIR "/config.example.json"}});
    EXPECT_TRUE(s.configFileLoaded());
    EXPECT_TRUE(s.warnings().empty()) << s.warnings().front();
    EXPECT_EQ(s.clientId(), "your-oura-app-client-id");
    EXPECT_EQ(s.callbackPort(), 8765);
    EXPECT_EQ(s.timeZone(), "Europe/Berlin");
    EXPECT_EQ(s.readTimeoutMs(), 30000);
    EXPECT_EQ(s.cacheSettledSeconds(), 3600);
    EXPECT_EQ(s.pluginDeny(), (std::vector<std::string>{"heartrate"}));
    EXPECT_EQ(s.pluginSetting("sleep", "example_setting"), std::optional<std::string>("value"));

    // The .env example parses without a skipped line.
    std::ifstream in(OURA_MCP_CONFIG_DIR "/.env.example");
    ASSERT_TRUE(in) << "config/.env.example is missing";
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    std::vector<std::string> problems;
    const auto values = Settings::parseDotEnv(text, &problems);
    EXPECT_TRUE(problems.empty()) << problems.front();
    EXPECT_EQ(values.at("OURA_MCP_CALLBACK_PORT"), "8765");
    for (const auto& [key, value] : values)
        EXPECT_NE(std::find(Settings::keys().begin(), Settings::keys().end(), key), Settings::keys().end())
            << key << " in .env.example is not a setting";
}

TEST(Settings, AnUnexpandedClientPlaceholderCountsAsUnset)
{
    // Claude Desktop passes "${user_config.KEY}" through literally for an optional bundle setting left blank:
    // that is the bundle's normal "not set", so it is ignored silently.
    Sandbox box;
    const Settings s = box.load({{"HOME", box.home},
                                 {"OURA_ACCESS_TOKEN", "${user_config.oura_access_token}"},
                                 {"OURA_CLIENT_ID", "${user_config.oura_client_id}"},
                                 {"OURA_MCP_TIME_ZONE", "${user_config.tz}"},
                                 {"TZ", "Europe/Berlin"}});
    EXPECT_EQ(s.accessToken(), "");
    EXPECT_EQ(s.source("OURA_ACCESS_TOKEN"), "not set");
    EXPECT_EQ(s.clientId(), "");
    EXPECT_EQ(s.timeZone(), "Europe/Berlin"); // the next layer still counts
    EXPECT_TRUE(s.warnings().empty()) << s.warnings().front();

    // Any other unexpanded variable is a client configuration that expected a shell: ignored with a warning.
    const Settings shell = box.load({{"HOME", box.home}, {"OURA_ACCESS_TOKEN", "${OURA_TOKEN}"}});
    EXPECT_EQ(shell.accessToken(), "");
    ASSERT_EQ(shell.warnings().size(), 1u);
    EXPECT_EQ(shell.warnings()[0],
              "OURA_ACCESS_TOKEN in the environment is the unexpanded ${OURA_TOKEN}; it is "
              "ignored (the MCP client did not fill it in)");

    // A real value that merely contains braces is a value.
    const Settings real = box.load({{"HOME", box.home}, {"OURA_ACCESS_TOKEN", "abc${def}"}});
    EXPECT_EQ(real.accessToken(), "abc${def}");
    EXPECT_TRUE(real.warnings().empty());
}

TEST(Settings, EveryEnvironmentSettingOfTheBundleManifestCountsAsUnsetWhenTheHostLeftItBlank)
{
    // packaging/mcpb/manifest.json.in passes these four as "${user_config.KEY}"; hosts hand an optional setting
    // left blank over as "" or as the literal placeholder. The executable itself must treat both as unset
    // (on Windows no launcher script sits in between), so a token file or .env below still counts.
    for (const char* key :
         {"OURA_ACCESS_TOKEN", "OURA_REFRESH_TOKEN", "OURA_CLIENT_ID", "OURA_CLIENT_SECRET"})
    {
        for (const std::string& blank : {std::string(), std::string("${user_config.") + key + "}"})
        {
            Sandbox box;
            writeFile(box.xdgDotEnv(), std::string(key) + "=from-dotenv\n");
            const Settings s = box.load({{"HOME", box.home}, {key, blank}});
            EXPECT_EQ(s.get(key), "from-dotenv") << key << "=" << blank;
            EXPECT_EQ(s.source(key).rfind(".env (", 0), 0u) << key << "=" << blank << ": " << s.source(key);
            EXPECT_TRUE(s.warnings().empty()) << key << "=" << blank << ": " << s.warnings().front();
        }
    }
}

#include "config/Settings.h"

#include "platform/Environment.h"
#include "platform/KnownFolders.h"
#include "platform/LocalZone.h"
#include "platform/Paths.h"
#include "util/Json.h"
#include "util/Log.h"

#include <Poco/File.h>
#include <Poco/FileStream.h>
#include <Poco/Path.h>

#include <cctype>
#include <sstream>

namespace OuraMcp::Config {

namespace {

const char* const kComponent = "settings";

struct KeySpec
{
    const char* key;
    const char* configPath; ///< dot path in the config file; nullptr = not read from it
    bool secret;
    const char* envAlias; ///< a second, lower-precedence environment name; nullptr = none
};

const KeySpec kKeys[] = {
    {"OURA_ACCESS_TOKEN", nullptr, true, nullptr},
    {"OURA_REFRESH_TOKEN", nullptr, true, nullptr},
    {"OURA_CLIENT_ID", "client_id", false, nullptr},
    {"OURA_CLIENT_SECRET", nullptr, true, nullptr},
    {"OURA_TOKEN_FILE", "token_file", false, nullptr},
    {"OURA_API_BASE_URL", "api_base_url", false, nullptr},
    {"OURA_TOKEN_URL", "token_url", false, nullptr},
    {"OURA_TOKEN_URL_FALLBACK", "token_url_fallback", false, nullptr},
    {"OURA_AUTHORIZE_URL", "authorize_url", false, nullptr},
    {"OURA_REVOKE_URL", "revoke_url", false, nullptr},
    {"OURA_MCP_CONFIG", nullptr, false, nullptr},
    // TZ is the zone's name only on POSIX; on Windows it is a C runtime rule (and Wine passes the Unix one
    // through), so there the Windows zone setting decides (Platform::LocalZone).
    {"OURA_MCP_TIME_ZONE", "time_zone", false, Platform::LocalZone::kZoneVariable},
    {"OURA_MCP_LOG_LEVEL", "log_level", false, nullptr},
    {"OURA_MCP_CONNECT_TIMEOUT_MS", "timeouts.connect_ms", false, nullptr},
    {"OURA_MCP_READ_TIMEOUT_MS", "timeouts.read_ms", false, nullptr},
    {"OURA_MCP_CALLBACK_PORT", "callback_port", false, nullptr},
    {"OURA_MCP_CACHE_RECENT_SECONDS", "cache.recent_seconds", false, nullptr},
    {"OURA_MCP_CACHE_SETTLED_SECONDS", "cache.settled_seconds", false, nullptr},
    {"OURA_MCP_CACHE_PROFILE_SECONDS", "cache.profile_seconds", false, nullptr},
    {"OURA_MCP_PLUGINS_ALLOW", "plugins.allow", false, nullptr},
    {"OURA_MCP_PLUGINS_DENY", "plugins.deny", false, nullptr},
    {"OURA_MCP_PLUGIN_DIRS", "plugins.dirs", false, nullptr},
    {"OURA_MCP_HTTP_PATH", "http.path", false, nullptr},
    {"OURA_MCP_HTTP_ALLOWED_ORIGINS", "http.allowed_origins", false, nullptr},
    {"OURA_MCP_HTTP_PUBLIC_HOSTS", "http.public_hosts", false, nullptr},
    {"OURA_MCP_HTTP_TOKEN", nullptr, true, nullptr},
    {"OURA_MCP_HTTP_TOKEN_FILE", "http.token_file", false, nullptr},
    {"OURA_MCP_HTTP_SESSION_KEY_FILE", "http.session_key_file", false, nullptr},
    {"OURA_MCP_HTTP_MAX_CONCURRENT", "http.max_concurrent", false, nullptr},
    {"OURA_MCP_HTTP_SESSION_IDLE_SECONDS", "http.session_idle_seconds", false, nullptr},
    {"OURA_MCP_PUBLIC_URL", "http.public_url", false, nullptr},
    {"OURA_MCP_STORE", "store.location", false, nullptr},
    {"OURA_MCP_STORE_KEY_FILE", "store.key_file", false, nullptr},
    {"OURA_MCP_STATE_DIR", "state_dir", false, nullptr},
    {"OURA_MCP_TEST_ALLOW_LOOPBACK_CLIENTS", nullptr, false, nullptr},
    {"OURA_MCP_HTTP_RATE_PER_ADDRESS", "http.rate_per_address", false, nullptr},
    {"OURA_MCP_HTTP_RATE_PER_USER", "http.rate_per_user", false, nullptr},
};

const KeySpec* findKey(const std::string& key)
{
    for (const auto& spec : kKeys)
    {
        if (key == spec.key)
            return &spec;
    }
    return nullptr;
}

std::string trim(const std::string& text)
{
    const auto first = text.find_first_not_of(" \t\r\n");
    if (first == std::string::npos)
        return {};
    const auto last = text.find_last_not_of(" \t\r\n");
    return text.substr(first, last - first + 1);
}

std::string envValue(const Settings::Environment& env, const std::string& name)
{
    const auto it = env.find(name);
    return it == env.end() ? std::string() : it->second;
}

/// "${user_config.oura_access_token}" and the like: a variable the MCP client was meant to substitute but
/// passed through literally (Claude Desktop does this for optional settings left blank).
bool isUnexpandedPlaceholder(const std::string& value)
{
    return value.size() > 3 && value.compare(0, 2, "${") == 0 && value.back() == '}' &&
           value.find_first_of("${} \t", 2) == value.size() - 1;
}

std::string joinPath(const std::string& dir, const std::string& name)
{
    return Poco::Path(Poco::Path::forDirectory(dir)).append(name).toString();
}

bool readFile(const std::string& path, std::string& contents)
{
    try
    {
        // Poco's streams take UTF-8 paths on every platform (std::ifstream takes the ANSI code page on Windows).
        Poco::FileInputStream in(path, std::ios::in | std::ios::binary);
        std::ostringstream buffer;
        buffer << in.rdbuf();
        contents = buffer.str();
        return !in.bad();
    }
    catch (const std::exception&)
    {
        return false;
    }
}

bool fileExists(const std::string& path)
{
    try
    {
        return Poco::File(path).exists();
    }
    catch (const std::exception&)
    {
        return false;
    }
}

/// A config value as a string: strings as they are, arrays joined with separator, other scalars as JSON.
std::optional<std::string> scalarText(const Json& value, char separator)
{
    if (value.is_null())
        return std::nullopt;
    if (value.is_string())
        return value.get<std::string>();
    if (value.is_array())
    {
        std::string joined;
        for (const auto& item : value)
        {
            if (!item.is_string() || item.get<std::string>().empty())
                continue;
            if (!joined.empty())
                joined += separator;
            joined += item.get<std::string>();
        }
        return joined;
    }
    return value.dump();
}

std::vector<std::string> splitList(const std::string& text, char separator)
{
    std::vector<std::string> items;
    std::string item;
    std::istringstream in(text);
    while (std::getline(in, item, separator))
    {
        item = trim(item);
        if (!item.empty())
            items.push_back(item);
    }
    return items;
}

/// The numeric settings: their range and default. A value outside the range is a warning at load time
/// and reads as the default.
struct NumberSpec
{
    const char* key;
    long min;
    long max;
    int fallback;
};

const NumberSpec kNumbers[] = {
    {"OURA_MCP_CONNECT_TIMEOUT_MS", 1, 3600 * 1000, 10000},
    {"OURA_MCP_READ_TIMEOUT_MS", 1, 3600 * 1000, 30000},
    {"OURA_MCP_CALLBACK_PORT", 0, 65535, 0},
    {"OURA_MCP_CACHE_RECENT_SECONDS", 0, 7 * 24 * 3600, 60},
    {"OURA_MCP_CACHE_SETTLED_SECONDS", 0, 30 * 24 * 3600, 3600},
    {"OURA_MCP_CACHE_PROFILE_SECONDS", 0, 7 * 24 * 3600, 300},
    {"OURA_MCP_HTTP_MAX_CONCURRENT", 1, 100000, 64},
    {"OURA_MCP_HTTP_SESSION_IDLE_SECONDS", 1, 30 * 24 * 3600, 3600},
    {"OURA_MCP_HTTP_RATE_PER_ADDRESS", 0, 1000000, 0},
    {"OURA_MCP_HTTP_RATE_PER_USER", 0, 1000000, 0},
};

const NumberSpec& numberSpec(const std::string& key)
{
    for (const auto& spec : kNumbers)
    {
        if (key == spec.key)
            return spec;
    }
    throw std::logic_error("not a numeric setting: " + key);
}

std::optional<long> parseNumber(const std::string& text, const NumberSpec& spec)
{
    try
    {
        std::size_t used = 0;
        const long value = std::stol(text, &used);
        if (used == text.size() && value >= spec.min && value <= spec.max)
            return value;
    }
    catch (const std::exception&)
    {}
    return std::nullopt;
}

} // namespace

Settings::Environment Settings::processEnvironment()
{
    return Platform::Environment::current();
}

Settings Settings::fromProcess(const std::map<std::string, std::string>& overrides)
{
    Options options;
    options.overrides = overrides;
    options.environment = processEnvironment();
    return load(options);
}

std::map<std::string, std::string> Settings::parseDotEnv(const std::string& text,
                                                         std::vector<std::string>* problems)
{
    std::map<std::string, std::string> result;
    std::istringstream in(text);
    std::string rawLine;
    int lineNumber = 0;
    auto problem = [&](const std::string& what) {
        if (problems != nullptr)
            problems->push_back("line " + std::to_string(lineNumber) + ": " + what);
    };
    while (std::getline(in, rawLine))
    {
        ++lineNumber;
        std::string line = trim(rawLine);
        if (line.empty() || line[0] == '#')
            continue;
        if (line.compare(0, 7, "export ") == 0)
            line = trim(line.substr(7));
        const auto eq = line.find('=');
        if (eq == std::string::npos)
        {
            problem("no '=' (skipped)");
            continue;
        }
        const std::string key = trim(line.substr(0, eq));
        bool validKey = !key.empty() && (std::isalpha(static_cast<unsigned char>(key[0])) || key[0] == '_');
        for (char c : key)
            validKey = validKey && (std::isalnum(static_cast<unsigned char>(c)) || c == '_');
        if (!validKey)
        {
            problem("invalid variable name (skipped)");
            continue;
        }
        std::string rest = line.substr(eq + 1);
        rest.erase(0, rest.find_first_not_of(" \t"));
        std::string value;
        std::string after; // what follows a closing quote: must be blank or a comment
        if (!rest.empty() && rest[0] == '"')
        {
            bool closed = false;
            std::size_t i = 1;
            for (; i < rest.size(); ++i)
            {
                const char c = rest[i];
                if (c == '\\' && i + 1 < rest.size())
                {
                    const char next = rest[++i];
                    value += next == 'n' ? '\n' : next == 't' ? '\t' : next == 'r' ? '\r' : next;
                }
                else if (c == '"')
                {
                    closed = true;
                    break;
                }
                else
                {
                    value += c;
                }
            }
            if (!closed)
            {
                problem("unterminated double quote (skipped)");
                continue;
            }
            after = trim(rest.substr(i + 1));
        }
        else if (!rest.empty() && rest[0] == '\'')
        {
            const auto close = rest.find('\'', 1);
            if (close == std::string::npos)
            {
                problem("unterminated single quote (skipped)");
                continue;
            }
            value = rest.substr(1, close - 1);
            after = trim(rest.substr(close + 1));
        }
        else
        {
            // An unquoted value ends at a '#' that follows whitespace (so "a#b" keeps its '#').
            std::size_t cut = std::string::npos;
            for (std::size_t i = 0; i < rest.size(); ++i)
            {
                if (rest[i] == '#' && (i == 0 || rest[i - 1] == ' ' || rest[i - 1] == '\t'))
                {
                    cut = i;
                    break;
                }
            }
            value = trim(rest.substr(0, cut));
        }
        if (!after.empty() && after[0] != '#')
        {
            problem("text after the closing quote (skipped)");
            continue;
        }
        result[key] = value;
    }
    return result;
}

Settings Settings::load(const Options& options)
{
    Settings settings;
    const Environment& env = options.environment;

    // .env files, in lookup order.
    struct DotEnv
    {
        std::string path;
        std::map<std::string, std::string> values;
    };
    std::vector<DotEnv> dotEnvs;
    std::vector<std::string> dotEnvPaths;
    const std::string configDir = Platform::KnownFolders::config(env);
    if (!configDir.empty())
        dotEnvPaths.push_back(joinPath(joinPath(configDir, "oura-mcp"), ".env"));
    {
        std::string cwd = options.workingDirectory;
        if (cwd.empty())
            cwd = Platform::Paths::currentDirectory();
        if (!cwd.empty())
            dotEnvPaths.push_back(joinPath(cwd, ".env"));
    }
    for (const auto& path : dotEnvPaths)
    {
        if (!fileExists(path))
            continue;
        std::string text;
        if (!readFile(path, text))
        {
            settings._warnings.push_back("could not read " + path);
            continue;
        }
        std::vector<std::string> problems;
        DotEnv dotEnv{path, parseDotEnv(text, &problems)};
        for (const auto& p : problems)
            settings._warnings.push_back(path + " " + p);
        settings._dotEnvFiles.push_back(path);
        dotEnvs.push_back(std::move(dotEnv));
    }

    // Higher-precedence layers for one key; fills value/source and returns true when found.
    auto fromLayers = [&](const KeySpec& spec, Value& out) {
        const auto o = options.overrides.find(spec.key);
        if (o != options.overrides.end() && !o->second.empty())
        {
            out = {o->second, "command line"};
            return true;
        }
        for (const char* name : {spec.key, spec.envAlias})
        {
            if (name == nullptr)
                continue;
            const std::string v = envValue(env, name);
            if (isUnexpandedPlaceholder(v))
            {
                // "${user_config.KEY}" is how an MCP Bundle host hands over a setting the user left blank:
                // normal, and on Windows no launcher filters it out, so it must not warn at every start.
                if (v.rfind("${user_config.", 0) != 0)
                    settings._warnings.push_back(std::string(name) +
                                                 " in the environment is the unexpanded " + v +
                                                 "; it is ignored (the MCP client did not fill it in)");
                continue;
            }
            if (!v.empty())
            {
                out = {v, name == spec.key ? std::string("environment")
                                           : std::string("environment (") + name + ")"};
                return true;
            }
        }
        for (const auto& dotEnv : dotEnvs)
        {
            for (const char* name : {spec.key, spec.envAlias})
            {
                if (name == nullptr)
                    continue;
                const auto it = dotEnv.values.find(name);
                if (it != dotEnv.values.end() && !it->second.empty())
                {
                    out = {it->second, ".env (" + dotEnv.path + ")"};
                    return true;
                }
            }
        }
        return false;
    };

    // The config file's location comes from the layers above it, never from itself.
    Value configPath;
    if (!fromLayers(*findKey("OURA_MCP_CONFIG"), configPath))
    {
        configPath = {configDir.empty() ? std::string()
                                        : joinPath(joinPath(configDir, "oura-mcp"), "config.json"),
                      "default"};
    }
    settings._values["OURA_MCP_CONFIG"] = configPath;

    Json config = Json::object();
    if (!configPath.value.empty() && fileExists(configPath.value))
    {
        std::string text;
        if (!readFile(configPath.value, text))
        {
            settings._warnings.push_back("could not read config file " + configPath.value);
        }
        else
        {
            try
            {
                Json parsed = Json::parse(text);
                if (parsed.is_object())
                {
                    config = std::move(parsed);
                    settings._configLoaded = true;
                }
                else
                {
                    settings._warnings.push_back("config file " + configPath.value +
                                                 " is not a JSON object; ignored");
                }
            }
            catch (const Json::parse_error& e)
            {
                // e.what() can quote file content; only the position is reported.
                settings._warnings.push_back("config file " + configPath.value +
                                             " is not valid JSON (at byte " + std::to_string(e.byte) +
                                             "); ignored");
            }
        }
    }
    else if (configPath.source != "default" && !configPath.value.empty())
    {
        settings._warnings.push_back("config file " + configPath.value + " (from " + configPath.source +
                                     ") does not exist");
    }

    auto configValue = [&](const char* dotPath) -> std::optional<std::string> {
        const Json* node = &config;
        std::istringstream parts(dotPath);
        std::string part;
        while (std::getline(parts, part, '.'))
        {
            if (!node->is_object())
                return std::nullopt;
            const auto it = node->find(part);
            if (it == node->end())
                return std::nullopt;
            node = &*it;
        }
        const char separator =
            std::string(dotPath) == "plugins.dirs" ? Platform::Paths::listSeparator() : ',';
        return scalarText(*node, separator);
    };

    const std::string stateDir = Platform::KnownFolders::state(env);

    for (const auto& spec : kKeys)
    {
        if (std::string(spec.key) == "OURA_MCP_CONFIG")
            continue;
        Value value;
        if (!fromLayers(spec, value))
        {
            std::optional<std::string> fromConfig;
            if (spec.configPath != nullptr)
                fromConfig = configValue(spec.configPath);
            if (fromConfig && !fromConfig->empty())
                value = {*fromConfig, "config file (" + configPath.value + ")"};
            else
                value = {std::string(), "default"};
        }
        if (spec.secret && !value.value.empty())
            Util::Log::addSecret(value.value);
        settings._values[spec.key] = value;
    }

    // Defaults, some derived from other values.
    auto setDefault = [&](const char* key, const std::string& fallback) {
        Value& v = settings._values[key];
        if (v.value.empty())
            v = {fallback, fallback.empty() ? "not set" : "default"};
    };
    setDefault("OURA_API_BASE_URL", "https://api.ouraring.com");
    std::string base = settings._values["OURA_API_BASE_URL"].value;
    while (!base.empty() && base.back() == '/')
        base.pop_back();
    setDefault("OURA_TOKEN_URL", base + "/oauth/token");
    setDefault("OURA_REVOKE_URL", base + "/oauth/revoke");
    setDefault("OURA_TOKEN_URL_FALLBACK", "https://moi.ouraring.com/oauth/v2/ext/oauth-token");
    setDefault("OURA_AUTHORIZE_URL", "https://cloud.ouraring.com/oauth/authorize");
    // Every file of state lives in one folder (OURA_MCP_STATE_DIR, default $XDG_STATE_HOME/oura-mcp).
    setDefault("OURA_MCP_STATE_DIR", stateDir.empty() ? std::string() : joinPath(stateDir, "oura-mcp"));
    const std::string ownState = settings._values["OURA_MCP_STATE_DIR"].value;
    setDefault("OURA_TOKEN_FILE", ownState.empty() ? std::string() : joinPath(ownState, "tokens.json"));
    setDefault("OURA_MCP_LOG_LEVEL", "info");
    setDefault("OURA_MCP_HTTP_PATH", "/mcp");
    setDefault("OURA_MCP_STORE",
               ownState.empty() ? std::string() : "sqlite:" + joinPath(ownState, "users.db"));
    setDefault("OURA_MCP_HTTP_SESSION_KEY_FILE",
               ownState.empty() ? std::string() : joinPath(ownState, "http-session.key"));
    for (const auto& spec : kNumbers)
    {
        Value& v = settings._values[spec.key];
        if (!v.value.empty() && !parseNumber(v.value, spec))
            settings._warnings.push_back(std::string(spec.key) + " from " + v.source +
                                         " is not a whole number from " + std::to_string(spec.min) + " to " +
                                         std::to_string(spec.max) + "; using the default " +
                                         std::to_string(spec.fallback));
        if (spec.fallback != 0) // the callback port stays "not set": an ephemeral port
            setDefault(spec.key, std::to_string(spec.fallback));
    }
    for (auto& [key, value] : settings._values)
    {
        if (value.value.empty())
            value.source = "not set";
    }

    // The token file must never default to, or silently land in, the working directory.
    Value& tokenFile = settings._values["OURA_TOKEN_FILE"];
    if (!tokenFile.value.empty() && tokenFile.value[0] == '~' && tokenFile.value.compare(0, 2, "~/") == 0)
    {
        const std::string home = Platform::KnownFolders::home(env);
        if (!home.empty())
            tokenFile.value = joinPath(home, tokenFile.value.substr(2));
    }
    if (!tokenFile.value.empty() && !Platform::Paths::isAbsolute(tokenFile.value))
    {
        settings._warnings.push_back("OURA_TOKEN_FILE from " + tokenFile.source +
                                     " is not an absolute path; no token file will be used");
        tokenFile = {std::string(), "not set"};
    }

    // Plugin and cache sections, kept as strings so callers never see the JSON library.
    if (config.contains("plugins") && config["plugins"].is_object())
    {
        for (const auto& [id, section] : config["plugins"].items())
        {
            if (id == "allow" || id == "deny" || id == "dirs" || !section.is_object())
                continue;
            for (const auto& [key, value] : section.items())
            {
                if (value.is_null())
                    continue;
                settings._pluginSettings[id][key] =
                    value.is_string() ? value.get<std::string>() : value.dump();
            }
        }
    }

    for (const auto& warning : settings._warnings)
        Util::Log::warning(kComponent, warning);
    return settings;
}

std::string Settings::get(const std::string& key) const
{
    const auto it = _values.find(key);
    return it == _values.end() ? std::string() : it->second.value;
}

std::string Settings::source(const std::string& key) const
{
    const auto it = _values.find(key);
    return it == _values.end() ? std::string("not set") : it->second.source;
}

bool Settings::isSet(const std::string& key) const
{
    return !get(key).empty();
}

bool Settings::isSecret(const std::string& key)
{
    const KeySpec* spec = findKey(key);
    return spec != nullptr && spec->secret;
}

const std::vector<std::string>& Settings::keys()
{
    static const std::vector<std::string> all = [] {
        std::vector<std::string> k;
        for (const auto& spec : kKeys)
            k.emplace_back(spec.key);
        return k;
    }();
    return all;
}

int Settings::number(const std::string& key) const
{
    const NumberSpec& spec = numberSpec(key);
    return static_cast<int>(parseNumber(get(key), spec).value_or(spec.fallback));
}

int Settings::connectTimeoutMs() const
{
    return number("OURA_MCP_CONNECT_TIMEOUT_MS");
}

int Settings::readTimeoutMs() const
{
    return number("OURA_MCP_READ_TIMEOUT_MS");
}

int Settings::callbackPort() const
{
    return number("OURA_MCP_CALLBACK_PORT");
}

int Settings::cacheRecentSeconds() const
{
    return number("OURA_MCP_CACHE_RECENT_SECONDS");
}

int Settings::cacheSettledSeconds() const
{
    return number("OURA_MCP_CACHE_SETTLED_SECONDS");
}

int Settings::cacheProfileSeconds() const
{
    return number("OURA_MCP_CACHE_PROFILE_SECONDS");
}

std::vector<std::string> Settings::pluginAllow() const
{
    return splitList(get("OURA_MCP_PLUGINS_ALLOW"), ',');
}

std::vector<std::string> Settings::httpAllowedOrigins() const
{
    return splitList(get("OURA_MCP_HTTP_ALLOWED_ORIGINS"), ',');
}

std::vector<std::string> Settings::httpPublicHosts() const
{
    return splitList(get("OURA_MCP_HTTP_PUBLIC_HOSTS"), ',');
}

int Settings::httpMaxConcurrent() const
{
    return number("OURA_MCP_HTTP_MAX_CONCURRENT");
}

int Settings::httpSessionIdleSeconds() const
{
    return number("OURA_MCP_HTTP_SESSION_IDLE_SECONDS");
}

int Settings::httpRatePerAddress() const
{
    return number("OURA_MCP_HTTP_RATE_PER_ADDRESS");
}

int Settings::httpRatePerUser() const
{
    return number("OURA_MCP_HTTP_RATE_PER_USER");
}

std::vector<std::string> Settings::pluginDeny() const
{
    return splitList(get("OURA_MCP_PLUGINS_DENY"), ',');
}

std::vector<std::string> Settings::pluginDirs() const
{
    return splitList(get("OURA_MCP_PLUGIN_DIRS"), ':');
}

std::optional<std::string> Settings::pluginSetting(const std::string& pluginId, const std::string& key) const
{
    const auto section = _pluginSettings.find(pluginId);
    if (section == _pluginSettings.end())
        return std::nullopt;
    const auto it = section->second.find(key);
    if (it == section->second.end())
        return std::nullopt;
    return it->second;
}

} // namespace OuraMcp::Config

#include "app/Doctor.h"

#include "app/HttpConfig.h"
#include "auth/AuthCommand.h"
#include "auth/TokenManager.h"
#include "auth/TokenStore.h"
#include "dates/TimeZone.h"
#include "oura/ApiClient.h"
#include "platform/LocalZone.h"
#include "platform/PrivateFile.h"
#include "store/StoreKey.h"
#include "store/UserStore.h"
#include "util/Json.h"
#include "util/Log.h"

#include <oura_mcp/plugin_abi.h>

#include <Poco/DateTimeFormatter.h>
#include <Poco/Path.h>
#include <Poco/Timestamp.h>

#include <ostream>

namespace OuraMcp::App {

namespace {

/// "2026-11-21T10:00:00Z (in 22 h)" or "... (5 min ago)": enough to judge a token's expiry at a glance.
std::string whenText(std::int64_t unixSeconds, std::int64_t now)
{
    std::string text =
        Poco::DateTimeFormatter::format(Poco::Timestamp::fromEpochTime(unixSeconds), "%Y-%m-%dT%H:%M:%SZ");
    const std::int64_t delta = unixSeconds - now;
    const std::int64_t span = delta < 0 ? -delta : delta;
    const std::string amount =
        span >= 7200 ? std::to_string(span / 3600) + " h" : std::to_string(span / 60) + " min";
    return text + (delta < 0 ? " (" + amount + " ago)" : " (in " + amount + ")");
}

std::string joined(const std::set<std::string>& items)
{
    std::string text;
    for (const auto& item : items)
        text += (text.empty() ? "" : " ") + item;
    return text;
}

bool isConfigProblem(const std::string& warning)
{
    return warning.rfind("config file", 0) == 0 || warning.rfind("could not read config file", 0) == 0;
}

} // namespace

Doctor::Doctor(CommandLine::Mode mode) : _mode(mode) {}

void Doctor::setStartupError(std::string message)
{
    _startupError = std::move(message);
}

void Doctor::setSettings(const Config::Settings& settings)
{
    _settings = settings;
}

void Doctor::setTimeZone(std::string name, const Dates::CivilDate& today)
{
    _zoneName = std::move(name);
    _today = today.toIso(); // the day text the report and the API query use
}

void Doctor::setPlugins(const Loader::LoadReport& report, std::set<std::string> scopes)
{
    _plugins = report;
    _scopes = std::move(scopes);
}

void Doctor::setApi(std::shared_ptr<Oura::Transport> transport, std::shared_ptr<Auth::TokenManager> tokens)
{
    _transport = std::move(transport);
    _tokens = std::move(tokens);
}

const char* Doctor::statusName(Status status)
{
    switch (status)
    {
    case Status::Ok:
        return "ok";
    case Status::Warn:
        return "warn";
    case Status::Fail:
        return "FAIL";
    }
    return "?";
}

void Doctor::add(Status status, const std::string& name, const std::string& message,
                 const std::string& advice)
{
    // The redaction is a second guard: no check puts a secret into its text in the first place.
    _checks.push_back({status, name, Util::Log::redact(message), Util::Log::redact(advice)});
}

std::vector<Doctor::Check> Doctor::run()
{
    _checks.clear();
    checkMode();
    if (_startupError)
        add(Status::Fail, "startup", "oura-mcp cannot start with this configuration: " + *_startupError,
            "Fix the setting named above; `oura-mcp auth status` shows where each setting comes from.");
    if (_settings)
    {
        checkConfig();
        checkSettings();
        checkHttp();
        if (_publicUrl)
            checkRemote();
    }
    checkTimeZone();
    checkPlugins();
    if (_publicUrl)
    {
        // Each person's Oura tokens are in the store: the one-user token file and its API probe do not apply.
        add(Status::Ok, "token",
            "remote server: every person signs in with Oura; their tokens are in the store");
        return _checks;
    }
    checkToken();
    checkTokenFile();
    checkApi();
    return _checks;
}

void Doctor::checkMode()
{
    add(Status::Ok, "version",
        std::string("oura-mcp ") + OURA_MCP_VERSION + " (plugin ABI " + std::to_string(OMCP_ABI_MAJOR) + "." +
            std::to_string(OMCP_ABI_MINOR) + ")");
    const std::string base = _settings ? _settings->apiBaseUrl() : std::string();
    switch (_mode)
    {
    case CommandLine::Mode::Demo:
        add(Status::Ok, "mode",
            "demo (--demo): synthetic data generated in-process; token, token file and API checks are "
            "skipped");
        break;
    case CommandLine::Mode::Sandbox:
        add(Status::Ok, "mode",
            "sandbox (--sandbox): Oura's public sandbox data from " + base + "; token checks are skipped");
        break;
    case CommandLine::Mode::Live:
        add(Status::Ok, "mode", "live: your data from the Oura API at " + base);
        break;
    }
}

void Doctor::checkConfig()
{
    const Config::Settings& s = *_settings;
    const std::string path = s.configFile();
    bool configFailed = false;
    for (const auto& warning : s.warnings())
    {
        if (isConfigProblem(warning))
        {
            configFailed = true;
            add(Status::Fail, "config file", warning,
                "Fix the file (it must be one JSON object; see config/README.md), point --config or "
                "OURA_MCP_CONFIG at the right file, or remove it to use the defaults.");
        }
        else
        {
            add(Status::Warn, "settings", warning,
                "Fix the value or the file named; until then oura-mcp uses what the message says.");
        }
    }
    if (configFailed)
        return;
    if (path.empty())
        add(Status::Ok, "config file", "none (no HOME or XDG_CONFIG_HOME); built-in defaults apply");
    else if (s.configFileLoaded())
        add(Status::Ok, "config file", path + " loaded (" + s.source("OURA_MCP_CONFIG") + ")");
    else
        add(Status::Ok, "config file", path + " not present; built-in defaults apply");
    if (!s.dotEnvFiles().empty())
    {
        std::string files;
        for (const auto& f : s.dotEnvFiles())
            files += (files.empty() ? "" : ", ") + f;
        add(Status::Ok, ".env", "read " + files);
    }
}

void Doctor::checkSettings()
{
    const Config::Settings& s = *_settings;
    for (const auto& key : Config::Settings::keys())
    {
        std::string text;
        if (!s.isSet(key))
            text = "not set";
        else if (Config::Settings::isSecret(key))
            text = "set (from " + s.source(key) + ")";
        else
            text = s.get(key) + " (from " + s.source(key) + ")";
        add(Status::Ok, "setting", key + " = " + text);
    }
}

void Doctor::checkHttp()
{
    const Config::Settings& s = *_settings;
    using Platform::PrivateFile;
    try
    {
        if (HttpConfig::token(s).empty())
            add(Status::Ok, "http",
                "serve --http: no bearer token, so it listens on loopback addresses only");
        else
        {
            const std::string file = s.isSet("OURA_MCP_HTTP_TOKEN") ? std::string() : s.httpTokenFile();
            add(Status::Ok, "http",
                "serve --http: a bearer token is set (" +
                    (file.empty() ? "OURA_MCP_HTTP_TOKEN" : "from " + file) + ")");
            const auto access = file.empty() ? std::nullopt : PrivateFile::inspect(file);
            if (access && access->openToOthers)
                add(Status::Warn, "http",
                    "the HTTP token file " + file + " is readable by other users (" + access->describe() +
                        ")",
                    PrivateFile::makePrivateCommand(file));
        }
    }
    catch (const std::exception& e)
    {
        add(Status::Fail, "http", e.what(),
            "Write a token of 16 or more characters on the first line of OURA_MCP_HTTP_TOKEN_FILE (e.g. "
            "openssl rand -hex 32), or unset it.");
    }
    const std::string key = s.httpSessionKeyFile();
    if (key.empty())
        add(Status::Warn, "http", "no place for the HTTP session key: session ids end with the server",
            "Set OURA_MCP_HTTP_SESSION_KEY_FILE (or HOME / XDG_STATE_HOME) so that clients keep their "
            "sessions across restarts.");
    else if (const auto access = PrivateFile::inspect(key); !access)
        add(Status::Ok, "http",
            "session ids will be signed with a key created in " + key + " at the first serve --http");
    else if (access->openToOthers)
        add(Status::Warn, "http",
            "the HTTP session key " + key + " is readable by other users (" + access->describe() + ")",
            PrivateFile::makePrivateCommand(key) + " (anyone who reads it can forge session ids)");
    else
        add(Status::Ok, "http", "session ids are signed with the key in " + key);
}

void Doctor::setRemote(std::string publicUrl, std::string storeLocation)
{
    _publicUrl = std::move(publicUrl);
    _storeLocation = std::move(storeLocation);
}

void Doctor::checkRemote()
{
    const Config::Settings& s = *_settings;
    CommandLine cl;
    cl.publicUrl = *_publicUrl;
    std::string url;
    try
    {
        url = HttpConfig::publicUrl(cl, s);
        add(Status::Ok, "remote",
            "public URL " + url + ": MCP clients sign people in with OAuth at " + url +
                "/authorize; the protected resource is " + url + s.httpPath());
    }
    catch (const std::exception& e)
    {
        add(Status::Fail, "remote", e.what(), "Use the https address people reach this server at.");
    }
    if (s.clientId().empty() || s.clientSecret().empty())
        add(Status::Fail, "remote",
            "no Oura app: OURA_CLIENT_ID and OURA_CLIENT_SECRET are needed to sign people in",
            "Create an app at https://cloud.ouraring.com/oauth/applications with the redirect URI " +
                (url.empty() ? std::string("<public-url>") : url) + "/oauth/oura/callback");
    else
        add(Status::Ok, "remote",
            "Oura app " + s.clientId() + "; its redirect URI must be " +
                (url.empty() ? std::string("<public-url>") : url) +
                "/oauth/oura/callback (an app not yet approved by Oura serves at most 10 users)");

    // The key: read it if it exists (StoreKey checks its mode); it is created only by serve.
    const std::string keyFile =
        !s.storeKeyFile().empty()
            ? s.storeKeyFile()
            : (s.stateDir().empty()
                   ? std::string()
                   : Poco::Path(Poco::Path::forDirectory(s.stateDir())).setFileName("store.key").toString());
    std::shared_ptr<const Store::StoreKey> key;
    if (keyFile.empty())
        add(Status::Fail, "store key", "no place for the key that seals Oura tokens",
            "Set OURA_MCP_STORE_KEY_FILE (or OURA_MCP_STATE_DIR).");
    else if (!Platform::PrivateFile::exists(keyFile) && s.storeKeyFile().empty())
        add(Status::Ok, "store key",
            "Oura tokens will be sealed with a key created in " + keyFile +
                " at the first start (back it up: without it the tokens cannot be read)");
    else
    {
        try
        {
            key = std::make_shared<const Store::StoreKey>(Store::StoreKey::load(keyFile));
            add(Status::Ok, "store key",
                "Oura tokens are sealed with key " + key->current().id + " from " + keyFile + " (" +
                    std::to_string(key->entries().size()) + " key(s) in the ring)");
        }
        catch (const std::exception& e)
        {
            add(Status::Fail, "store key", e.what(),
                "The key file holds lines \"<id> <64 hex digits>\" and must be private to you (" +
                    Platform::PrivateFile::makePrivateCommand(keyFile) + ").");
        }
    }

    if (_storeLocation.empty())
    {
        add(Status::Fail, "store", "no place for the user store", "Set --store or OURA_MCP_STORE.");
        return;
    }
    const bool sqlite = _storeLocation.rfind("postgres", 0) != 0;
    const std::string path =
        _storeLocation.rfind("sqlite:", 0) == 0 ? _storeLocation.substr(7) : _storeLocation;
    if (sqlite && !Platform::PrivateFile::exists(path))
    {
        add(Status::Ok, "store", "SQLite store " + path + " will be created at the first start");
        return;
    }
    try
    {
        // Opening needs a key only to seal and open values, which doctor never does.
        auto anyKey = key ? key
                          : std::make_shared<const Store::StoreKey>(
                                std::vector<Store::StoreKey::Entry>{Store::StoreKey::generate()});
        auto store = Store::UserStore::open(_storeLocation, anyKey);
        add(Status::Ok, "store",
            std::string(sqlite ? "SQLite store " + path : "PostgreSQL store") + " opens (schema version " +
                std::to_string(store->schemaVersion()) + ", " + std::to_string(store->listUsers().size()) +
                " user(s))");
    }
    catch (const std::exception& e)
    {
        add(Status::Fail, "store", e.what(),
            sqlite ? "Check the file's folder and permissions."
                   : "Check the PostgreSQL URI, the server and the role.");
    }
}

void Doctor::checkTimeZone()
{
    if (_zoneName)
    {
        // The system's zone, and on Windows which Windows zone it was mapped from ("Tokyo Standard Time").
        const std::string named = Platform::LocalZone::current().source;
        std::string origin = "the system default" + (named.empty() ? std::string() : ": " + named);
        if (_settings && _settings->isSet("OURA_MCP_TIME_ZONE"))
            origin = "OURA_MCP_TIME_ZONE from " + _settings->source("OURA_MCP_TIME_ZONE");
        add(Status::Ok, "time zone", *_zoneName + " (" + origin + "); today is " + _today);
        return;
    }
    if (!_settings)
        return;
    try
    {
        (void)Dates::TimeZone::fromName(_settings->timeZone());
    }
    catch (const std::exception& e)
    {
        add(Status::Fail, "time zone", e.what(),
            "Set OURA_MCP_TIME_ZONE (or time_zone in the config file) to an IANA name such as "
            "Europe/Berlin, or unset it to use the system's zone.");
    }
}

void Doctor::checkPlugins()
{
    if (!_plugins)
        return;
    const Loader::LoadReport& report = *_plugins;
    for (const auto& dir : report.directories)
        add(Status::Ok, "plugin folder", dir.path + (dir.exists ? "" : " (does not exist)"));
    std::size_t tools = 0;
    for (const auto& p : report.loaded)
    {
        tools += p.tools.size();
        std::set<std::string> scopes(p.scopes.begin(), p.scopes.end());
        add(Status::Ok, "plugin",
            p.id + (p.version.empty() ? "" : " " + p.version) + " loaded from " + p.path + ": " +
                std::to_string(p.tools.size()) +
                " tool(s), scopes: " + (scopes.empty() ? "none" : joined(scopes)));
    }
    for (const auto& r : report.refused)
        add(Status::Warn, "plugin", "refused " + r.path + ": " + r.reason,
            "Fix or remove the file (the rest of the plugins work without it).");
    for (const auto& r : report.skipped)
        add(Status::Ok, "plugin", "skipped " + r.path + ": " + r.reason);
    if (report.loaded.empty())
        add(Status::Fail, "plugins", "no plugin loaded, so the server offers no tools",
            "Check the folders above, --no-bundled-plugins, --plugin-dir, OURA_MCP_PLUGIN_PATH and the "
            "plugins.allow/deny settings; `oura-mcp plugins` shows the details.");
    else
        add(Status::Ok, "plugins",
            std::to_string(report.loaded.size()) + " loaded, " + std::to_string(tools) +
                " tool(s); scopes needed: " + (_scopes.empty() ? "none" : joined(_scopes)));
}

void Doctor::checkToken()
{
    if (_mode != CommandLine::Mode::Live)
    {
        add(Status::Ok, "token", "not needed in this mode (skipped)");
        return;
    }
    if (!_tokens)
    {
        add(Status::Fail, "token", "no token manager could be built", "Run `oura-mcp auth login`.");
        return;
    }
    const auto s = _tokens->status();
    const std::int64_t now = Auth::unixNowSeconds();
    if (s.source == Auth::TokenManager::Source::None)
    {
        add(Status::Fail, "token", "no Oura token found (neither a token file nor OURA_ACCESS_TOKEN)",
            _tokens->loginHint());
        return;
    }
    const std::string from = std::string("from the ") + Auth::TokenManager::sourceName(s.source);
    if (s.loginRequired)
    {
        add(Status::Fail, "token", "the login was rejected by Oura (" + from + ")", _tokens->loginHint());
        return;
    }
    if (s.personalToken)
        add(Status::Warn, "token", "a personal access token (" + from + "), which Oura has deprecated",
            "Prefer `oura-mcp auth login` (OAuth); personal access tokens stop working when Oura retires "
            "them.");
    const bool expired = s.hasAccessToken && s.expiresAt != 0 && s.expiresAt <= now;
    if (s.hasAccessToken && !expired)
    {
        add(Status::Ok, "token",
            "access token present (" + from + "), " +
                (s.expiresAt == 0 ? std::string("expiry unknown") : "expires " + whenText(s.expiresAt, now)) +
                (s.hasRefreshToken ? (s.canRefresh ? "; refresh token present"
                                                   : "; refresh token present but "
                                                     "unusable")
                                   : ""));
        _tokenUsable = true;
    }
    else if (s.canRefresh)
    {
        add(Status::Ok, "token",
            std::string(s.hasAccessToken ? "access token expired " + whenText(s.expiresAt, now)
                                         : "no access token") +
                " (" + from + "); it is renewed with the refresh token on the next request");
        _tokenUsable = true;
    }
    else
    {
        add(Status::Fail, "token",
            std::string(s.hasAccessToken ? "access token expired " + whenText(s.expiresAt, now)
                                         : "no access token") +
                " (" + from + ") and it cannot be renewed",
            _tokens->loginHint());
    }
    if (s.hasRefreshToken && !s.canRefresh)
        add(Status::Warn, "token",
            "a refresh token is present but OURA_CLIENT_ID/OURA_CLIENT_SECRET are not both set",
            "Set both (environment or ~/.config/oura-mcp/.env) so the login can be renewed, or run "
            "`oura-mcp auth login`.");

    _grantedScopes = Auth::AuthCommand::normalizeScopes(s.scope);
    if (_grantedScopes.empty())
    {
        add(Status::Ok, "scopes",
            "granted scopes unknown (" + from + "); needed: " + (_scopes.empty() ? "none" : joined(_scopes)));
        return;
    }
    std::set<std::string> missing;
    for (const auto& scope : _scopes)
    {
        if (_grantedScopes.count(scope) == 0)
            missing.insert(scope);
    }
    if (missing.empty())
        add(Status::Ok, "scopes",
            "granted: " + joined(_grantedScopes) + "; every scope the plugins need is granted");
    else
        add(Status::Warn, "scopes",
            "granted: " + joined(_grantedScopes) + "; the plugins also need: " + joined(missing),
            "Run `oura-mcp auth login` again and allow " + joined(missing) +
                ", or turn off the plugins that need them (plugins.deny); their tools fail until then.");
}

void Doctor::checkTokenFile()
{
    if (_mode != CommandLine::Mode::Live || !_settings)
        return;
    const std::string path = _settings->tokenFile();
    const bool fromEnvironment =
        _tokens && _tokens->status().source == Auth::TokenManager::Source::Environment;
    if (path.empty())
    {
        if (fromEnvironment)
            add(Status::Ok, "token file",
                "none (tokens come from the environment; rotated tokens stay in memory)");
        else
            add(Status::Warn, "token file",
                "there is no place for a token file (no HOME and no OURA_TOKEN_FILE)",
                "Set OURA_TOKEN_FILE to an absolute path (or set HOME), then run `oura-mcp auth login`.");
        return;
    }
    using Platform::PrivateFile;
    const auto access = PrivateFile::inspect(path);
    if (!access)
    {
        add(Status::Ok, "token file",
            path + " does not exist" + (fromEnvironment ? " (tokens come from the environment)" : ""));
        return;
    }
    bool fine = true;
    if (access->openToOthers)
    {
        fine = false;
        add(Status::Fail, "token file",
            path + " has " + access->describe() + ": other users can read or change it",
            "Run: " + PrivateFile::makePrivateCommand(path));
    }
    if (!access->ownedByYou)
    {
        fine = false;
        add(Status::Fail, "token file", path + " belongs to another user (" + access->owner + ")",
            "Run `oura-mcp auth login` as yourself, or: " + PrivateFile::takeOwnershipCommand(path));
    }
    const std::string dir = Poco::Path(path).parent().toString();
    const auto folder = PrivateFile::inspect(dir);
    if (folder && folder->othersCanWrite)
    {
        fine = false;
        add(Status::Fail, "token file",
            "its folder " + dir + " has " + folder->describe() + ": other users can replace the token file",
            "Run: " + PrivateFile::closeFolderCommand(dir));
    }
    if (!Auth::TokenStore(path).load())
    {
        fine = false;
        add(Status::Warn, "token file", path + " holds no valid tokens (it is ignored)",
            "Run `oura-mcp auth login` to write a new one.");
    }
    if (fine)
        add(Status::Ok, "token file",
            path + " (" + access->describe() + ", yours, folder not writable by others)");
}

void Doctor::checkApi()
{
    if (_mode == CommandLine::Mode::Demo)
    {
        add(Status::Ok, "api", "not used in demo mode (skipped)");
        return;
    }
    if (!_transport)
        return;
    if (_mode == CommandLine::Mode::Live && !_tokenUsable)
    {
        add(Status::Warn, "api", "not checked: there is no usable token (see above)");
        return;
    }
    // One cheap request: personal_info, unless the login is known to lack its scope.
    std::string collection = "personal_info";
    std::string scope = "personal";
    if (!_grantedScopes.empty() && _grantedScopes.count("personal") == 0 &&
        _grantedScopes.count("daily") != 0)
    {
        collection = "daily_activity";
        scope = "daily";
    }
    const std::string path = std::string(_mode == CommandLine::Mode::Sandbox ? "/v2/sandbox/usercollection/"
                                                                             : "/v2/usercollection/") +
                             collection;
    Oura::QueryParams query;
    if (collection != "personal_info" && !_today.empty())
        query = {{"start_date", _today}, {"end_date", _today}};

    Oura::ApiClientOptions options;
    options.maxAttempts = 1;
    options.maxRateLimitRetries = 0;
    std::shared_ptr<Oura::TokenProvider> tokens;
    if (_mode == CommandLine::Mode::Live)
        tokens = _tokens;
    Oura::ApiClient client(_transport, tokens, nullptr, nullptr, options);
    Oura::CallControl control;
    control.requiredScope = scope;
    const auto before = _tokens ? _tokens->status().expiresAt : 0;
    const Oura::ApiResponse response = client.get(path, query, control);
    const std::string target = _transport->describe() + path;
    if (response.ok())
    {
        std::string note;
        if (_tokens && _tokens->status().expiresAt != before)
            note = "; the access token was renewed and saved";
        add(Status::Ok, "api",
            target + " answered (HTTP " + std::to_string(response.httpStatus) + ")" + note);
        return;
    }
    using Oura::ApiError;
    std::string advice = response.message;
    Status status = Status::Fail;
    std::string found;
    switch (response.error)
    {
    case ApiError::RateLimited:
        status = Status::Warn;
        found = "Oura is rate-limiting this login (HTTP 429)";
        advice =
            "Wait a few minutes and try again; if it persists, another program is using the same login. " +
            response.message;
        break;
    case ApiError::AuthRequired:
        found = "Oura rejected the token (HTTP " + std::to_string(response.httpStatus) + ")";
        break;
    case ApiError::Forbidden:
        found = "Oura refused access (HTTP " + std::to_string(response.httpStatus) + ")";
        break;
    case ApiError::Upstream:
        if (response.httpStatus == 0)
        {
            found = "cannot reach " + _transport->describe();
            advice = response.message +
                     " Check the network, a proxy or firewall, and OURA_API_BASE_URL (now " +
                     (_settings ? _settings->apiBaseUrl() + " from " + _settings->source("OURA_API_BASE_URL")
                                : std::string("?")) +
                     ").";
        }
        else
            found = "the Oura API is failing (HTTP " + std::to_string(response.httpStatus) + ")";
        break;
    default:
        found = "the request failed" +
                (response.httpStatus ? " (HTTP " + std::to_string(response.httpStatus) + ")" : std::string());
        break;
    }
    add(status, "api", found + " for " + target, advice);
}

int Doctor::print(const std::vector<Check>& checks, bool json, std::ostream& out)
{
    bool failed = false;
    for (const auto& c : checks)
        failed = failed || c.status == Status::Fail;
    if (json)
    {
        Json list = Json::array();
        for (const auto& c : checks)
        {
            Json item = {{"status", statusName(c.status)}, {"check", c.name}, {"message", c.message}};
            if (!c.advice.empty())
                item["advice"] = c.advice;
            list.push_back(std::move(item));
        }
        out << Json{{"ok", !failed}, {"checks", std::move(list)}}.dump(2) << "\n";
    }
    else
    {
        for (const auto& c : checks)
        {
            const char* tag = c.status == Status::Ok     ? "[ ok ]"
                              : c.status == Status::Warn ? "[warn]"
                                                         : "[FAIL]";
            out << tag << " " << c.name << ": " << c.message << "\n";
            if (c.status != Status::Ok && !c.advice.empty())
                out << "       -> " << c.advice << "\n";
        }
        std::size_t fails = 0, warns = 0;
        for (const auto& c : checks)
        {
            fails += c.status == Status::Fail;
            warns += c.status == Status::Warn;
        }
        if (failed)
            out << "Problems found: " << fails << " FAIL, " << warns << " warn. Fix the FAIL lines first.\n";
        else if (warns != 0)
            out << "No failures; " << warns << " warning(s) above.\n";
        else
            out << "Everything checked is fine.\n";
    }
    return failed ? 1 : 0;
}

} // namespace OuraMcp::App

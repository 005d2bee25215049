#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace OuraMcp::Config {

/*
Configuration of the host, resolved once at start-up.

Precedence (first match wins, empty values count as unset):
  1. command-line overrides (the app maps its options to the keys below)
  2. the process environment
  3. .env files: first $XDG_CONFIG_HOME/oura-mcp/.env (default ~/.config/oura-mcp/.env), then ./.env in
     the working directory. Neither is required. A key found in the first file is not looked up in the
     second. Syntax: KEY=VALUE per line, optional "export " prefix, '#' comments (whole line, or after
     whitespace in an unquoted value), "double quoted" values with \n \t \" \\ escapes, 'single quoted'
     values taken literally.
  4. the config file: $OURA_MCP_CONFIG, default $XDG_CONFIG_HOME/oura-mcp/config.json
     (default ~/.config/oura-mcp/config.json). Never required. Secrets are NOT read from it.
  5. built-in defaults.
Without HOME (and without XDG_* variables) no file under the home directory is read and no token file is
used unless OURA_TOKEN_FILE names one.

The folders are the platform's (Platform::KnownFolders). On Windows "$XDG_CONFIG_HOME" above is %APPDATA%
(e.g. C:\Users\me\AppData\Roaming\oura-mcp\config.json) and "$XDG_STATE_HOME" is %LOCALAPPDATA% (tokens and
keys in C:\Users\me\AppData\Local\oura-mcp), each taken from the environment when set there, else from the
system (SHGetKnownFolderPath: MCP clients may start servers with a scrubbed environment); "~" is
%USERPROFILE%, and lists of folders are separated by ';' instead of ':'.

Keys (environment name = key; "config:" = where the config file sets it):
  OURA_ACCESS_TOKEN            secret; OAuth access token or (deprecated) personal access token
  OURA_REFRESH_TOKEN           secret; OAuth refresh token (single-use, rotated on every refresh)
  OURA_CLIENT_ID               config: client_id
  OURA_CLIENT_SECRET           secret
  OURA_TOKEN_FILE              config: token_file; default $XDG_STATE_HOME/oura-mcp/tokens.json
                               (default ~/.local/state/oura-mcp/tokens.json), never the working directory
  OURA_API_BASE_URL            config: api_base_url; default https://api.ouraring.com
  OURA_TOKEN_URL               config: token_url; default <api base>/oauth/token
  OURA_TOKEN_URL_FALLBACK      config: token_url_fallback; default
                               https://moi.ouraring.com/oauth/v2/ext/oauth-token (used when the token URL
                               answers 400 invalid_request: apps from the new developer portal)
  OURA_AUTHORIZE_URL           config: authorize_url; default https://cloud.ouraring.com/oauth/authorize
  OURA_REVOKE_URL              config: revoke_url; default <api base>/oauth/revoke
  OURA_MCP_CONFIG              path of the config file (not settable in the config file itself)
  OURA_MCP_TIME_ZONE           config: time_zone; also read from TZ (lower precedence); default "" (system)
  OURA_MCP_LOG_LEVEL           config: log_level; debug|info|warning|error; default info
  OURA_MCP_CONNECT_TIMEOUT_MS  config: timeouts.connect_ms; default 10000
  OURA_MCP_READ_TIMEOUT_MS     config: timeouts.read_ms; default 30000
  OURA_MCP_CALLBACK_PORT       config: callback_port; port of `auth login`'s redirect URI; default ""
                               (ephemeral)
  OURA_MCP_CACHE_RECENT_SECONDS   config: cache.recent_seconds; how long answers touching the last two days
                                  (and raw GETs) are reused; default 60; 0 = no caching
  OURA_MCP_CACHE_SETTLED_SECONDS  config: cache.settled_seconds; answers about older, settled days; default 3600
  OURA_MCP_CACHE_PROFILE_SECONDS  config: cache.profile_seconds; personal info and ring configuration;
                                  default 300
  OURA_MCP_PLUGINS_ALLOW       config: plugins.allow (array); environment: comma-separated; default "" (all)
  OURA_MCP_PLUGINS_DENY        config: plugins.deny (array); environment: comma-separated
  OURA_MCP_PLUGIN_DIRS         config: plugins.dirs (array); environment: colon-separated (Windows: ';')
  OURA_MCP_HTTP_PATH           config: http.path; the endpoint of `serve --http`; default /mcp
  OURA_MCP_HTTP_ALLOWED_ORIGINS  config: http.allowed_origins (array); environment: comma-separated; Origin
                               values accepted besides loopback ones ("*" = any)
  OURA_MCP_HTTP_PUBLIC_HOSTS   config: http.public_hosts (array); environment: comma-separated; Host names
                               (or host:port) the server answers to besides the bound address (behind a proxy)
  OURA_MCP_HTTP_TOKEN          secret; the bearer token `serve --http` requires of every request
  OURA_MCP_HTTP_TOKEN_FILE     config: http.token_file; a file holding that token (first line)
  OURA_MCP_HTTP_SESSION_KEY_FILE  config: http.session_key_file; the key that signs HTTP session ids;
                               default $XDG_STATE_HOME/oura-mcp/http-session.key, created (0600) if missing
  OURA_MCP_HTTP_MAX_CONCURRENT config: http.max_concurrent; POSTs served at once (beyond: 503); default 64
  OURA_MCP_HTTP_SESSION_IDLE_SECONDS  config: http.session_idle_seconds; a legacy HTTP session unused this
                               long ends; default 3600

Config file format (JSON object; every member optional; unknown members are ignored):
  {
    "api_base_url": "https://api.ouraring.com",
    "token_url": "https://api.ouraring.com/oauth/token",
    "token_url_fallback": "https://moi.ouraring.com/oauth/v2/ext/oauth-token",
    "authorize_url": "https://cloud.ouraring.com/oauth/authorize",
    "revoke_url": "https://api.ouraring.com/oauth/revoke",
    "token_file": "/home/me/.local/state/oura-mcp/tokens.json",
    "client_id": "my-oura-app-client-id",
    "time_zone": "Europe/Berlin",
    "log_level": "info",
    "callback_port": 8765,
    "timeouts": { "connect_ms": 10000, "read_ms": 30000 },
    "cache": { "recent_seconds": 60, "settled_seconds": 3600, "profile_seconds": 300 },
    "plugins": {
      "allow": ["sleep", "activity"],
      "deny": [],
      "dirs": ["/opt/oura-mcp/plugins"],
      "<plugin id>": { "<setting>": "value", ... }
    }
  }
Numbers and booleans are accepted wherever a string is, and are read as their JSON text. Plugin settings
that are objects or arrays are returned as JSON text. A numeric setting that is not a valid number in its
range falls back to its default and adds a warning naming the key and where it came from.
The cache is in memory only and lives as long as the process.
*/

/// The resolved configuration and, for `auth status`/`doctor`, where each value came from.
/// Immutable after load(); thread-safe to read.
class Settings
{
public:
    using Environment = std::map<std::string, std::string>;

    struct Options
    {
        std::map<std::string, std::string>
            overrides;                ///< from the command line, by key (e.g. OURA_TOKEN_FILE)
        Environment environment;      ///< usually processEnvironment(); tests pass their own
        std::string workingDirectory; ///< where ./.env is looked for; "" = current directory
    };

    static Environment processEnvironment();
    /// A copy of the process environment (environ).

    static Settings load(const Options& options);
    /// Resolves every key. Never throws for missing or malformed files: they become warnings().
    /// Every secret value is registered with Util::Log::addSecret as soon as it is read.

    static Settings fromProcess(const std::map<std::string, std::string>& overrides = {});
    /// load() with the process environment and the current directory.

    std::string get(const std::string& key) const;
    /// The value of a key above; "" if unset or unknown.

    std::string source(const std::string& key) const;
    /// "command line", "environment", "environment (TZ)", ".env (/path)", "config file (/path)",
    /// "default", or "not set".

    bool isSet(const std::string& key) const; ///< value is non-empty

    static bool isSecret(const std::string& key);
    /// True for the tokens and the client secret: print "set"/"not set", never the value.

    static const std::vector<std::string>& keys();
    /// Every key, in display order.

    // Plain accessors.
    std::string accessToken() const { return get("OURA_ACCESS_TOKEN"); }
    std::string refreshToken() const { return get("OURA_REFRESH_TOKEN"); }
    std::string clientId() const { return get("OURA_CLIENT_ID"); }
    std::string clientSecret() const { return get("OURA_CLIENT_SECRET"); }
    std::string tokenFile() const { return get("OURA_TOKEN_FILE"); } ///< "" if there is no place for it
    std::string apiBaseUrl() const { return get("OURA_API_BASE_URL"); }
    std::string tokenUrl() const { return get("OURA_TOKEN_URL"); }
    std::string tokenUrlFallback() const { return get("OURA_TOKEN_URL_FALLBACK"); }
    std::string authorizeUrl() const { return get("OURA_AUTHORIZE_URL"); }
    std::string revokeUrl() const { return get("OURA_REVOKE_URL"); }
    std::string timeZone() const { return get("OURA_MCP_TIME_ZONE"); } ///< "" = system time zone
    std::string logLevel() const { return get("OURA_MCP_LOG_LEVEL"); }
    int connectTimeoutMs() const; ///< falls back to the default if the value is not a positive integer
    int readTimeoutMs() const;
    int callbackPort() const;                     ///< 0 = ephemeral
    std::vector<std::string> pluginAllow() const; ///< empty = every plugin
    std::vector<std::string> pluginDeny() const;
    std::vector<std::string> pluginDirs() const;
    std::string httpPath() const { return get("OURA_MCP_HTTP_PATH"); }
    std::vector<std::string> httpAllowedOrigins() const;
    std::vector<std::string> httpPublicHosts() const;
    std::string httpToken() const { return get("OURA_MCP_HTTP_TOKEN"); }
    std::string httpTokenFile() const { return get("OURA_MCP_HTTP_TOKEN_FILE"); }
    std::string httpSessionKeyFile() const { return get("OURA_MCP_HTTP_SESSION_KEY_FILE"); }
    std::string publicUrl() const { return get("OURA_MCP_PUBLIC_URL"); }
    /// serve --http: the https URL people and MCP clients reach this server at; set, it turns on OAuth.
    std::string storeLocation() const { return get("OURA_MCP_STORE"); }
    /// "sqlite:PATH" (default: the state folder's users.db) or a postgresql:// URI.
    std::string storeKeyFile() const { return get("OURA_MCP_STORE_KEY_FILE"); }
    /// The key file that seals Oura tokens in the store; "" = stateDir()/store.key, generated on first start.
    std::string stateDir() const { return get("OURA_MCP_STATE_DIR"); }
    bool testAllowLoopbackClients() const { return get("OURA_MCP_TEST_ALLOW_LOOPBACK_CLIENTS") == "1"; }
    /// Tests only (environment, never the config file): client metadata documents may be fetched over plain
    /// http from loopback and private addresses, which the SSRF guard refuses otherwise.
    /// Where oura-mcp keeps its state ($XDG_STATE_HOME/oura-mcp or ~/.local/state/oura-mcp).
    int httpMaxConcurrent() const;
    int httpSessionIdleSeconds() const;
    int httpRatePerAddress() const; ///< requests a minute per client address no token names; 0 = not set
    int httpRatePerUser() const;    ///< MCP requests a minute per signed-in user; 0 = not set

    std::optional<std::string> pluginSetting(const std::string& pluginId, const std::string& key) const;
    /// The config file's plugins.<pluginId>.<key>; nothing for allow/deny/dirs or when absent.

    int cacheRecentSeconds() const;  ///< 0 = answers about recent days are not cached
    int cacheSettledSeconds() const; ///< 0 = answers about settled days are not cached
    int cacheProfileSeconds() const; ///< 0 = the profile is not cached

    std::string configFile() const { return get("OURA_MCP_CONFIG"); }
    bool configFileLoaded() const { return _configLoaded; }
    const std::vector<std::string>& dotEnvFiles() const { return _dotEnvFiles; } ///< the files read
    const std::vector<std::string>& warnings() const { return _warnings; }
    /// Problems found while loading (unreadable or malformed files); never contain a value.

    static std::map<std::string, std::string> parseDotEnv(const std::string& text,
                                                          std::vector<std::string>* problems = nullptr);
    /// The .env syntax described above. problems receives "line N: ..." for lines that were skipped.

private:
    int number(const std::string& key) const;
    /// A numeric key's value, or its default when the value is not a valid number in range.

    struct Value
    {
        std::string value;
        std::string source;
    };

    std::map<std::string, Value> _values;
    std::map<std::string, std::map<std::string, std::string>> _pluginSettings;
    std::vector<std::string> _dotEnvFiles;
    std::vector<std::string> _warnings;
    bool _configLoaded = false;
};

} // namespace OuraMcp::Config

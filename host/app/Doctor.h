#pragma once

#include "app/CommandLine.h"
#include "config/Settings.h"
#include "dates/CivilDate.h"
#include "loader/LoadReport.h"

#include <iosfwd>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace OuraMcp::Auth {
class TokenManager;
}
namespace OuraMcp::Oura {
class Transport;
}

namespace OuraMcp::App {

/// `oura-mcp doctor`: checks what makes or breaks the server for this user and says, for every problem,
/// what to do. Fed with the pieces of the Runtime every command builds (so it checks what the server would
/// use), then run() performs the checks, including one cheap authenticated API request. Never reports a
/// token or client secret: secrets are named "set"/"not set" and every line is passed through the log
/// redaction as a second guard.
class Doctor
{
public:
    enum class Status
    {
        Ok,
        Warn,
        Fail
    };

    struct Check
    {
        Status status = Status::Ok;
        std::string name;    ///< what was checked: "mode", "config file", "setting", "token", "api", ...
        std::string message; ///< what was found
        std::string advice;  ///< for warn/FAIL: what to do; may be empty for ok
    };

    explicit Doctor(CommandLine::Mode mode);

    void setStartupError(std::string message);
    /// Building the Runtime failed (e.g. an unknown time zone): reported as FAIL, the rest still checked.
    void setSettings(const Config::Settings& settings);
    void setTimeZone(std::string name, const Dates::CivilDate& today);
    void setPlugins(const Loader::LoadReport& report, std::set<std::string> scopes);
    void setRemote(std::string publicUrl, std::string storeLocation);
    /// serve --http --public-url: the public URL as given (checked here) and where the store is.
    void setApi(std::shared_ptr<Oura::Transport> transport, std::shared_ptr<Auth::TokenManager> tokens);
    /// The API to probe (live and sandbox) and, in live mode, the token manager the server would use
    /// (tokens nullptr in live mode: no credentials could be built).

    std::vector<Check> run();
    /// Every check, in display order. Performs at most one API request (plus a token refresh if due).

    static int print(const std::vector<Check>& checks, bool json, std::ostream& out);
    /// Text: one "[ ok ]/[warn]/[FAIL] name: message" line per check, advice on an indented "->" line;
    /// JSON: {"ok", "checks": [{status, check, message, advice?}]}. Returns 0 without FAIL, 1 with.

    static const char* statusName(Status status); ///< "ok", "warn", "FAIL"

private:
    void add(Status status, const std::string& name, const std::string& message,
             const std::string& advice = {});
    void checkMode();
    void checkConfig();
    void checkSettings();
    void checkHttp();
    void checkRemote();
    void checkTimeZone();
    void checkPlugins();
    void checkToken();
    void checkTokenFile();
    void checkApi();

    CommandLine::Mode _mode;
    std::optional<std::string> _startupError;
    std::optional<Config::Settings> _settings;
    std::optional<std::string> _zoneName;
    std::string _today;
    std::optional<Loader::LoadReport> _plugins;
    std::set<std::string> _scopes;
    std::optional<std::string> _publicUrl;
    std::string _storeLocation;
    std::shared_ptr<Oura::Transport> _transport;
    std::shared_ptr<Auth::TokenManager> _tokens;
    bool _tokenUsable = false;
    std::set<std::string> _grantedScopes;
    std::vector<Check> _checks;
};

} // namespace OuraMcp::App

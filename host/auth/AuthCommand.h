#pragma once

#include "auth/TokenEndpoint.h"
#include "config/Settings.h"

#include <functional>
#include <ostream>
#include <set>
#include <string>
#include <vector>

namespace OuraMcp::Auth {

/// `oura-mcp auth login|status|logout`. These are terminal commands, not the MCP server, so human output
/// goes to `out` and problems to `err`. No token or client secret is ever printed.
///
///   login [--port N] [--timeout SECONDS] [--no-browser]
///       OAuth authorization-code flow with a one-shot callback server on 127.0.0.1. The redirect URI
///       http://127.0.0.1:<port>/callback is printed; it must be registered in the Oura application, so
///       use a fixed --port (or OURA_MCP_CALLBACK_PORT) for real logins. The authorization URL is always
///       printed and, unless --no-browser, opened with xdg-open/open. Default timeout 300 s.
///   status
///       Where each setting came from, the token file and its permissions, the tokens' state and scopes.
///   logout
///       Revokes the saved access token at Oura where possible, then deletes the token file.
class AuthCommand
{
public:
    AuthCommand(Config::Settings settings, std::set<std::string> scopes, TransportFactory transports);
    /// scopes: what the loaded plugins declare (e.g. "daily", "heartrate"); requested at login and
    /// compared with the granted ones. Empty = request none explicitly (Oura then asks for all).

    int run(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
    /// args: the words after "auth" (a leading "auth" is skipped), e.g. {"login", "--no-browser"}.
    /// Returns the process exit code: 0 ok, 1 failed, 2 usage error.

    void setAuthorizationUrlListener(std::function<void(const std::string& url)> listener);
    /// Called (from run()'s thread) with the authorization URL right after it is printed and before
    /// waiting for the callback; tests use it to play the browser.

    void setBrowserLauncher(std::function<void(const std::string& url)> launcher);
    /// Replaces the default xdg-open/open launcher.

    static std::string usage();

    static std::string randomState();
    /// 32 random bytes from the system (Platform::RandomBytes) as 64 hex characters.

    static std::set<std::string> normalizeScopes(const std::string& scopeText);
    /// Splits on spaces and commas and drops Oura's "extapi:" prefix.

private:
    int login(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
    int status(std::ostream& out, std::ostream& err);
    int logout(std::ostream& out, std::ostream& err);

    Config::Settings _settings;
    std::set<std::string> _scopes;
    TransportFactory _transports;
    std::function<void(const std::string&)> _urlListener;
    std::function<void(const std::string&)> _browser;
};

} // namespace OuraMcp::Auth

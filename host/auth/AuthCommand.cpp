#include "auth/AuthCommand.h"

#include "auth/TokenManager.h"
#include "auth/TokenStore.h"
#include "platform/Browser.h"
#include "platform/PrivateFile.h"
#include "platform/RandomBytes.h"
#include "util/ConstantTime.h"
#include "util/Html.h"
#include "util/Log.h"

#include <Poco/DateTimeFormatter.h>
#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/NetException.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/Timestamp.h>
#include <Poco/URI.h>

#include <chrono>
#include <condition_variable>
#include <ctime>
#include <memory>
#include <mutex>
#include <sstream>

namespace OuraMcp::Auth {

namespace {

const char* const kComponent = "auth";

/// What the browser brought back to the callback server.
struct CallbackResult
{
    std::mutex mutex;
    std::condition_variable changed;
    bool done = false;
    std::string expectedState;
    std::string code;
    std::string scope;
    std::string error; ///< "" on success; "state_mismatch", "access_denied", ...
    std::string errorDescription;
};

std::string page(const std::string& title, const std::string& text)
{
    return "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>" + title +
           "</title></head><body style=\"font-family:sans-serif;margin:3em\"><h1>" + title + "</h1><p>" +
           text + "</p></body></html>";
}

std::string htmlEscape(const std::string& text)
{
    return Util::Html::escape(text);
}

class CallbackHandler : public Poco::Net::HTTPRequestHandler
{
public:
    explicit CallbackHandler(std::shared_ptr<CallbackResult> result) : _result(std::move(result)) {}

    void handleRequest(Poco::Net::HTTPServerRequest& request,
                       Poco::Net::HTTPServerResponse& response) override
    {
        const Poco::URI uri(request.getURI());
        response.setContentType("text/html; charset=utf-8");
        response.set("Cache-Control", "no-store");
        if (uri.getPath() != "/callback")
        {
            response.setStatus(Poco::Net::HTTPResponse::HTTP_NOT_FOUND);
            response.send() << page("Not found", "This server only handles the Oura login callback.");
            return;
        }
        std::string code, state, scope, error, description;
        for (const auto& [key, value] : uri.getQueryParameters())
        {
            if (key == "code")
                code = value;
            else if (key == "state")
                state = value;
            else if (key == "scope")
                scope = value;
            else if (key == "error")
                error = value;
            else if (key == "error_description")
                description = value;
        }

        std::unique_lock<std::mutex> lock(_result->mutex);
        if (_result->done)
        {
            lock.unlock();
            response.setStatus(Poco::Net::HTTPResponse::HTTP_CONFLICT);
            response.send() << page("Already handled",
                                    "This login was already handled. You can close this window.");
            return;
        }
        std::string title;
        std::string text;
        if (!Util::ConstantTime::equal(state, _result->expectedState))
        {
            _result->error = "state_mismatch";
            response.setStatus(Poco::Net::HTTPResponse::HTTP_BAD_REQUEST);
            title = "Oura login failed";
            text = "The response does not belong to the login started in your terminal (state mismatch). "
                   "Run <code>oura-mcp auth login</code> again.";
        }
        else if (!error.empty())
        {
            _result->error = error;
            _result->errorDescription = description;
            response.setStatus(Poco::Net::HTTPResponse::HTTP_OK);
            title = "Oura login not completed";
            text = error == "access_denied"
                       ? "Access was denied. You can close this window."
                       : "Oura reported: " + htmlEscape(error) + ". You can close this window.";
        }
        else if (code.empty())
        {
            _result->error = "missing_code";
            response.setStatus(Poco::Net::HTTPResponse::HTTP_BAD_REQUEST);
            title = "Oura login failed";
            text = "The callback carried no authorization code. Run <code>oura-mcp auth login</code> again.";
        }
        else
        {
            _result->code = code;
            _result->scope = scope;
            response.setStatus(Poco::Net::HTTPResponse::HTTP_OK);
            title = "Oura login received";
            text =
                "oura-mcp received the authorization. You can close this window and return to the terminal.";
        }
        // Answer the browser before waking the main thread, which stops this server.
        std::ostream& body = response.send();
        body << page(title, text);
        body.flush();
        _result->done = true;
        lock.unlock();
        _result->changed.notify_all();
    }

private:
    std::shared_ptr<CallbackResult> _result;
};

class CallbackHandlerFactory : public Poco::Net::HTTPRequestHandlerFactory
{
public:
    explicit CallbackHandlerFactory(std::shared_ptr<CallbackResult> result) : _result(std::move(result)) {}

    Poco::Net::HTTPRequestHandler* createRequestHandler(const Poco::Net::HTTPServerRequest&) override
    {
        return new CallbackHandler(_result);
    }

private:
    std::shared_ptr<CallbackResult> _result;
};

void launchBrowser(const std::string& url)
{
    // Whether it worked does not matter: the URL is printed anyway.
    if (!Platform::Browser::open(url))
        Util::Log::debug(kComponent, "could not start a browser");
}

std::string joinScopes(const std::set<std::string>& scopes)
{
    std::string text;
    for (const auto& s : scopes)
        text += (text.empty() ? "" : " ") + s;
    return text;
}

std::string describeDuration(std::int64_t seconds)
{
    if (seconds < 0)
        seconds = -seconds;
    std::ostringstream out;
    if (seconds >= 86400)
        out << seconds / 86400 << " d " << (seconds % 86400) / 3600 << " h";
    else if (seconds >= 3600)
        out << seconds / 3600 << " h " << (seconds % 3600) / 60 << " min";
    else if (seconds >= 60)
        out << seconds / 60 << " min";
    else
        out << seconds << " s";
    return out.str();
}

std::string utcTime(std::int64_t unixSeconds)
{
    return Poco::DateTimeFormatter::format(
        Poco::Timestamp::fromEpochTime(static_cast<std::time_t>(unixSeconds)), "%Y-%m-%dT%H:%M:%SZ");
}

bool parseNumber(const std::string& text, long& out)
{
    try
    {
        std::size_t used = 0;
        out = std::stol(text, &used);
        return used == text.size();
    }
    catch (const std::exception&)
    {
        return false;
    }
}

} // namespace

AuthCommand::AuthCommand(Config::Settings settings, std::set<std::string> scopes, TransportFactory transports)
    : _settings(std::move(settings)), _scopes(std::move(scopes)), _transports(std::move(transports)),
      _browser(launchBrowser)
{}

void AuthCommand::setAuthorizationUrlListener(std::function<void(const std::string&)> listener)
{
    _urlListener = std::move(listener);
}

void AuthCommand::setBrowserLauncher(std::function<void(const std::string&)> launcher)
{
    _browser = std::move(launcher);
}

std::string AuthCommand::usage()
{
    return "Usage: oura-mcp auth <command>\n"
           "  login [--port N] [--timeout SECONDS] [--no-browser]\n"
           "         Sign in with your Oura account (OAuth). Needs OURA_CLIENT_ID and OURA_CLIENT_SECRET "
           "from an\n"
           "         application registered at the Oura developer portal; its redirect URI must be\n"
           "         http://127.0.0.1:<port>/callback.\n"
           "  status Show where the configuration comes from and the state of the saved login.\n"
           "  logout Revoke the saved login at Oura and delete the token file.\n";
}

std::string AuthCommand::randomState()
{
    unsigned char bytes[32];
    Platform::RandomBytes::fill(bytes, sizeof bytes);
    static const char* hex = "0123456789abcdef";
    std::string text;
    for (unsigned char b : bytes)
    {
        text += hex[b >> 4];
        text += hex[b & 15];
    }
    return text;
}

std::set<std::string> AuthCommand::normalizeScopes(const std::string& scopeText)
{
    std::set<std::string> scopes;
    std::string word;
    auto flush = [&] {
        if (word.compare(0, 7, "extapi:") == 0)
            word.erase(0, 7);
        if (!word.empty())
            scopes.insert(word);
        word.clear();
    };
    for (char c : scopeText)
    {
        if (c == ' ' || c == ',' || c == '+' || c == '\t')
            flush();
        else
            word += c;
    }
    flush();
    return scopes;
}

int AuthCommand::run(const std::vector<std::string>& args, std::ostream& out, std::ostream& err)
{
    std::vector<std::string> rest(args);
    if (!rest.empty() && rest.front() == "auth")
        rest.erase(rest.begin());
    if (rest.empty() || rest.front() == "--help" || rest.front() == "-h" || rest.front() == "help")
    {
        (rest.empty() ? err : out) << usage();
        return rest.empty() ? 2 : 0;
    }
    const std::string command = rest.front();
    rest.erase(rest.begin());
    try
    {
        if (command == "login")
            return login(rest, out, err);
        if (command == "status" && rest.empty())
            return status(out, err);
        if (command == "logout" && rest.empty())
            return logout(out, err);
    }
    catch (const std::exception& e)
    {
        err << "oura-mcp auth " << command << ": " << Util::Log::redact(e.what()) << "\n";
        return 1;
    }
    err << usage();
    return 2;
}

int AuthCommand::login(const std::vector<std::string>& args, std::ostream& out, std::ostream& err)
{
    long port = _settings.callbackPort();
    long timeoutSeconds = 300;
    bool openBrowser = true;
    for (std::size_t i = 0; i < args.size(); ++i)
    {
        const std::string& arg = args[i];
        if (arg == "--no-browser")
        {
            openBrowser = false;
        }
        else if ((arg == "--port" || arg == "--timeout") && i + 1 < args.size())
        {
            long value = 0;
            if (!parseNumber(args[++i], value) || value < 0 || (arg == "--port" && value > 65535) ||
                (arg == "--timeout" && value == 0))
            {
                err << "oura-mcp auth login: invalid value for " << arg << "\n";
                return 2;
            }
            (arg == "--port" ? port : timeoutSeconds) = value;
        }
        else
        {
            err << "oura-mcp auth login: unknown option " << arg << "\n" << usage();
            return 2;
        }
    }

    if (_settings.clientId().empty() || _settings.clientSecret().empty())
    {
        err << "oura-mcp auth login needs OURA_CLIENT_ID and OURA_CLIENT_SECRET. Register an application at "
               "the "
               "Oura developer portal (https://developer.ouraring.com), add the redirect URI "
               "http://127.0.0.1:<port>/callback, and set both values in the environment or in "
               "~/.config/oura-mcp/.env.\n";
        return 1;
    }
    if (_settings.tokenFile().empty())
    {
        err << "oura-mcp auth login: there is no place for the token file. Set OURA_TOKEN_FILE to an "
               "absolute "
               "path (or set HOME).\n";
        return 1;
    }

    auto result = std::make_shared<CallbackResult>();
    result->expectedState = randomState();

    Poco::Net::ServerSocket socket;
    try
    {
        socket.bind(Poco::Net::SocketAddress("127.0.0.1", static_cast<Poco::UInt16>(port)), false);
        socket.listen(8);
    }
    catch (const Poco::Exception& e)
    {
        err << "oura-mcp auth login: cannot listen on 127.0.0.1:" << port << " (" << e.displayText()
            << "). Choose another --port.\n";
        return 1;
    }
    const auto actualPort = socket.address().port();
    const std::string redirectUri = "http://127.0.0.1:" + std::to_string(actualPort) + "/callback";

    auto* params = new Poco::Net::HTTPServerParams;
    params->setKeepAlive(false);
    params->setMaxThreads(2);
    params->setTimeout(Poco::Timespan(10, 0));
    Poco::Net::HTTPServer server(new CallbackHandlerFactory(result), socket, params);
    server.start();

    Poco::URI authorize(_settings.authorizeUrl());
    authorize.addQueryParameter("response_type", "code");
    authorize.addQueryParameter("client_id", _settings.clientId());
    authorize.addQueryParameter("redirect_uri", redirectUri);
    authorize.addQueryParameter("state", result->expectedState);
    if (!_scopes.empty())
        authorize.addQueryParameter("scope", joinScopes(_scopes));
    const std::string url = authorize.toString();

    out << "Redirect URI (must be registered in your Oura application): " << redirectUri << "\n"
        << "Open this URL in a browser to sign in to Oura:\n\n  " << url << "\n\n"
        << "Waiting up to " << timeoutSeconds << " s for the login to complete...\n";
    out.flush();
    if (_urlListener)
        _urlListener(url);
    if (openBrowser && _browser)
        _browser(url);

    CallbackResult outcome;
    {
        std::unique_lock<std::mutex> lock(result->mutex);
        const bool finished = result->changed.wait_for(lock, std::chrono::seconds(timeoutSeconds),
                                                       [&] { return result->done; });
        if (!finished)
        {
            lock.unlock();
            server.stopAll(true);
            err << "oura-mcp auth login: timed out after " << timeoutSeconds
                << " s waiting for the browser to return to " << redirectUri << ".\n";
            return 1;
        }
        outcome.code = result->code;
        outcome.scope = result->scope;
        outcome.error = result->error;
        outcome.errorDescription = result->errorDescription;
    }
    server.stop();

    if (outcome.error == "state_mismatch")
    {
        err << "oura-mcp auth login: the callback did not carry this login's state parameter; refusing it. "
               "Run `oura-mcp auth login` again.\n";
        return 1;
    }
    if (outcome.error == "access_denied")
    {
        err << "oura-mcp auth login: access was denied in the browser; nothing was saved.\n";
        return 1;
    }
    if (!outcome.error.empty())
    {
        err << "oura-mcp auth login: Oura returned an error: " << Util::Log::redact(outcome.error)
            << (outcome.errorDescription.empty() ? ""
                                                 : " (" + Util::Log::redact(outcome.errorDescription) + ")")
            << "\n";
        return 1;
    }

    TokenEndpoint endpoint(
        {_settings.tokenUrl(), _settings.tokenUrlFallback(), _settings.clientId(), _settings.clientSecret()},
        _transports);
    const TokenGrant grant = endpoint.exchangeCode(outcome.code, redirectUri);
    if (grant.outcome != TokenGrant::Outcome::Ok)
    {
        err << "oura-mcp auth login: could not exchange the authorization code: " << grant.message << "\n";
        return 1;
    }
    TokenSet tokens = grant.tokens;
    if (tokens.scope.empty())
        tokens.scope = outcome.scope;
    tokens.chainOrigin = "login";
    TokenStore store(_settings.tokenFile());
    store.save(tokens);

    out << "Logged in to Oura. Tokens saved to " << store.path() << "\n";
    const std::set<std::string> granted = normalizeScopes(tokens.scope);
    if (granted.empty())
    {
        out << "Granted scopes: (not reported by Oura)\n";
    }
    else
    {
        out << "Granted scopes: " << joinScopes(granted) << "\n";
        std::set<std::string> missing;
        for (const auto& s : _scopes)
        {
            if (granted.count(s) == 0)
                missing.insert(s);
        }
        if (!missing.empty())
        {
            err << "Warning: these requested scopes were not granted: " << joinScopes(missing)
                << ". Tools that need them will fail; run `oura-mcp auth login` again and allow them.\n";
        }
    }
    if (_settings.isSet("OURA_REFRESH_TOKEN"))
    {
        err << "Warning: OURA_REFRESH_TOKEN is set (" << _settings.source("OURA_REFRESH_TOKEN")
            << ") and takes precedence over this login. Remove it to use the saved login.\n";
    }
    return 0;
}

int AuthCommand::status(std::ostream& out, std::ostream& err)
{
    for (const auto& warning : _settings.warnings())
        err << "Warning: " << warning << "\n";

    out << "Settings:\n";
    for (const auto& key : Config::Settings::keys())
    {
        const std::string value = _settings.get(key);
        out << "  " << key << ": ";
        if (Config::Settings::isSecret(key))
            out << (value.empty() ? "not set" : "set");
        else
            out << (value.empty() ? "not set" : value);
        if (!value.empty())
            out << "  [" << _settings.source(key) << "]";
        out << "\n";
    }
    if (!_settings.dotEnvFiles().empty())
    {
        out << ".env files read:";
        for (const auto& f : _settings.dotEnvFiles())
            out << " " << f;
        out << "\n";
    }
    out << "Config file: " << (_settings.configFile().empty() ? "(none)" : _settings.configFile())
        << (_settings.configFileLoaded() ? " (loaded)" : " (not present)") << "\n";

    const std::string path = _settings.tokenFile();
    out << "Token file: " << (path.empty() ? "(none: set OURA_TOKEN_FILE or HOME)" : path) << "\n";
    if (!path.empty())
    {
        TokenStore store(path);
        const auto access = store.access();
        if (!access)
        {
            out << "  does not exist\n";
        }
        else
        {
            out << "  exists, " << access->describe() << "\n";
            if (access->openToOthers)
                out << "  WARNING: readable by other users; run: "
                    << Platform::PrivateFile::makePrivateCommand(path) << "\n";
            if (!store.load())
                out << "  WARNING: the file holds no valid tokens (ignored)\n";
        }
    }

    // A TokenManager without transports: it reads and decides, it never talks to the network here.
    const auto manager = TokenManager::fromSettings(_settings, nullptr);
    const TokenManager::Status s = manager->status();
    out << "Tokens in use: " << TokenManager::sourceName(s.source);
    if (s.personalToken)
        out << " (personal access token: deprecated by Oura; prefer `oura-mcp auth login`)";
    out << "\n";
    if (s.source != TokenManager::Source::None)
    {
        out << "  access token: " << (s.hasAccessToken ? "present" : "absent");
        if (s.hasAccessToken)
        {
            if (s.expiresAt == 0)
            {
                out << ", expiry unknown";
            }
            else
            {
                const std::int64_t left = s.expiresAt - unixNowSeconds();
                out << (left > 0 ? ", expires in " + describeDuration(left)
                                 : ", expired " + describeDuration(left) + " ago")
                    << " (" << utcTime(s.expiresAt) << ")";
            }
        }
        out << "\n  refresh token: " << (s.hasRefreshToken ? "present" : "absent");
        if (s.hasRefreshToken && !s.canRefresh)
            out << " (cannot refresh: OURA_CLIENT_ID/OURA_CLIENT_SECRET missing)";
        out << "\n";
        const auto granted = normalizeScopes(s.scope);
        out << "  granted scopes: " << (granted.empty() ? "(unknown)" : joinScopes(granted)) << "\n";
        if (!granted.empty())
        {
            std::set<std::string> missing;
            for (const auto& scope : _scopes)
            {
                if (granted.count(scope) == 0)
                    missing.insert(scope);
            }
            if (!missing.empty())
                out << "  requested by plugins but not granted: " << joinScopes(missing) << "\n";
        }
    }
    else
    {
        out << "  " << manager->loginHint() << "\n";
    }
    if (!_scopes.empty())
        out << "Scopes the loaded plugins use: " << joinScopes(_scopes) << "\n";
    return 0;
}

int AuthCommand::logout(std::ostream& out, std::ostream& err)
{
    const std::string path = _settings.tokenFile();
    int exitCode = 0;
    if (path.empty())
    {
        out << "No token file is configured; nothing saved to remove.\n";
    }
    else
    {
        TokenStore store(path);
        const auto tokens = store.load();
        if (tokens && !tokens->accessToken.empty())
        {
            std::string origin;
            Oura::HttpRequest request;
            request.method = "GET";
            std::shared_ptr<Oura::Transport> transport;
            if (TokenEndpoint::splitUrl(_settings.revokeUrl(), origin, request.path, request.query) &&
                _transports)
                transport = _transports(origin);
            if (!transport)
            {
                out << "Could not revoke the access token (no usable revoke URL).\n";
            }
            else
            {
                // The revoke endpoint takes the token in the query; the URL is therefore never logged.
                request.query.emplace_back("access_token", tokens->accessToken);
                const Oura::HttpResponse response = transport->send(request);
                if (response.status >= 200 && response.status < 300)
                    out << "Revoked the access token at Oura.\n";
                else if (response.status == 0)
                    out << "Could not reach Oura to revoke the access token: "
                        << Util::Log::redact(response.networkError) << "\n";
                else
                    out << "Oura did not confirm the revocation (HTTP " << response.status
                        << "); the token may already be invalid.\n";
            }
        }
        else
        {
            out << "No saved access token to revoke.\n";
        }
        try
        {
            if (store.remove())
                out << "Deleted the token file " << path << "\n";
            else
                out << "No token file at " << path << "\n";
        }
        catch (const std::exception& e)
        {
            err << "oura-mcp auth logout: " << e.what() << "\n";
            exitCode = 1;
        }
    }
    for (const char* key : {"OURA_ACCESS_TOKEN", "OURA_REFRESH_TOKEN"})
    {
        if (_settings.isSet(key))
            out << "Note: " << key << " is still set (" << _settings.source(key)
                << "); remove it there to sign out completely.\n";
    }
    return exitCode;
}

} // namespace OuraMcp::Auth

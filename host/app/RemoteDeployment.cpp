#include "app/RemoteDeployment.h"

#include "app/AccountDeletion.h"
#include "app/CommandLine.h"
#include "app/HttpConfig.h"
#include "app/OuraAccount.h"
#include "auth/StoredUserTokens.h"
#include "auth/TokenEndpoint.h"
#include "config/Settings.h"
#include "http/Authenticator.h"
#include "http/HttpOptions.h"
#include "http/Secrets.h"
#include "mcp/CallMemo.h"
#include "oauth/AuthorizationServer.h"
#include "oauth/SafeFetcher.h"
#include "oura/DataStack.h"
#include "oura/PerUserDataService.h"
#include "store/StoreKey.h"
#include "store/UserStore.h"

#include <stdexcept>

namespace OuraMcp::App {

namespace {

/// "postgresql://user:secret@host/db" -> "postgresql://host/db": the start-up line names no password.
std::string withoutCredentials(const std::string& location)
{
    const auto scheme = location.find("://");
    const auto at = location.find('@');
    if (scheme == std::string::npos || at == std::string::npos || at < scheme)
        return location;
    return location.substr(0, scheme + 3) + location.substr(at + 1);
}

} // namespace

std::string RemoteDeployment::publicUrlOf(const CommandLine& cl, const Config::Settings& settings)
{
    return HttpConfig::publicUrl(cl, settings);
}

std::string RemoteDeployment::storeLocation(const CommandLine& cl, const Config::Settings& settings)
{
    const std::string location = cl.store ? *cl.store : settings.storeLocation();
    if (location.empty())
        throw std::invalid_argument(
            "no place for the user store: set --store sqlite:PATH (or postgresql://...) "
            "or OURA_MCP_STATE_DIR");
    return location;
}

std::shared_ptr<Store::UserStore> RemoteDeployment::openStore(const CommandLine& cl,
                                                              const Config::Settings& settings)
{
    const std::string location = storeLocation(cl, settings);
    auto key = std::make_shared<const Store::StoreKey>(
        Store::StoreKey::loadOrCreate(settings.storeKeyFile(), settings.stateDir()));
    return Store::UserStore::open(location, std::move(key));
}

RemoteDeployment::RemoteDeployment(const CommandLine& cl, const Config::Settings& settings,
                                   std::shared_ptr<const Oura::DayCalendar> calendar,
                                   std::function<std::int64_t()> now,
                                   const Auth::TransportFactory& transports,
                                   const Oura::CollectionServiceOptions& options)
{
    if (settings.clientId().empty() || settings.clientSecret().empty())
        throw std::invalid_argument(
            "a remote server signs people in through your Oura app: set OURA_CLIENT_ID "
            "and OURA_CLIENT_SECRET (its redirect URI is <public-url>/oauth/oura/callback)");
    _store = openStore(cl, settings);
    _now = now;
    _allowLoopbackClients = settings.testAllowLoopbackClients();
    const std::string location = storeLocation(cl, settings);
    _description = "store " + withoutCredentials(location);
    _networkStore = location.rfind("postgres", 0) == 0;

    Auth::TokenEndpoint::Config endpoint;
    endpoint.tokenUrl = settings.tokenUrl();
    endpoint.fallbackUrl = settings.tokenUrlFallback();
    endpoint.clientId = settings.clientId();
    endpoint.clientSecret = settings.clientSecret();
    endpoint.redactIssuedTokens = false; // many users: see TokenEndpoint::Config
    _endpoint = std::make_shared<Auth::TokenEndpoint>(endpoint, transports, now);

    // One transport (its connection pool) for every user; everything that holds a user's data is per user.
    std::shared_ptr<Oura::Transport> api = transports(settings.apiBaseUrl());
    auto store = _store;
    auto tokens = _endpoint;
    const std::string hint =
        "Your Oura sign-in has expired or was revoked. Sign in again: remove this server's "
        "connection in your MCP client and add it again.";
    auto factory = [store, tokens, api, calendar, options, now, hint](const std::string& user) {
        auto provider = std::make_shared<Auth::StoredUserTokens>(store, user, tokens, now, hint);
        return std::shared_ptr<Oura::DataService>(Oura::DataStack::build(api, provider, calendar, options));
    };
    _data = std::make_unique<Oura::PerUserDataService>(factory, "Oura API for each signed-in user (" +
                                                                    _description + ")");
    _dataView = _data.get();

    _oura = std::make_unique<OuraAccount>(OuraAccount::fromSettings(settings, publicUrlOf(cl, settings)),
                                          transports);
}

void RemoteDeployment::protect(Http::HttpOptions& http, const std::string& publicUrl,
                               const std::set<std::string>& scopes, const std::string& sessionKey)
{
    OAuth::SafeFetcher::Options fetch;
    fetch.allowLoopbackHttp = _allowLoopbackClients;
    _fetcher = std::make_unique<OAuth::SafeFetcher>(fetch);

    OAuth::AuthorizationServerOptions options;
    options.publicUrl = publicUrl;
    options.mcpPath = http.path;
    options.scopes.assign(scopes.begin(), scopes.end());
    // A key of its own for each purpose, derived from the one secret every replica already shares.
    options.stateKey = Http::Secrets::hmacSha256Hex(sessionKey, "oura-mcp oauth state v1");
    options.now = _now;
    // SQLite answers a token check in ~46 us; PostgreSQL, a network hop away, in a few hundred: there a check
    // is remembered for 2 s (a token revoked meanwhile still works that long on a replica that just checked it).
    if (_networkStore)
        options.tokenCheckMemory = std::chrono::seconds(2);
    _authorization = std::make_shared<OAuth::AuthorizationServer>(options, *_store, *_oura, *_fetcher);
    http.routes.push_back(_authorization);
    http.resourceMetadataUrl = publicUrl + "/.well-known/oauth-protected-resource" + http.path;
    // The authenticator lives inside the authorization server: share its ownership.
    http.authenticator =
        std::shared_ptr<Http::Authenticator>(_authorization, &_authorization->authenticator());
    OuraAccount* oura = _oura.get();
    // The deployment outlives the server and its routes (serve leaves with _exit).
    http.routes.push_back(std::make_shared<AccountDeletion>(
        http.authenticator, _store, [oura](const Store::OuraTokens& tokens) { oura->revoke(tokens); },
        [this](const std::string& user) { forgetUser(user); }));
}

RemoteDeployment::~RemoteDeployment() = default;

std::unique_ptr<Oura::DataService> RemoteDeployment::takeDataService()
{
    if (!_data)
        throw std::logic_error("the remote data service was taken already");
    return std::move(_data);
}

void RemoteDeployment::forgetUser(const std::string& userId)
{
    _dataView->forget(userId);
    if (_memo)
        _memo->forget(userId);
}

void RemoteDeployment::setCallMemo(std::shared_ptr<Mcp::CallMemo> memo)
{
    _memo = std::move(memo);
}

std::string RemoteDeployment::describe() const
{
    return _description;
}

} // namespace OuraMcp::App

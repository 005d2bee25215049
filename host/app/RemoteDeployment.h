#pragma once

#include "auth/TokenEndpoint.h"
#include "oura/CollectionService.h"

#include <cstdint>
#include <functional>
#include <memory>
#include <set>
#include <string>

namespace OuraMcp::Config {
class Settings;
}
namespace OuraMcp::Oura {
class DataService;
class DayCalendar;
class PerUserDataService;
} // namespace OuraMcp::Oura
namespace OuraMcp::Store {
class UserStore;
}
namespace OuraMcp::Auth {
class TokenEndpoint;
}
namespace OuraMcp::Http {
struct HttpOptions;
}
namespace OuraMcp::Mcp {
class CallMemo;
}
namespace OuraMcp::OAuth {
class AuthorizationServer;
class SafeFetcher;
} // namespace OuraMcp::OAuth

namespace OuraMcp::App {

struct CommandLine;
class OuraAccount;

/// What makes `serve --http --public-url URL` a server for many people: the store (users, their sealed Oura
/// tokens, our clients, grants and tokens), the key that seals it, the operator's Oura app, and a data service
/// that runs every call on the calling user's own stack. Built once at start; thread-safe afterwards.
class RemoteDeployment
{
public:
    static std::string storeLocation(const CommandLine& cl, const Config::Settings& settings);
    /// --store, else OURA_MCP_STORE (default: sqlite: in the state folder). Throws std::invalid_argument when
    /// there is none (no state folder could be determined).

    static std::string publicUrlOf(const CommandLine& cl, const Config::Settings& settings);

    static std::shared_ptr<Store::UserStore> openStore(const CommandLine& cl,
                                                       const Config::Settings& settings);
    /// Opens (and migrates) the store with the key from OURA_MCP_STORE_KEY_FILE, or the state folder's
    /// store.key, generated on first start with mode 0600. Throws Store::StoreError.

    RemoteDeployment(const CommandLine& cl, const Config::Settings& settings,
                     std::shared_ptr<const Oura::DayCalendar> calendar, std::function<std::int64_t()> now,
                     const Auth::TransportFactory& transports, const Oura::CollectionServiceOptions& options);
    /// transports and options: the same HTTP transports and cache times as the one-user server's.
    /// Throws std::invalid_argument for a missing Oura app (OURA_CLIENT_ID, OURA_CLIENT_SECRET), and
    /// Store::StoreError when the store or its key cannot be used.
    ~RemoteDeployment();

    const std::shared_ptr<Store::UserStore>& store() const { return _store; }
    const std::shared_ptr<Auth::TokenEndpoint>& ouraTokenEndpoint() const { return _endpoint; }

    std::unique_ptr<Oura::DataService> takeDataService();
    /// The per-user data service (once; the plugins' host services keep it).

    void forgetUser(const std::string& userId);
    /// Drops the user's cached data in this process (a deleted user): the data service's stack and the
    /// user's memoised tool results.

    void setCallMemo(std::shared_ptr<Mcp::CallMemo> memo);
    /// The engine's memo of tool results, which forgetUser (and the account deletion route) empties of the
    /// user too. Call before serving.

    void protect(Http::HttpOptions& http, const std::string& publicUrl, const std::set<std::string>& scopes,
                 const std::string& sessionKey);
    /// Puts the authorization server in front of the MCP endpoint: its routes (metadata, /authorize, the
    /// Oura callback, /token, /register, /revoke) and the bearer check of every MCP request. scopes: the
    /// installed plugins' Oura scopes (the most a user is asked for); sessionKey: the HTTP session key, from
    /// which the key signing consent forms and Oura state is derived (replicas share it already).

    std::string describe() const;
    /// One line for the start-up log: the store's engine and where (never a password).

private:
    std::shared_ptr<Store::UserStore> _store;
    std::shared_ptr<Auth::TokenEndpoint> _endpoint;
    std::unique_ptr<OuraAccount> _oura;
    std::unique_ptr<OAuth::SafeFetcher> _fetcher;
    std::shared_ptr<OAuth::AuthorizationServer> _authorization;
    std::function<std::int64_t()> _now;
    bool _allowLoopbackClients = false;
    bool _networkStore = false; ///< PostgreSQL
    std::unique_ptr<Oura::PerUserDataService> _data;
    Oura::PerUserDataService* _dataView = nullptr;
    std::shared_ptr<Mcp::CallMemo> _memo;
    std::string _description;
};

} // namespace OuraMcp::App

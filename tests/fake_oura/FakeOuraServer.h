#pragma once

#include "demo/DemoApi.h"
#include "oura/Transport.h"

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace Poco {
class ThreadPool;
namespace Net {
class HTTPServer;
}
} // namespace Poco

namespace OuraMcp::Testing {

/// One scripted answer the fake gives instead of its normal behaviour (fault injection).
struct ScriptedResponse
{
    enum class Action
    {
        Respond,  ///< send status/headers/body
        Drop,     ///< close the connection without answering
        Truncate, ///< announce Content-Length = body size + 100, send the body, then close
        Stall     ///< wait delayMs (or until stop()) before answering normally or with status/body if set
    };

    Action action = Action::Respond;
    int status = 200; ///< for Respond/Truncate/Stall; 0 with Stall = answer normally after the wait
    std::string body; ///< for Respond/Truncate
    Oura::Headers headers;
    int delayMs = 0; ///< extra latency before acting (Stall: the stall length)

    static ScriptedResponse respond(int status, const std::string& body = "{}", Oura::Headers headers = {});
    static ScriptedResponse rateLimited(int retryAfterSeconds = 1);
    /// 429 {"detail":"Too Many Requests"} with Retry-After, X-RateLimit-Limit/-Window/-Reset/-Tier.
    static ScriptedResponse drop();
    static ScriptedResponse truncated(const std::string& body = R"({"data":[{"day":"2024-)");
    static ScriptedResponse stall(int delayMs);
};

/// One request as the fake saw it.
struct RecordedRequest
{
    std::string method;
    std::string path; ///< without the query
    Oura::QueryParams query;
    std::string authorization;
    std::string body;
};

/// A local stand-in for the Oura API for tests: Poco HTTPServer on 127.0.0.1 with an ephemeral port. Serves
/// the DemoApi data routes behind a bearer-token check, the sandbox routes without one, an OAuth server
/// (authorize / token with rotating single-use refresh tokens / revoke) and scripted faults.
///
/// Several people: every fake user has a name and a dataset of its own (its own seed, hence its own
/// personal_info id and data). The user "default" (Options::seed) always exists. /oauth/authorize "signs in"
/// the user named by its `fake_user` query parameter (an addition of the fake; Oura has no such parameter),
/// else Options::defaultUser; the codes and tokens it leads to belong to that user, and the data routes
/// answer with that user's data. Tokens added without a user (addAccessToken) belong to "default".
/// Thread-safe; all setters may be called while it runs.
class FakeOuraServer
{
public:
    struct Options
    {
        std::string today; ///< "YYYY-MM-DD"; "" = the system clock's date (and now)
        std::uint64_t seed = Demo::Dataset::defaultSeed;
        std::optional<std::int64_t> nowUtc; ///< default: today 12:00 local time
        Demo::DemoApiOptions api;
        std::string clientId = "test-client-id";
        std::string clientSecret = "test-client-secret";
        std::string redirectUri;             ///< "" = accept any redirect_uri
        std::set<std::string> consentScopes; ///< what the fake user allows; empty = every scope
        bool denyConsent = false;            ///< authorize redirects with error=access_denied
        bool enforceScopes = true;
        int missingScopeStatus = 401;      ///< NOTES §4: Oura answers 401; set 403 to test the other
        bool strictUnlistedScopes = false; ///< false: "stress"/"ring_configuration" also pass with "daily"
        bool newPortalMode = false;        ///< /oauth/token refuses refresh with 400 invalid_request
        bool membershipExpired = false;    ///< data routes answer 403 (lapsed Oura membership, NOTES §4)
        int latencyMs = 0;                 ///< added before every answer
        int accessTokenLifetime = 86400;
        std::map<std::string, std::uint64_t> users; ///< more fake users: name -> dataset seed
        std::string defaultUser = "default";        ///< who /oauth/authorize signs in without fake_user
    };

    static const std::set<std::string>& allScopes();
    /// email personal daily heartrate workout tag session spo2 heart_health stress ring_configuration

    static constexpr const char* newPortalTokenPath = "/oauth/v2/ext/oauth-token";
    /// The second token path that keeps working in newPortalMode (NOTES §4, moi.ouraring.com).
    static constexpr const char* defaultUserName = "default";
    /// The user every fake has; Options::seed is its dataset's seed.

    FakeOuraServer();
    explicit FakeOuraServer(Options options);
    ~FakeOuraServer();
    FakeOuraServer(const FakeOuraServer&) = delete;
    FakeOuraServer& operator=(const FakeOuraServer&) = delete;

    void start();
    /// Binds 127.0.0.1:0 and starts serving. Called by the constructor; restarting after stop() is not
    /// supported.
    void stop();
    /// Stops accepting, wakes stalled handlers and aborts open connections. Idempotent.

    std::uint16_t port() const;
    std::string baseUrl() const; ///< "http://127.0.0.1:<port>"

    const Demo::DemoApi& api() const { return *_api; } ///< the default user's

    // ---- users ------------------------------------------------------------------------------------------
    std::string addUser(const std::string& name, std::uint64_t seed);
    /// Adds a fake user with its own dataset (or finds the one of that name) and returns its personal_info
    /// id. The name must be 1-64 characters of [A-Za-z0-9_.-]; throws std::invalid_argument otherwise.
    void setDefaultUser(const std::string& name);
    /// Who /oauth/authorize signs in when the request names no fake_user. Throws std::invalid_argument for a
    /// name that is not a user.
    std::string personalInfoId(const std::string& user = defaultUserName) const;
    /// The personal_info id the data routes give that user's tokens; "" for an unknown user.
    std::string userOfAccessToken(const std::string& token) const; ///< "" if unknown

    // ---- tokens -----------------------------------------------------------------------------------------
    void addAccessToken(const std::string& token, const std::set<std::string>& scopes = allScopes(),
                        const std::string& user = defaultUserName);
    /// Accepts token as a bearer token (e.g. a personal access token) with the given scopes; never expires.
    void addRefreshToken(const std::string& refreshToken, const std::set<std::string>& scopes = allScopes(),
                         const std::string& user = defaultUserName);
    /// Seeds a refresh token as if issued earlier (for tests that start from a stored token file).
    void expireAccessToken(const std::string& token);
    void expireAllAccessTokens();
    /// Later requests with these tokens get 401 (as after 24 h); refresh tokens stay valid.
    bool isAccessTokenValid(const std::string& token) const;
    std::string lastAccessToken() const; ///< the most recently issued by /oauth/token ("" if none)
    std::string lastRefreshToken() const;

    // ---- faults -----------------------------------------------------------------------------------------
    void script(const std::string& pathPrefix, std::vector<ScriptedResponse> responses);
    /// Queues responses for requests whose path starts with pathPrefix; each matching request consumes one,
    /// before any auth check. Several prefixes may be queued; the longest matching prefix wins.
    void clearScripts();
    std::size_t pendingScripts() const;
    void setLatencyMs(int latencyMs);
    void setNewPortalMode(bool on);
    void setMissingScopeStatus(int status);
    void setMembershipExpired(bool expired);

    // ---- counters ---------------------------------------------------------------------------------------
    int requestCount(const std::string& path) const; ///< exact path, query excluded
    bool waitForRequests(const std::string& path, int count, std::chrono::milliseconds limit) const;
    /// Blocks until `count` requests to path have arrived (counted when they arrive, before any answer or
    /// stall); false if that did not happen within limit (a failure bound, not a delay).
    int requestCountWithPrefix(const std::string& prefix) const;
    int totalRequests() const;
    int refreshCount() const; ///< successful refresh_token grants
    int tokensIssued() const; ///< access tokens issued by /oauth/token (both grants)
    std::vector<RecordedRequest> requests() const;
    void resetCounters();

private:
    class Handler;
    class Factory;
    friend class Handler;

    struct Grant
    {
        std::set<std::string> scopes;
        std::chrono::steady_clock::time_point expires;
        bool revoked = false;
        std::string user = defaultUserName;
    };
    struct Code
    {
        std::string clientId;
        std::string redirectUri;
        std::set<std::string> scopes;
        std::chrono::steady_clock::time_point expires;
        std::string user = defaultUserName;
    };
    struct User
    {
        std::shared_ptr<const Demo::Dataset> dataset;
        std::unique_ptr<Demo::DemoApi> api;
    };

    bool takeScript(const std::string& path, ScriptedResponse& out);
    Oura::HttpResponse route(const RecordedRequest& request);
    Oura::HttpResponse authorize(const RecordedRequest& request);
    Oura::HttpResponse token(const RecordedRequest& request, bool newPortalPath);
    Oura::HttpResponse revoke(const RecordedRequest& request);
    Oura::HttpResponse data(const RecordedRequest& request);
    Oura::HttpResponse issue(const std::set<std::string>& scopes, const std::string& user);
    User makeUser(std::uint64_t seed) const;
    std::string randomToken(const char* prefix);
    bool waitOrStopped(int milliseconds);
    void record(const RecordedRequest& request);

    Options _options;
    Demo::DemoApi* _api = nullptr;      ///< the default user's (owned by _users)
    std::map<std::string, User> _users; ///< never shrinks, so a user's api may be used outside _mutex
    std::unique_ptr<Poco::ThreadPool> _pool;
    std::unique_ptr<Poco::Net::HTTPServer> _server;
    std::uint16_t _port = 0;

    mutable std::mutex _mutex;
    std::condition_variable _stopSignal;
    mutable std::condition_variable _recorded; ///< notified by record()
    bool _stopping = false;
    std::map<std::string, Grant> _accessTokens;
    std::map<std::string, Grant> _refreshTokens; // erased when used (single use, rotating)
    std::map<std::string, Code> _codes;
    std::map<std::string, std::vector<ScriptedResponse>> _scripts;
    std::map<std::string, int> _counts;
    std::vector<RecordedRequest> _requests;
    int _total = 0;
    int _refreshes = 0;
    int _issued = 0;
    std::uint64_t _tokenCounter = 0;
    std::string _lastAccess;
    std::string _lastRefresh;
};

} // namespace OuraMcp::Testing

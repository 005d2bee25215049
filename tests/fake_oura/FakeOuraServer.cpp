#include "FakeOuraServer.h"

#include "util/Json.h"

#include <Poco/Base64Decoder.h>
#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerRequestImpl.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/StreamCopier.h>
#include <Poco/String.h>
#include <Poco/ThreadPool.h>
#include <Poco/URI.h>

#include <algorithm>
#include <cctype>
#include <ctime>
#include <random>
#include <sstream>
#include <stdexcept>

namespace OuraMcp::Testing {

namespace {

Oura::HttpResponse jsonAnswer(int status, const Json& body)
{
    Oura::HttpResponse response;
    response.status = status;
    response.headers.emplace_back("Content-Type", "application/json");
    response.body = body.dump();
    return response;
}

Oura::HttpResponse oauthError(const std::string& error, const std::string& description, int status = 400)
{
    return jsonAnswer(status, Json{{"error", error}, {"error_description", description}});
}

const std::string* find(const Oura::QueryParams& params, const std::string& name)
{
    for (const auto& [key, value] : params)
        if (key == name)
            return &value;
    return nullptr;
}

std::string valueOf(const Oura::QueryParams& params, const std::string& name)
{
    const std::string* value = find(params, name);
    return value ? *value : std::string();
}

std::set<std::string> splitScopes(const std::string& text)
{
    std::set<std::string> scopes;
    std::string current;
    for (char c : text + " ")
    {
        if (c == ' ' || c == '+' || c == ',')
        {
            if (current.rfind("extapi:", 0) == 0)
                current = current.substr(7);
            if (!current.empty())
                scopes.insert(current);
            current.clear();
        }
        else
            current += c;
    }
    return scopes;
}

std::string joinScopes(const std::set<std::string>& scopes, const char* prefix)
{
    std::string out;
    for (const auto& scope : scopes)
        out += (out.empty() ? "" : " ") + std::string(prefix) + scope;
    return out;
}

} // namespace

// ---- ScriptedResponse
// ---------------------------------------------------------------------------------------

ScriptedResponse ScriptedResponse::respond(int status, const std::string& body, Oura::Headers headers)
{
    ScriptedResponse r;
    r.status = status;
    r.body = body;
    r.headers = std::move(headers);
    return r;
}

ScriptedResponse ScriptedResponse::rateLimited(int retryAfterSeconds)
{
    const auto reset = static_cast<long long>(std::time(nullptr)) + retryAfterSeconds;
    return respond(429, R"({"detail":"Too Many Requests"})",
                   {{"Retry-After", std::to_string(retryAfterSeconds)},
                    {"X-RateLimit-Limit", "5000"},
                    {"X-RateLimit-Window", "300"},
                    {"X-RateLimit-Reset", std::to_string(reset)},
                    {"X-RateLimit-Tier", "access_token"}});
}

ScriptedResponse ScriptedResponse::drop()
{
    ScriptedResponse r;
    r.action = Action::Drop;
    return r;
}

ScriptedResponse ScriptedResponse::truncated(const std::string& body)
{
    ScriptedResponse r;
    r.action = Action::Truncate;
    r.body = body;
    return r;
}

ScriptedResponse ScriptedResponse::stall(int delayMs)
{
    ScriptedResponse r;
    r.action = Action::Stall;
    r.status = 0;
    r.delayMs = delayMs;
    return r;
}

// ---- HTTP plumbing
// ------------------------------------------------------------------------------------------

class FakeOuraServer::Handler : public Poco::Net::HTTPRequestHandler
{
public:
    explicit Handler(FakeOuraServer& server) : _server(server) {}

    void handleRequest(Poco::Net::HTTPServerRequest& request,
                       Poco::Net::HTTPServerResponse& response) override
    {
        RecordedRequest recorded;
        recorded.method = request.getMethod();
        const Poco::URI uri(request.getURI());
        recorded.path = uri.getPath();
        recorded.query = uri.getQueryParameters();
        recorded.authorization = request.get("Authorization", "");
        Poco::StreamCopier::copyToString(request.stream(), recorded.body);
        _server.record(recorded);

        int latency = 0;
        {
            std::lock_guard<std::mutex> lock(_server._mutex);
            latency = _server._options.latencyMs;
        }
        if (latency > 0 && !_server.waitOrStopped(latency))
            return abort(request, response);

        ScriptedResponse script;
        if (_server.takeScript(recorded.path, script))
        {
            if (script.action != ScriptedResponse::Action::Stall && script.delayMs > 0 &&
                !_server.waitOrStopped(script.delayMs))
                return abort(request, response);
            switch (script.action)
            {
            case ScriptedResponse::Action::Drop:
                return abort(request, response);
            case ScriptedResponse::Action::Truncate:
            {
                response.setStatusAndReason(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(script.status));
                response.setContentType("application/json");
                response.setContentLength(static_cast<std::streamsize>(script.body.size() + 100));
                response.setKeepAlive(false);
                std::ostream& out = response.send();
                out << script.body;
                out.flush();
                return abort(request, response);
            }
            case ScriptedResponse::Action::Stall:
                if (!_server.waitOrStopped(script.delayMs))
                    return abort(request, response);
                if (script.status != 0)
                    return write(response, toHttp(script));
                break;
            case ScriptedResponse::Action::Respond:
                return write(response, toHttp(script));
            }
        }
        write(response, _server.route(recorded));
    }

private:
    static Oura::HttpResponse toHttp(const ScriptedResponse& script)
    {
        Oura::HttpResponse out;
        out.status = script.status;
        out.headers = script.headers;
        out.body = script.body;
        return out;
    }

    static void write(Poco::Net::HTTPServerResponse& response, const Oura::HttpResponse& answer)
    {
        response.setStatusAndReason(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(answer.status));
        bool typed = false;
        for (const auto& [name, value] : answer.headers)
        {
            if (Poco::icompare(name, "Content-Type") == 0)
            {
                response.setContentType(value);
                typed = true;
            }
            else
                response.set(name, value);
        }
        if (!typed && !answer.body.empty())
            response.setContentType("application/json");
        response.setContentLength(static_cast<std::streamsize>(answer.body.size()));
        std::ostream& out = response.send();
        out << answer.body;
        out.flush();
    }

    static void abort(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response)
    {
        // Close without (finishing) an answer: the client sees EOF where it expected bytes.
        response.setKeepAlive(false);
        try
        {
            auto& socket = static_cast<Poco::Net::HTTPServerRequestImpl&>(request).socket();
            socket.shutdown();
        }
        catch (const Poco::Exception&)
        {}
    }

    FakeOuraServer& _server;
};

class FakeOuraServer::Factory : public Poco::Net::HTTPRequestHandlerFactory
{
public:
    explicit Factory(FakeOuraServer& server) : _server(server) {}

    Poco::Net::HTTPRequestHandler* createRequestHandler(const Poco::Net::HTTPServerRequest&) override
    {
        return new Handler(_server);
    }

private:
    FakeOuraServer& _server;
};

// ---- lifecycle
// ----------------------------------------------------------------------------------------------

const std::set<std::string>& FakeOuraServer::allScopes()
{
    static const std::set<std::string> scopes{
        "email",   "personal", "daily",        "heartrate", "workout",           "tag",
        "session", "spo2",     "heart_health", "stress",    "ring_configuration"};
    return scopes;
}

FakeOuraServer::FakeOuraServer() : FakeOuraServer(Options()) {}

FakeOuraServer::FakeOuraServer(Options options) : _options(std::move(options))
{
    _users.emplace(defaultUserName, makeUser(_options.seed));
    _api = _users.at(defaultUserName).api.get();
    for (const auto& [name, seed] : _options.users)
        addUser(name, seed);
    setDefaultUser(_options.defaultUser);
    start();
}

FakeOuraServer::User FakeOuraServer::makeUser(std::uint64_t seed) const
{
    User user;
    user.dataset = _options.today.empty()
                       ? std::make_shared<const Demo::Dataset>(Demo::Dataset::forCurrentTime(seed))
                       : std::make_shared<const Demo::Dataset>(_options.today, seed, _options.nowUtc);
    user.api = std::make_unique<Demo::DemoApi>(user.dataset, _options.api);
    return user;
}

FakeOuraServer::~FakeOuraServer()
{
    stop();
}

void FakeOuraServer::start()
{
    if (_server)
        return;
    Poco::Net::ServerSocket socket(Poco::Net::SocketAddress("127.0.0.1", 0));
    Poco::Net::HTTPServerParams::Ptr params = new Poco::Net::HTTPServerParams;
    params->setKeepAlive(true);
    params->setMaxQueued(64);
    params->setMaxThreads(32);
    params->setTimeout(Poco::Timespan(30, 0));
    _pool = std::make_unique<Poco::ThreadPool>(2, 32);
    _server = std::make_unique<Poco::Net::HTTPServer>(new Factory(*this), *_pool, socket, params);
    _server->start();
    _port = socket.address().port();
}

void FakeOuraServer::stop()
{
    {
        std::lock_guard<std::mutex> lock(_mutex);
        if (_stopping)
            return;
        _stopping = true;
    }
    _stopSignal.notify_all();
    if (_server)
        _server->stopAll(true);
    if (_pool)
        _pool->joinAll();
}

std::uint16_t FakeOuraServer::port() const
{
    return _port;
}

std::string FakeOuraServer::baseUrl() const
{
    return "http://127.0.0.1:" + std::to_string(_port);
}

bool FakeOuraServer::waitOrStopped(int milliseconds)
{
    std::unique_lock<std::mutex> lock(_mutex);
    return !_stopSignal.wait_for(lock, std::chrono::milliseconds(milliseconds), [this] { return _stopping; });
}

// ---- users
// --------------------------------------------------------------------------------------------------

std::string FakeOuraServer::addUser(const std::string& name, std::uint64_t seed)
{
    const bool wellFormed =
        !name.empty() && name.size() <= 64 && std::all_of(name.begin(), name.end(), [](char c) {
            return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.' || c == '-';
        });
    if (!wellFormed)
        throw std::invalid_argument("a fake user's name must be 1-64 characters of [A-Za-z0-9_.-]");
    {
        std::lock_guard<std::mutex> lock(_mutex);
        if (_users.count(name) == 0)
            _users.emplace(name, makeUser(seed));
    }
    return personalInfoId(name);
}

void FakeOuraServer::setDefaultUser(const std::string& name)
{
    std::lock_guard<std::mutex> lock(_mutex);
    if (_users.count(name) == 0)
        throw std::invalid_argument("there is no fake user named " + name);
    _options.defaultUser = name;
}

std::string FakeOuraServer::personalInfoId(const std::string& user) const
{
    std::lock_guard<std::mutex> lock(_mutex);
    const auto it = _users.find(user);
    return it == _users.end() ? std::string()
                              : it->second.dataset->personalInfo().at("id").get<std::string>();
}

std::string FakeOuraServer::userOfAccessToken(const std::string& token) const
{
    std::lock_guard<std::mutex> lock(_mutex);
    const auto it = _accessTokens.find(token);
    return it == _accessTokens.end() ? std::string() : it->second.user;
}

// ---- tokens
// -------------------------------------------------------------------------------------------------

void FakeOuraServer::addAccessToken(const std::string& token, const std::set<std::string>& scopes,
                                    const std::string& user)
{
    std::lock_guard<std::mutex> lock(_mutex);
    _accessTokens[token] = Grant{scopes, std::chrono::steady_clock::time_point::max(), false, user};
}

void FakeOuraServer::addRefreshToken(const std::string& refreshToken, const std::set<std::string>& scopes,
                                     const std::string& user)
{
    std::lock_guard<std::mutex> lock(_mutex);
    _refreshTokens[refreshToken] = Grant{scopes, std::chrono::steady_clock::time_point::max(), false, user};
}

void FakeOuraServer::expireAccessToken(const std::string& token)
{
    std::lock_guard<std::mutex> lock(_mutex);
    const auto it = _accessTokens.find(token);
    if (it != _accessTokens.end())
        it->second.expires = std::chrono::steady_clock::now() - std::chrono::seconds(1);
}

void FakeOuraServer::expireAllAccessTokens()
{
    std::lock_guard<std::mutex> lock(_mutex);
    for (auto& [token, grant] : _accessTokens)
        grant.expires = std::chrono::steady_clock::now() - std::chrono::seconds(1);
}

bool FakeOuraServer::isAccessTokenValid(const std::string& token) const
{
    std::lock_guard<std::mutex> lock(_mutex);
    const auto it = _accessTokens.find(token);
    return it != _accessTokens.end() && !it->second.revoked &&
           std::chrono::steady_clock::now() < it->second.expires;
}

std::string FakeOuraServer::lastAccessToken() const
{
    std::lock_guard<std::mutex> lock(_mutex);
    return _lastAccess;
}

std::string FakeOuraServer::lastRefreshToken() const
{
    std::lock_guard<std::mutex> lock(_mutex);
    return _lastRefresh;
}

std::string FakeOuraServer::randomToken(const char* prefix)
{
    // Caller holds _mutex.
    static std::mt19937_64 engine{std::random_device{}()};
    std::ostringstream out;
    out << prefix << ++_tokenCounter << '_' << std::hex << engine() << engine();
    return out.str();
}

// ---- faults and counters
// ------------------------------------------------------------------------------------

void FakeOuraServer::script(const std::string& pathPrefix, std::vector<ScriptedResponse> responses)
{
    std::lock_guard<std::mutex> lock(_mutex);
    auto& queue = _scripts[pathPrefix];
    queue.insert(queue.end(), responses.begin(), responses.end());
}

void FakeOuraServer::clearScripts()
{
    std::lock_guard<std::mutex> lock(_mutex);
    _scripts.clear();
}

std::size_t FakeOuraServer::pendingScripts() const
{
    std::lock_guard<std::mutex> lock(_mutex);
    std::size_t n = 0;
    for (const auto& [prefix, queue] : _scripts)
        n += queue.size();
    return n;
}

bool FakeOuraServer::takeScript(const std::string& path, ScriptedResponse& out)
{
    std::lock_guard<std::mutex> lock(_mutex);
    std::vector<ScriptedResponse>* best = nullptr;
    std::size_t bestLength = 0;
    for (auto& [prefix, queue] : _scripts)
    {
        if (!queue.empty() && path.rfind(prefix, 0) == 0 && (best == nullptr || prefix.size() > bestLength))
        {
            best = &queue;
            bestLength = prefix.size();
        }
    }
    if (!best)
        return false;
    out = best->front();
    best->erase(best->begin());
    return true;
}

void FakeOuraServer::setLatencyMs(int latencyMs)
{
    std::lock_guard<std::mutex> lock(_mutex);
    _options.latencyMs = latencyMs;
}

void FakeOuraServer::setNewPortalMode(bool on)
{
    std::lock_guard<std::mutex> lock(_mutex);
    _options.newPortalMode = on;
}

void FakeOuraServer::setMissingScopeStatus(int status)
{
    std::lock_guard<std::mutex> lock(_mutex);
    _options.missingScopeStatus = status;
}

void FakeOuraServer::setMembershipExpired(bool expired)
{
    std::lock_guard<std::mutex> lock(_mutex);
    _options.membershipExpired = expired;
}

void FakeOuraServer::record(const RecordedRequest& request)
{
    std::lock_guard<std::mutex> lock(_mutex);
    ++_counts[request.path];
    ++_total;
    _requests.push_back(request);
    _recorded.notify_all();
}

bool FakeOuraServer::waitForRequests(const std::string& path, int count,
                                     std::chrono::milliseconds limit) const
{
    std::unique_lock<std::mutex> lock(_mutex);
    return _recorded.wait_for(lock, limit, [&] {
        const auto it = _counts.find(path);
        return it != _counts.end() && it->second >= count;
    });
}

int FakeOuraServer::requestCount(const std::string& path) const
{
    std::lock_guard<std::mutex> lock(_mutex);
    const auto it = _counts.find(path);
    return it == _counts.end() ? 0 : it->second;
}

int FakeOuraServer::requestCountWithPrefix(const std::string& prefix) const
{
    std::lock_guard<std::mutex> lock(_mutex);
    int n = 0;
    for (const auto& [path, count] : _counts)
        if (path.rfind(prefix, 0) == 0)
            n += count;
    return n;
}

int FakeOuraServer::totalRequests() const
{
    std::lock_guard<std::mutex> lock(_mutex);
    return _total;
}

int FakeOuraServer::refreshCount() const
{
    std::lock_guard<std::mutex> lock(_mutex);
    return _refreshes;
}

int FakeOuraServer::tokensIssued() const
{
    std::lock_guard<std::mutex> lock(_mutex);
    return _issued;
}

std::vector<RecordedRequest> FakeOuraServer::requests() const
{
    std::lock_guard<std::mutex> lock(_mutex);
    return _requests;
}

void FakeOuraServer::resetCounters()
{
    std::lock_guard<std::mutex> lock(_mutex);
    _counts.clear();
    _requests.clear();
    _total = 0;
    _refreshes = 0;
    _issued = 0;
}

// ---- routes
// -------------------------------------------------------------------------------------------------

Oura::HttpResponse FakeOuraServer::route(const RecordedRequest& request)
{
    if (request.path == "/oauth/authorize")
        return authorize(request);
    if (request.path == "/oauth/token")
        return token(request, false);
    if (request.path == newPortalTokenPath)
        return token(request, true);
    if (request.path == "/oauth/revoke")
        return revoke(request);
    return data(request);
}

Oura::HttpResponse FakeOuraServer::authorize(const RecordedRequest& request)
{
    const auto& q = request.query;
    std::lock_guard<std::mutex> lock(_mutex);
    if (valueOf(q, "client_id") != _options.clientId)
        return oauthError("invalid_client", "Unknown client_id.");
    const std::string redirect = valueOf(q, "redirect_uri");
    if (redirect.empty() || (!_options.redirectUri.empty() && redirect != _options.redirectUri))
        return oauthError("invalid_redirect_uri", "redirect_uri does not match a registered URI.");

    const std::string* named = find(q, "fake_user");
    const std::string user = named ? *named : _options.defaultUser;
    if (_users.count(user) == 0)
        return oauthError("invalid_request", "fake_user names no fake user.");

    Poco::URI target(redirect);
    const std::string* state = find(q, "state");
    if (valueOf(q, "response_type") != "code" || _options.denyConsent)
    {
        target.addQueryParameter("error",
                                 _options.denyConsent ? "access_denied" : "unsupported_response_type");
        if (state)
            target.addQueryParameter("state", *state);
    }
    else
    {
        const std::string* requested = find(q, "scope");
        std::set<std::string> scopes = requested ? splitScopes(*requested) : allScopes();
        const std::set<std::string>& consent =
            _options.consentScopes.empty() ? allScopes() : _options.consentScopes;
        std::set<std::string> granted;
        for (const auto& scope : scopes)
            if (consent.count(scope) && allScopes().count(scope))
                granted.insert(scope);
        const std::string code = randomToken("fake_code_");
        _codes[code] = Code{_options.clientId, redirect, granted,
                            std::chrono::steady_clock::now() + std::chrono::minutes(10), user};
        target.addQueryParameter("code", code);
        target.addQueryParameter("scope", joinScopes(granted, ""));
        if (state)
            target.addQueryParameter("state", *state);
    }
    Oura::HttpResponse response;
    response.status = 302;
    response.headers.emplace_back("Location", target.toString());
    return response;
}

Oura::HttpResponse FakeOuraServer::token(const RecordedRequest& request, bool newPortalPath)
{
    if (Poco::toUpper(request.method) != "POST")
        return jsonAnswer(405, Json{{"detail", "Method Not Allowed"}});
    Oura::QueryParams form = Poco::URI("http://x/?" + request.body).getQueryParameters();
    std::string clientId = valueOf(form, "client_id");
    std::string clientSecret = valueOf(form, "client_secret");
    if (Poco::icompare(request.authorization.substr(0, 6), "Basic ") == 0)
    {
        std::istringstream encoded(request.authorization.substr(6));
        Poco::Base64Decoder decoder(encoded);
        std::string pair;
        Poco::StreamCopier::copyToString(decoder, pair);
        const auto colon = pair.find(':');
        if (colon != std::string::npos)
        {
            clientId = pair.substr(0, colon);
            clientSecret = pair.substr(colon + 1);
        }
    }

    std::lock_guard<std::mutex> lock(_mutex);
    const std::string grantType = valueOf(form, "grant_type");
    if (_options.newPortalMode && !newPortalPath && grantType == "refresh_token")
        return oauthError("invalid_request", "Invalid request");
    if (clientId != _options.clientId || clientSecret != _options.clientSecret)
        return oauthError("invalid_client", "Client authentication failed.");
    if (grantType == "authorization_code")
    {
        const auto it = _codes.find(valueOf(form, "code"));
        if (it == _codes.end() || std::chrono::steady_clock::now() > it->second.expires)
            return oauthError("invalid_grant", "Authorization code is invalid, expired or already used.");
        const Code code = it->second;
        _codes.erase(it); // single use
        if (code.redirectUri != valueOf(form, "redirect_uri"))
            return oauthError("invalid_grant", "redirect_uri does not match the authorization request.");
        return issue(code.scopes, code.user);
    }
    if (grantType == "refresh_token")
    {
        const auto it = _refreshTokens.find(valueOf(form, "refresh_token"));
        if (it == _refreshTokens.end())
            return oauthError("invalid_grant", "Token already used or revoked.");
        const Grant used = it->second;
        _refreshTokens.erase(it); // rotating: the old refresh token dies now
        ++_refreshes;
        return issue(used.scopes, used.user);
    }
    return oauthError("unsupported_grant_type", "grant_type must be authorization_code or refresh_token.");
}

Oura::HttpResponse FakeOuraServer::issue(const std::set<std::string>& scopes, const std::string& user)
{
    // Caller holds _mutex.
    const std::string access = randomToken("fake_at_");
    const std::string refresh = randomToken("fake_rt_");
    _accessTokens[access] =
        Grant{scopes, std::chrono::steady_clock::now() + std::chrono::seconds(_options.accessTokenLifetime),
              false, user};
    _refreshTokens[refresh] = Grant{scopes, std::chrono::steady_clock::time_point::max(), false, user};
    _lastAccess = access;
    _lastRefresh = refresh;
    ++_issued;
    return jsonAnswer(200, Json{{"token_type", "bearer"},
                                {"access_token", access},
                                {"expires_in", _options.accessTokenLifetime},
                                {"refresh_token", refresh},
                                {"scope", joinScopes(scopes, "extapi:")}});
}

Oura::HttpResponse FakeOuraServer::revoke(const RecordedRequest& request)
{
    Oura::QueryParams params = request.query;
    if (!request.body.empty())
        for (const auto& pair : Poco::URI("http://x/?" + request.body).getQueryParameters())
            params.push_back(pair);
    std::string token = valueOf(params, "access_token");
    if (token.empty())
        token = valueOf(params, "token");
    if (token.empty())
        return oauthError("invalid_request", "access_token is required.");
    std::lock_guard<std::mutex> lock(_mutex);
    const auto it = _accessTokens.find(token);
    if (it != _accessTokens.end())
        it->second.revoked = true;
    Oura::HttpResponse response;
    response.status = 200;
    return response;
}

Oura::HttpResponse FakeOuraServer::data(const RecordedRequest& request)
{
    std::string collection;
    std::string documentId;
    bool sandbox = false;
    if (!Demo::DemoApi::parseRoute(request.path, collection, documentId, sandbox))
        return jsonAnswer(404, Json{{"detail", "Not Found"}});

    Oura::HttpRequest forward;
    forward.method = request.method;
    forward.path = request.path;
    forward.query = request.query;
    if (sandbox)
        return _api->handle(forward); // the live sandbox needs no credentials (NOTES §8)

    std::set<std::string> scopes;
    Demo::DemoApi* api = nullptr;
    {
        const std::string& header = request.authorization;
        if (header.empty() || Poco::icompare(header.substr(0, 7), "Bearer ") != 0)
            return jsonAnswer(401, Json{{"detail", "Not authenticated: a bearer token is required."}});
        const std::string bearer = Poco::trim(header.substr(7));
        std::lock_guard<std::mutex> lock(_mutex);
        const auto it = _accessTokens.find(bearer);
        if (it == _accessTokens.end() || it->second.revoked ||
            std::chrono::steady_clock::now() >= it->second.expires)
            return jsonAnswer(401, Json{{"detail", "Invalid or expired authentication token."}});
        scopes = it->second.scopes;
        const auto user = _users.find(it->second.user);
        if (user == _users.end())
            return jsonAnswer(401, Json{{"detail", "Invalid or expired authentication token."}});
        api = user->second.api.get();
        if (_options.membershipExpired)
            return jsonAnswer(403, Json{{"detail", "The user's Oura membership has expired."}});

        const std::string required = Demo::DemoApi::requiredScope(collection);
        bool allowed = required.empty() || scopes.count(required) > 0;
        if (!allowed && !_options.strictUnlistedScopes &&
            (required == "stress" || required == "ring_configuration"))
            allowed = scopes.count("daily") > 0;
        if (_options.enforceScopes && !allowed)
            return jsonAnswer(
                _options.missingScopeStatus,
                Json{{"detail", "The access token lacks the scope this route requires (" + required + ")."}});
    }

    Oura::HttpResponse response = api->handle(forward);
    if (collection == "personal_info" && response.status == 200 && _options.enforceScopes)
    {
        // Any token may read the id; the rest needs "personal" / "email" (NOTES §4).
        Json info = Json::parse(response.body);
        if (!scopes.count("personal"))
            for (const char* key : {"age", "weight", "height", "biological_sex"})
                info[key] = nullptr;
        if (!scopes.count("email"))
            info["email"] = nullptr;
        response.body = info.dump();
    }
    return response;
}

} // namespace OuraMcp::Testing

#include "oura/ApiClient.h"

#include "oura/CancellableWait.h"
#include "util/Json.h"
#include "util/Log.h"

#include <Poco/DateTimeFormatter.h>
#include <Poco/Timestamp.h>

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <random>
#include <set>
#include <stdexcept>

namespace OuraMcp::Oura {

namespace {

const char* const kComponent = "oura";

ApiResponse failure(ApiError error, int status, std::string message)
{
    ApiResponse r;
    r.error = error;
    r.httpStatus = status;
    r.message = std::move(message);
    return r;
}

/// Oura's error text: `detail` as a string, or a 422 list of {msg, loc}; RFC 7807 `title` and OAuth
/// `error_description` as fallbacks. "" if the body says nothing readable.
std::string detailOf(const std::string& body)
{
    Json json = Json::parse(body, nullptr, false);
    if (json.is_discarded() || !json.is_object())
        return {};
    std::string text;
    const auto it = json.find("detail");
    if (it != json.end() && it->is_string())
    {
        text = it->get<std::string>();
    }
    else if (it != json.end() && it->is_array())
    {
        for (const auto& item : *it)
        {
            std::string one;
            if (item.is_object())
            {
                if (item.contains("msg") && item["msg"].is_string())
                    one = item["msg"].get<std::string>();
                if (item.contains("loc") && item["loc"].is_array())
                {
                    std::string loc;
                    for (const auto& part : item["loc"])
                    {
                        if (!loc.empty())
                            loc += '.';
                        loc += part.is_string() ? part.get<std::string>() : part.dump();
                    }
                    if (!loc.empty())
                        one += (one.empty() ? "" : " ") + std::string("(at ") + loc + ")";
                }
            }
            else if (item.is_string())
            {
                one = item.get<std::string>();
            }
            if (!one.empty())
                text += (text.empty() ? "" : "; ") + one;
        }
    }
    else if (json.contains("title") && json["title"].is_string())
    {
        text = json["title"].get<std::string>();
    }
    else if (json.contains("error_description") && json["error_description"].is_string())
    {
        text = json["error_description"].get<std::string>();
    }
    if (text.size() > 400)
        text = text.substr(0, 400) + "...";
    return text;
}

std::string withDetail(const std::string& detail)
{
    return detail.empty() ? std::string() : ": \"" + detail + "\"";
}

std::optional<long long> parseSeconds(const std::string& text)
{
    if (text.empty() || text.size() > 12)
        return std::nullopt;
    for (char c : text)
    {
        if (c < '0' || c > '9')
            return std::nullopt;
    }
    return std::stoll(text);
}

std::string secondsText(long long seconds)
{
    return std::to_string(seconds) + (seconds == 1 ? " second" : " seconds");
}

std::string utcClock(std::chrono::system_clock::time_point t)
{
    return Poco::DateTimeFormatter::format(
        Poco::Timestamp::fromEpochTime(std::chrono::system_clock::to_time_t(t)), "%H:%M:%S UTC");
}

std::string scrub(std::string message, const std::string& token)
{
    if (!token.empty())
    {
        for (auto pos = message.find(token); pos != std::string::npos; pos = message.find(token))
            message.replace(pos, token.size(), "[redacted]");
    }
    return Util::Log::redact(std::move(message));
}

} // namespace

ApiClient::ApiClient(std::shared_ptr<Transport> transport, std::shared_ptr<TokenProvider> tokens,
                     std::shared_ptr<RateLimiter> limiter, std::shared_ptr<ResponseCache> cache,
                     ApiClientOptions options)
    : _transport(std::move(transport)), _tokens(std::move(tokens)), _limiter(std::move(limiter)),
      _cache(std::move(cache)), _options(std::move(options))
{
    if (!_transport)
        throw std::invalid_argument("ApiClient needs a transport");
    _options.maxAttempts = std::max(1, _options.maxAttempts);
    _options.maxPages = std::max(1, _options.maxPages);
    _options.maxRateLimitRetries = std::max(0, _options.maxRateLimitRetries);
}

std::string ApiClient::describe() const
{
    return _transport->describe() + (_tokens ? " (OAuth)" : " (no credentials)");
}

std::chrono::system_clock::time_point ApiClient::now() const
{
    return _options.now ? _options.now() : std::chrono::system_clock::now();
}

bool ApiClient::waitFor(std::chrono::milliseconds duration, const CallControl& control) const
{
    if (_options.wait)
        return _options.wait(duration, control);
    return CancellableWait::waitFor(duration, control);
}

std::chrono::milliseconds ApiClient::backoff(int retry) const
{
    // Full exponential delay with 50-100% jitter, so parallel callers that failed together do not return
    // together.
    thread_local std::mt19937 rng{std::random_device{}()};
    const long long base = _options.backoffBase.count();
    long long delay = base;
    for (int i = 1; i < retry && delay < _options.backoffMax.count(); ++i)
        delay *= 2;
    delay = std::min<long long>(delay, _options.backoffMax.count());
    std::uniform_int_distribution<long long> jitter(delay / 2, std::max<long long>(delay / 2, delay));
    return std::chrono::milliseconds(jitter(rng));
}

ApiResponse ApiClient::cached(const std::string& key, std::chrono::milliseconds ttl,
                              const CallControl& control, const std::function<ApiResponse()>& fetch)
{
    if (!_cache)
        return fetch();
    return _cache->getOrFetch(key, ttl, fetch, control);
}

ApiResponse ApiClient::get(const std::string& path, const QueryParams& query, const CallControl& control,
                           std::chrono::milliseconds cacheTtl)
{
    return cached(ResponseCache::makeKey(path, query) + "#page", cacheTtl, control,
                  [&] { return fetchPage(path, query, control, {}); });
}

ApiResponse ApiClient::getAllPages(const std::string& path, const QueryParams& query,
                                   const CallControl& control, std::chrono::milliseconds cacheTtl,
                                   const std::string& documentKey)
{
    // The key is part of the cache key: the stored index locates that member.
    return cached(ResponseCache::makeKey(path, query) + "#all:" + documentKey, cacheTtl, control,
                  [&] { return fetchAll(path, query, control, documentKey); });
}

ApiResponse ApiClient::fetchAll(const std::string& path, const QueryParams& query, const CallControl& control,
                                const std::string& documentKey)
{
    ApiResponse first = fetchPage(path, query, control, documentKey);
    if (!first.ok() || !first.index->hasData())
        return first; // a failure, or a bare object (personal_info, a single document): nothing to follow
    const auto ends = [](const PageIndex& index, const Body& body) {
        using Kind = PageIndex::NextToken;
        return index.nextTokenKind() == Kind::Absent || index.nextTokenKind() == Kind::Null ||
               (index.nextTokenKind() == Kind::String && index.nextToken(body.view()).empty());
    };
    if (ends(*first.index, first.body) && first.index->onlyDataAndNextToken())
    {
        if (control.progress)
            control.progress(1, 0, "Fetched page 1 of " + path);
        return first; // already {"data":[...],"next_token":null}: the body as read, shared, not rewritten
    }

    // Several pages (or one with more members): their documents' bytes, one after another. Only the
    // bytes are copied; nothing is parsed into a tree or serialised again.
    std::string merged = "{\"data\":[";
    std::vector<PageIndex::Document> documents;
    std::set<std::string> seen;
    int pages = 0;
    ApiResponse page = std::move(first);
    while (true)
    {
        ++pages;
        const std::string& text = page.body.str();
        for (const auto& doc : page.index->documents())
        {
            if (!documents.empty())
                merged += ',';
            const auto at = static_cast<std::uint32_t>(merged.size());
            PageIndex::Document moved = doc;
            moved.begin = at;
            moved.end = at + (doc.end - doc.begin);
            if (doc.hasKey)
            {
                moved.keyBegin = at + (doc.keyBegin - doc.begin);
                moved.keyEnd = at + (doc.keyEnd - doc.begin);
            }
            merged.append(text, doc.begin, doc.end - doc.begin);
            documents.push_back(moved);
        }
        if (control.progress)
            control.progress(pages, 0, "Fetched page " + std::to_string(pages) + " of " + path);

        if (ends(*page.index, page.body))
            break;
        if (page.index->nextTokenKind() != PageIndex::NextToken::String)
            return failure(ApiError::Upstream, page.httpStatus,
                           "Oura sent a malformed answer for " + path + ": next_token is not a string.");
        const std::string token = page.index->nextToken(text);
        if (!seen.insert(token).second)
            return failure(ApiError::Upstream, page.httpStatus,
                           "Oura's pagination for " + path + " repeated a next_token after " +
                               std::to_string(pages) +
                               " pages (a cycle); stopped instead of looping. Try a shorter date range.");
        if (pages >= _options.maxPages)
            return failure(ApiError::Upstream, page.httpStatus,
                           "The answer for " + path + " has more than " + std::to_string(_options.maxPages) +
                               " pages, the most this server fetches for one request; nothing was returned "
                               "rather than a partial answer. Ask for a shorter date range.");
        if (CancellableWait::isCancelled(control))
            return failure(ApiError::Cancelled, 0, "The request was cancelled.");

        // The token alone: Oura ignores (or rejects) the original filters once a token is present.
        ApiResponse next = fetchPage(path, {{"next_token", token}}, control, documentKey);
        if (!next.ok())
            return next;
        if (!next.index->hasData())
            return failure(ApiError::Upstream, next.httpStatus,
                           "Oura sent a malformed answer for " + path + " (page " +
                               std::to_string(pages + 1) + " has no data array).");
        page = std::move(next);
    }

    merged += "],\"next_token\":null}";
    ApiResponse out;
    out.httpStatus = page.httpStatus;
    out.body = std::move(merged);
    out.index = std::make_shared<const PageIndex>(PageIndex::ofPage(std::move(documents)));
    return out;
}

ApiResponse ApiClient::fetchPage(const std::string& path, const QueryParams& query,
                                 const CallControl& control, const std::string& documentKey)
{
    std::string token;
    if (_tokens)
    {
        token = _tokens->accessToken();
        if (token.empty())
            return failure(ApiError::AuthRequired, 0, scrub(_tokens->loginHint(), token));
    }
    const std::string scope = control.requiredScope;

    bool refreshed = false;
    int failures = 0;  // 5xx and network errors so far
    int rateWaits = 0; // 429s waited out so far
    std::string lastProblem;
    int lastStatus = 0;

    while (true)
    {
        if (CancellableWait::isCancelled(control))
            return failure(ApiError::Cancelled, lastStatus, "The request was cancelled.");
        if (_limiter)
        {
            auto slot = _limiter->acquire(control);
            if (!slot.ok())
                return failure(slot.error, lastStatus, slot.message);
        }

        HttpRequest request;
        request.path = path;
        request.query = query;
        if (!token.empty())
            request.headers.emplace_back("Authorization", "Bearer " + token);
        request.cancelled = control.cancelled;
        const HttpResponse response = _transport->send(request);
        lastStatus = response.status;
        const int status = response.status;

        if (status >= 200 && status < 300)
        {
            // Checked and indexed in one pass without building a document (30 days of heart rate are
            // 14,000 JSON objects): the service trims, merges and rewrites by the index, and the plugin is
            // lent these very bytes.
            auto index = std::make_shared<PageIndex>();
            if (!PageIndex::scan(response.body.view(), documentKey, *index))
                return failure(ApiError::Upstream, status,
                               "Oura sent a malformed answer for " + path + " (HTTP " +
                                   std::to_string(status) + " but the body is not JSON). Try again later.");
            ApiResponse ok;
            ok.httpStatus = status;
            ok.body = response.body; // shared, not copied
            ok.index = std::move(index);
            return ok;
        }

        if (status == 0 || status >= 500)
        {
            ++failures;
            lastProblem = status == 0 ? "no complete answer from Oura (" + response.networkError + ")"
                                      : "Oura's service answered HTTP " + std::to_string(status) +
                                            withDetail(detailOf(response.body));
            if (failures < _options.maxAttempts)
            {
                Util::Log::info(kComponent, path + ": " + scrub(lastProblem, token) + "; retrying");
                if (!waitFor(backoff(failures), control))
                    return failure(ApiError::Cancelled, status, "The request was cancelled.");
            }
            else
            {
                return failure(ApiError::Upstream, status,
                               scrub("The Oura API request for " + path + " failed after " +
                                         std::to_string(failures) + " attempts: " + lastProblem +
                                         ". Try again in a few minutes.",
                                     token));
            }
        }
        else if (status == 401)
        {
            if (!_tokens)
                return failure(
                    ApiError::AuthRequired, status,
                    "Oura answered HTTP 401 (not authenticated) for " + path +
                        "; this mode sends no credentials. Sign in with `oura-mcp auth login` and run "
                        "without the sandbox/demo option.");
            if (!refreshed)
            {
                refreshed = true;
                if (_tokens->refreshAfterUnauthorized(token))
                {
                    token = _tokens->accessToken();
                    if (token.empty())
                        return failure(ApiError::AuthRequired, status, scrub(_tokens->loginHint(), token));
                }
                else
                {
                    const std::string hint = _tokens->loginHint();
                    std::string message =
                        "Oura rejected the credentials (HTTP 401) and they could not be refreshed. " + hint;
                    // Permission advice only goes with a new sign-in, not with a renewal that failed for
                    // a passing reason (token endpoint down).
                    if (!scope.empty() && hint.find("auth login") != std::string::npos)
                        message += " When signing in, grant the '" + scope +
                                   "' permission (Oura may report a missing permission as 401).";
                    return failure(ApiError::AuthRequired, status, scrub(message, token));
                }
            }
            else
            {
                std::string message =
                    "Oura rejected the credentials (HTTP 401) even after refreshing them; run "
                    "`oura-mcp auth login` to sign in again";
                if (!scope.empty())
                    message += " and grant the '" + scope +
                               "' permission (Oura may report a missing "
                               "permission as 401)";
                return failure(ApiError::AuthRequired, status, scrub(message + ".", token));
            }
        }
        else if (status == 403)
        {
            std::string message =
                "Oura refused access to " + path + " (HTTP 403" + withDetail(detailOf(response.body)) + "). ";
            if (!scope.empty())
                message += "The sign-in may lack the '" + scope +
                           "' permission: run `oura-mcp auth login` again and allow it. ";
            else
                message +=
                    "The sign-in may lack a permission this data needs: run `oura-mcp auth login` again "
                    "and allow it. ";
            message += "Otherwise the Oura membership may have lapsed (Gen3 and newer rings need an active "
                       "membership for API access).";
            return failure(ApiError::Forbidden, status, scrub(message, token));
        }
        else if (status == 426)
        {
            return failure(
                ApiError::Forbidden, status,
                "Oura will not share this data (HTTP 426) because the Oura app on the phone is older "
                "than this data type requires: update the Oura app, open it to sync, then try again.");
        }
        else if (status == 400 || status == 422)
        {
            const std::string detail = detailOf(response.body);
            return failure(ApiError::InvalidArgument, status,
                           scrub("Oura rejected the request to " + path + " (HTTP " + std::to_string(status) +
                                     ")" + (detail.empty() ? std::string(".") : ": " + detail),
                                 token));
        }
        else if (status == 404)
        {
            const std::string detail = detailOf(response.body);
            return failure(
                ApiError::NotFound, status,
                scrub("Oura has nothing at " + path + " (HTTP 404" + withDetail(detail) + ").", token));
        }
        else if (status == 429)
        {
            std::optional<long long> waitSeconds = parseSeconds(response.header("Retry-After"));
            if (!waitSeconds)
            {
                if (auto reset = parseSeconds(response.header("X-RateLimit-Reset")))
                {
                    const long long nowSeconds =
                        std::chrono::duration_cast<std::chrono::seconds>(now().time_since_epoch()).count();
                    waitSeconds = std::max<long long>(0, *reset - nowSeconds);
                }
            }
            if (waitSeconds && *waitSeconds <= _options.maxRetryAfter.count() &&
                rateWaits < _options.maxRateLimitRetries)
            {
                ++rateWaits;
                Util::Log::info(kComponent, path + ": Oura asked to wait " + std::to_string(*waitSeconds) +
                                                " s (HTTP 429); waiting");
                if (!waitFor(std::chrono::seconds(std::max<long long>(*waitSeconds, 1)), control))
                    return failure(ApiError::Cancelled, status, "The request was cancelled.");
            }
            else
            {
                std::string message = "Oura's rate limit was reached (HTTP 429";
                const std::string tier = response.header("X-RateLimit-Tier");
                if (!tier.empty())
                    message += ", " + tier + " limit";
                message += "); ";
                if (waitSeconds)
                    message += "try again in about " + secondsText(std::max<long long>(*waitSeconds, 1)) +
                               " (after " + utcClock(now() + std::chrono::seconds(*waitSeconds)) + ").";
                else
                    message += "try again in a few minutes (Oura allows 5000 requests per 5 minutes).";
                return failure(ApiError::RateLimited, status, scrub(message, token));
            }
        }
        else
        {
            return failure(ApiError::Upstream, status,
                           scrub("Oura answered HTTP " + std::to_string(status) + " for " + path +
                                     withDetail(detailOf(response.body)) +
                                     ", which this server does not expect.",
                                 token));
        }
    }
}

} // namespace OuraMcp::Oura

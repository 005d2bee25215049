#include "loader/HostApi.h"

#include "loader/PluginHandles.h"
#include "loader/Registrar.h"
#include "loader/StructSize.h"
#include "util/Log.h"
#include "util/Utf8.h"

#include <Poco/LocalDateTime.h>

#include <chrono>
#include <cmath>
#include <cstring>
#include <ctime>

namespace OuraMcp::Loader {

namespace {

using Util::Log;

constexpr std::size_t kMaxConfigKey = 256;

std::string componentOf(const omcp_host* host)
{
    return host != nullptr ? "plugin:" + host->id : std::string("plugin");
}

bool usableHost(const omcp_host* host)
{
    return host != nullptr && host->phase.load() != Phase::ShutDown;
}

/// Registration and set_error are for init only; anything else is a plugin bug worth one log line.
bool inInit(omcp_host* host, const char* service)
{
    if (host == nullptr)
        return false;
    if (host->phase.load() == Phase::Init)
        return true;
    Log::warning("plugins", "plugin " + host->id + " called " + service +
                                " outside init; the host ignored it (OMCP_E_WRONG_PHASE)");
    return false;
}

/// Services taking omcp_call* belong to the thread running that handler.
bool usableCall(const omcp_call* call)
{
    return call != nullptr && call->host != nullptr && call->thread == std::this_thread::get_id();
}

bool isValidConfigKey(const std::string& key)
{
    const std::size_t n = key.size();
    if (n == 0 || n > kMaxConfigKey || key[0] == '.' || key[n - 1] == '.')
        return false;
    for (std::size_t i = 0; i < n; ++i)
    {
        const auto c = static_cast<unsigned char>(key[i]);
        const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                        c == '_' || c == '-' || c == '.';
        if (!ok || (c == '.' && i + 1 < n && key[i + 1] == '.'))
            return false;
    }
    return true;
}

/// A string given by the plugin as (text, len): NULL is only allowed with len 0.
bool readable(const char* text, std::size_t len)
{
    return text != nullptr || len == 0;
}

std::string textOf(const char* text, std::size_t len)
{
    return text != nullptr ? std::string(text, len) : std::string();
}

std::string textOf(const omcp_string& s)
{
    return textOf(s.data, s.len);
}

/// Keeps text in the call's arena and returns a view of it, valid until the handler returns.
omcp_string keep(omcp_call& call, std::string text)
{
    call.strings.push_back(std::move(text));
    const std::string& kept = call.strings.back();
    return omcp_string{kept.c_str(), kept.size()};
}

/// Like keep, but an empty text is the absent string {NULL, 0}.
omcp_string keepOptional(omcp_call& call, std::string text)
{
    return text.empty() ? omcp_string{nullptr, 0} : keep(call, std::move(text));
}

/// Puts a response into the call's arena and points *out at it; returns status.
omcp_status respond(omcp_call& call, omcp_status status, const Oura::ApiResponse& r,
                    const omcp_response** out)
{
    omcp_response resp;
    std::memset(&resp, 0, sizeof resp);
    resp.struct_size = sizeof(omcp_response);
    resp.http_status = r.httpStatus;
    if (status == OMCP_OK)
    {
        // Lent, not copied: the call holds a reference to the bytes the transport read (and the cache
        // shares) until the handler returns; plugins only read them (plugin_abi.h, section 3).
        call.bodies.push_back(r.body);
        const Oura::Body& lent = call.bodies.back();
        resp.body = omcp_string{lent.data(), lent.size()};
    }
    else
    {
        // The plugin always gets a sentence; the registry words the tool error itself when the data
        // service gave none (lastServiceMessage stays empty then).
        std::string message = r.message;
        if (message.empty() && status == OMCP_E_AUTH_REQUIRED && call.host->services)
            message = call.host->services->authRequiredMessage;
        if (message.empty())
            message = std::string("The request failed (") + HostApi::statusName(status) + ").";
        resp.error = keep(call, message);
        call.lastServiceStatus = status;
        call.lastServiceMessage = r.message;
    }
    if (r.days)
    {
        resp.start_day = keep(call, r.days->start.toIso());
        resp.end_day = keep(call, r.days->end.toIso());
    }
    resp.data_note = keepOptional(call, r.note);
    call.responses.push_back(resp);
    *out = &call.responses.back();
    return status;
}

omcp_status respondError(omcp_call& call, omcp_status status, const std::string& message,
                         const omcp_response** out)
{
    Oura::ApiResponse r;
    r.message = message;
    return respond(call, status, r, out);
}

Oura::CallControl controlFor(omcp_call& call)
{
    Oura::CallControl control;
    if (call.context != nullptr)
    {
        Mcp::RequestContext* ctx = call.context;
        control.cancelled = [ctx] { return ctx->cancelled(); };
        control.progress = [ctx](double p, double t, const std::string& m) { ctx->progress(p, t, m); };
    }
    control.requiredScope = call.requiredScope;
    if (call.context != nullptr)
        control.user = call.context->principal();
    return control;
}

// ---- any time ------------------------------------------------------------------------------------------

void apiLog(omcp_host* host, int32_t level, const char* message, std::size_t len)
{
    try
    {
        Log::Level l = Log::Level::Info;
        if (level <= OMCP_LOG_DEBUG)
            l = Log::Level::Debug;
        else if (level == OMCP_LOG_WARNING)
            l = Log::Level::Warning;
        else if (level >= OMCP_LOG_ERROR)
            l = Log::Level::Error;
        const std::string text = message != nullptr ? Util::Utf8::sanitize(message, len) : "(null)";
        Log::write(l, componentOf(host), text);
    }
    catch (...)
    {}
}

omcp_status apiConfigGet(omcp_host* host, const char* key, std::size_t keyLen, omcp_string* value)
{
    try
    {
        if (value == nullptr)
            return OMCP_E_INVALID_ARGUMENT;
        *value = omcp_string{nullptr, 0};
        if (!usableHost(host))
            return host == nullptr ? OMCP_E_INVALID_ARGUMENT : OMCP_E_WRONG_PHASE;
        if (!readable(key, keyLen))
            return OMCP_E_INVALID_ARGUMENT;
        const std::string name(key != nullptr ? key : "", keyLen);
        if (!isValidConfigKey(name))
            return OMCP_E_INVALID_ARGUMENT;
        std::lock_guard<std::mutex> lock(host->configMutex);
        auto kept = host->configValues.find(name);
        if (kept == host->configValues.end())
        {
            std::optional<std::string> found;
            if (host->services && host->services->config)
                found = host->services->config("plugins." + host->id + "." + name);
            if (!found)
                return OMCP_E_NOT_FOUND;
            // Settings never change while the process runs, so the first answer is kept until shutdown and
            // every later one points at it.
            kept = host->configValues.emplace(name, std::move(*found)).first;
        }
        *value = omcp_string{kept->second.c_str(), kept->second.size()};
        return OMCP_OK;
    }
    catch (...)
    {
        return OMCP_E_INTERNAL;
    }
}

int64_t apiNowUnixMs(omcp_host* host)
{
    try
    {
        if (host != nullptr && host->services && host->services->nowUnixMs)
            return host->services->nowUnixMs();
    }
    catch (...)
    {}
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

// ---- only during init ----------------------------------------------------------------------------------

omcp_status apiRegisterTool(omcp_host* host, const omcp_tool_desc* desc)
{
    if (!inInit(host, "register_tool"))
        return host == nullptr ? OMCP_E_INVALID_ARGUMENT : OMCP_E_WRONG_PHASE;
    return Registrar::addTool(*host, desc);
}

omcp_status apiRegisterResource(omcp_host* host, const omcp_resource_desc* desc)
{
    if (!inInit(host, "register_resource"))
        return host == nullptr ? OMCP_E_INVALID_ARGUMENT : OMCP_E_WRONG_PHASE;
    return Registrar::addResource(*host, desc, false);
}

omcp_status apiRegisterResourceTemplate(omcp_host* host, const omcp_resource_desc* desc)
{
    if (!inInit(host, "register_resource_template"))
        return host == nullptr ? OMCP_E_INVALID_ARGUMENT : OMCP_E_WRONG_PHASE;
    return Registrar::addResource(*host, desc, true);
}

omcp_status apiRegisterPrompt(omcp_host* host, const omcp_prompt_desc* desc)
{
    if (!inInit(host, "register_prompt"))
        return host == nullptr ? OMCP_E_INVALID_ARGUMENT : OMCP_E_WRONG_PHASE;
    return Registrar::addPrompt(*host, desc);
}

void apiSetError(omcp_host* host, const char* message, std::size_t len)
{
    try
    {
        if (!inInit(host, "set_error"))
            return;
        host->error = message != nullptr ? Util::Utf8::sanitize(message, len) : std::string();
    }
    catch (...)
    {}
}

// ---- only in a handler ---------------------------------------------------------------------------------

Dates::CivilDate todayOf(const omcp_host& host)
{
    return HostApi::today(host);
}

} // namespace

Dates::CivilDate HostApi::today(const omcp_host& host)
{
    if (host.services && host.services->today)
        return host.services->today();
    const Poco::LocalDateTime local;
    return Dates::CivilDate(local.year(), static_cast<unsigned>(local.month()),
                            static_cast<unsigned>(local.day()));
}

namespace {

omcp_status apiToday(omcp_call* call, omcp_string* day)
{
    if (day == nullptr)
        return OMCP_E_INVALID_ARGUMENT;
    *day = omcp_string{nullptr, 0};
    if (!usableCall(call))
        return OMCP_E_WRONG_PHASE;
    try
    {
        *day = keep(*call, todayOf(*call->host).toIso());
        return OMCP_OK;
    }
    catch (...)
    {
        return OMCP_E_INTERNAL;
    }
}

/// Puts a date range (or its failure) into the call's arena and points *out at it; returns status.
omcp_status respondRange(omcp_call& call, omcp_status status, const Dates::DateRange* range,
                         const std::string& error, const omcp_date_range** out)
{
    omcp_date_range r;
    std::memset(&r, 0, sizeof r);
    r.struct_size = sizeof(omcp_date_range);
    if (range != nullptr)
    {
        const int64_t days = range->dayCount();
        r.day_count = static_cast<uint32_t>(days);
        r.start = keep(call, range->start.toIso());
        r.end = keep(call, range->end.toIso());
        r.before_start = keep(call, range->start.addDays(-days).toIso());
        r.before_end = keep(call, range->start.addDays(-1).toIso());
    }
    else
        r.error = keep(call, error.empty() ? std::string("The dates could not be read.") : error);
    call.dateRanges.push_back(r);
    *out = &call.dateRanges.back();
    return status;
}

omcp_status apiResolveDates(omcp_call* call, const char* start, std::size_t startLen, const char* end,
                            std::size_t endLen, const omcp_date_range** out)
{
    if (out == nullptr)
        return OMCP_E_INVALID_ARGUMENT;
    *out = nullptr;
    if (!usableCall(call))
        return OMCP_E_WRONG_PHASE;
    try
    {
        if (!readable(start, startLen) || !readable(end, endLen))
            return respondRange(*call, OMCP_E_INVALID_ARGUMENT, nullptr,
                                "resolve_dates was given a NULL text with a non-zero length.", out);
        const omcp_host& host = *call->host;
        if (!host.services || !host.services->resolveDates)
            return respondRange(*call, OMCP_E_UNSUPPORTED, nullptr,
                                "This oura-mcp host cannot resolve dates.", out);
        Dates::DateRange range;
        std::string error;
        if (!host.services->resolveDates(textOf(start, startLen), textOf(end, endLen), range, error))
            return respondRange(*call, OMCP_E_INVALID_ARGUMENT, nullptr, error, out);
        return respondRange(*call, OMCP_OK, &range, {}, out);
    }
    catch (...)
    {
        return respondRange(*call, OMCP_E_INTERNAL, nullptr, "The host failed while reading the dates.", out);
    }
}

omcp_status apiGetCollection(omcp_call* call, const omcp_collection_request* request,
                             const omcp_response** out)
{
    if (out == nullptr)
        return OMCP_E_INVALID_ARGUMENT;
    *out = nullptr;
    if (!usableCall(call))
        return OMCP_E_WRONG_PHASE;
    try
    {
        if (request == nullptr)
            return respondError(*call, OMCP_E_INVALID_ARGUMENT, "get_collection was given no request.", out);
        omcp_collection_request req;
        const std::string sizeProblem = StructSize::copy(request, OMCP_COLLECTION_REQUEST_V1_0_SIZE, req);
        if (!sizeProblem.empty())
            return respondError(
                *call, OMCP_E_INVALID_ARGUMENT,
                "get_collection refused the request: omcp_collection_request." + sizeProblem + ".", out);
        if ((req.flags & ~static_cast<uint32_t>(OMCP_COLLECTION_KNOWN_FLAGS)) != 0)
            return respondError(
                *call, OMCP_E_INVALID_ARGUMENT,
                "get_collection was given unknown flag bits " +
                    StructSize::hex(req.flags & ~static_cast<uint32_t>(OMCP_COLLECTION_KNOWN_FLAGS)) +
                    " (this host knows " + StructSize::hex(OMCP_COLLECTION_KNOWN_FLAGS) + ").",
                out);
        if (!readable(req.collection.data, req.collection.len) || !readable(req.start.data, req.start.len) ||
            !readable(req.end.data, req.end.len))
            return respondError(*call, OMCP_E_INVALID_ARGUMENT,
                                "get_collection was given a NULL text with a non-zero length.", out);
        if (req.collection.len == 0)
            return respondError(*call, OMCP_E_INVALID_ARGUMENT, "get_collection needs a collection name.",
                                out);
        if (req.extra_count > 0 && req.extra == nullptr)
            return respondError(*call, OMCP_E_INVALID_ARGUMENT,
                                "get_collection was given an extra count but no parameters.", out);
        Oura::CollectionQuery query;
        query.collection = textOf(req.collection);
        query.start = textOf(req.start);
        query.end = textOf(req.end);
        query.raw = (req.flags & OMCP_COLLECTION_RAW) != 0;
        for (std::size_t i = 0; i < req.extra_count; ++i)
        {
            const omcp_kv& kv = req.extra[i];
            if (kv.key.len == 0 || !readable(kv.key.data, kv.key.len) ||
                !readable(kv.value.data, kv.value.len))
                return respondError(*call, OMCP_E_INVALID_ARGUMENT,
                                    "get_collection was given an empty parameter name or a NULL text.", out);
            query.extra.emplace_back(textOf(kv.key), textOf(kv.value));
        }
        Oura::DataService* data = call->host->services ? call->host->services->data : nullptr;
        if (data == nullptr)
            return respondError(*call, OMCP_E_UNSUPPORTED,
                                "This oura-mcp host has no Oura data service, so plugins cannot fetch data.",
                                out);
        const Oura::ApiResponse r = data->getCollection(query, controlFor(*call));
        return respond(*call, HostApi::fromApiError(r.error), r, out);
    }
    catch (const std::exception& e)
    {
        Log::error("plugins", std::string("get_collection failed inside the host: ") + e.what());
        return respondError(*call, OMCP_E_INTERNAL, "The host failed while fetching data.", out);
    }
    catch (...)
    {
        return respondError(*call, OMCP_E_INTERNAL, "The host failed while fetching data.", out);
    }
}

/// A plugin bug in a result service: one warning line, then the status.
omcp_status misuse(omcp_call* call, const char* service, const std::string& reason, omcp_status status)
{
    Log::warning("plugins", "plugin " + call->host->id + ": " + service + " refused: " + reason);
    // If the handler gives up with this status, the caller is told why (PluginCatalog's failure text).
    call->lastServiceStatus = status;
    call->lastServiceMessage = std::string(service) + " refused: " + reason;
    return status;
}

omcp_status apiResultText(omcp_call* call, const char* text, std::size_t len)
{
    if (!usableCall(call))
        return OMCP_E_WRONG_PHASE;
    try
    {
        if (call->kind == omcp_call::Kind::Prompt)
            return misuse(call, "result_text", "prompts add messages with result_message",
                          OMCP_E_WRONG_PHASE);
        if (text == nullptr && len > 0)
            return misuse(call, "result_text", "text is NULL", OMCP_E_INVALID_ARGUMENT);
        if (len > 0 && !Util::Utf8::valid(text, len))
            return misuse(call, "result_text", "text is not valid UTF-8", OMCP_E_INVALID_ARGUMENT);
        call->texts.emplace_back(text != nullptr ? text : "", len);
        return OMCP_OK;
    }
    catch (...)
    {
        return OMCP_E_INTERNAL;
    }
}

omcp_status apiResultJson(omcp_call* call, const char* json, std::size_t len)
{
    if (!usableCall(call))
        return OMCP_E_WRONG_PHASE;
    try
    {
        if (call->kind == omcp_call::Kind::Prompt)
            return misuse(call, "result_json", "prompts add messages with result_message",
                          OMCP_E_WRONG_PHASE);
        if (json == nullptr)
            return misuse(call, "result_json", "json is NULL", OMCP_E_INVALID_ARGUMENT);
        try
        {
            call->json = Json::parse(json, json + len);
        }
        catch (const Json::parse_error& e)
        {
            return misuse(call, "result_json", std::string("the text is not valid JSON: ") + e.what(),
                          OMCP_E_INVALID_ARGUMENT);
        }
        return OMCP_OK;
    }
    catch (...)
    {
        return OMCP_E_INTERNAL;
    }
}

omcp_status apiResultError(omcp_call* call, const char* message, std::size_t len)
{
    if (!usableCall(call))
        return OMCP_E_WRONG_PHASE;
    try
    {
        if (!readable(message, len))
            return misuse(call, "result_error", "message is NULL", OMCP_E_INVALID_ARGUMENT);
        call->isError = true;
        call->texts.push_back(len == 0 ? std::string() : Util::Utf8::sanitize(message, len));
        return OMCP_OK;
    }
    catch (...)
    {
        return OMCP_E_INTERNAL;
    }
}

omcp_status apiResultMessage(omcp_call* call, int32_t role, const char* text, std::size_t len)
{
    if (!usableCall(call))
        return OMCP_E_WRONG_PHASE;
    try
    {
        if (call->kind != omcp_call::Kind::Prompt)
            return misuse(call, "result_message", "only prompt handlers add messages", OMCP_E_WRONG_PHASE);
        if (role != OMCP_ROLE_USER && role != OMCP_ROLE_ASSISTANT)
            return misuse(call, "result_message", "role must be OMCP_ROLE_USER or OMCP_ROLE_ASSISTANT",
                          OMCP_E_INVALID_ARGUMENT);
        if (!readable(text, len))
            return misuse(call, "result_message", "text is NULL", OMCP_E_INVALID_ARGUMENT);
        if (len > 0 && !Util::Utf8::valid(text, len))
            return misuse(call, "result_message", "text is not valid UTF-8", OMCP_E_INVALID_ARGUMENT);
        call->messages.emplace_back(role == OMCP_ROLE_USER ? "user" : "assistant", textOf(text, len));
        return OMCP_OK;
    }
    catch (...)
    {
        return OMCP_E_INTERNAL;
    }
}

omcp_status apiReportProgress(omcp_call* call, double progress, double total, const char* message,
                              std::size_t len)
{
    if (!usableCall(call))
        return OMCP_E_WRONG_PHASE;
    try
    {
        if (!std::isfinite(progress) || !std::isfinite(total))
            return OMCP_E_INVALID_ARGUMENT;
        if (call->context != nullptr)
            call->context->progress(progress, total,
                                    message != nullptr ? Util::Utf8::sanitize(message, len) : std::string());
        return OMCP_OK;
    }
    catch (...)
    {
        return OMCP_E_INTERNAL;
    }
}

int32_t apiIsCancelled(omcp_call* call)
{
    if (!usableCall(call))
        return 0;
    try
    {
        return call->context != nullptr && call->context->cancelled() ? 1 : 0;
    }
    catch (...)
    {
        return 0;
    }
}

omcp_host_api makeTable()
{
    omcp_host_api api;
    std::memset(&api, 0, sizeof api);
    api.struct_size = sizeof(omcp_host_api);
    api.abi_major = OMCP_ABI_MAJOR;
    api.abi_minor = OMCP_ABI_MINOR;
    api.log = apiLog;
    api.config_get = apiConfigGet;
    api.now_unix_ms = apiNowUnixMs;
    api.today = apiToday;
    api.resolve_dates = apiResolveDates;
    api.register_tool = apiRegisterTool;
    api.register_resource = apiRegisterResource;
    api.register_resource_template = apiRegisterResourceTemplate;
    api.register_prompt = apiRegisterPrompt;
    api.set_error = apiSetError;
    api.get_collection = apiGetCollection;
    api.result_text = apiResultText;
    api.result_json = apiResultJson;
    api.result_error = apiResultError;
    api.result_message = apiResultMessage;
    api.report_progress = apiReportProgress;
    api.is_cancelled = apiIsCancelled;
    return api;
}

} // namespace

const omcp_host_api* HostApi::table() noexcept
{
    static const omcp_host_api api = makeTable();
    return &api;
}

const char* HostApi::statusName(omcp_status status) noexcept
{
    switch (status)
    {
    case OMCP_OK:
        return "OMCP_OK";
    case OMCP_E_INVALID_ARGUMENT:
        return "OMCP_E_INVALID_ARGUMENT";
    case OMCP_E_NOT_FOUND:
        return "OMCP_E_NOT_FOUND";
    case OMCP_E_AUTH_REQUIRED:
        return "OMCP_E_AUTH_REQUIRED";
    case OMCP_E_FORBIDDEN:
        return "OMCP_E_FORBIDDEN";
    case OMCP_E_RATE_LIMITED:
        return "OMCP_E_RATE_LIMITED";
    case OMCP_E_UPSTREAM:
        return "OMCP_E_UPSTREAM";
    case OMCP_E_UNSUPPORTED:
        return "OMCP_E_UNSUPPORTED";
    case OMCP_E_CANCELLED:
        return "OMCP_E_CANCELLED";
    case OMCP_E_WRONG_PHASE:
        return "OMCP_E_WRONG_PHASE";
    case OMCP_E_INTERNAL:
        return "OMCP_E_INTERNAL";
    default:
        return "unknown status";
    }
}

omcp_status HostApi::fromApiError(Oura::ApiError error) noexcept
{
    switch (error)
    {
    case Oura::ApiError::None:
        return OMCP_OK;
    case Oura::ApiError::InvalidArgument:
        return OMCP_E_INVALID_ARGUMENT;
    case Oura::ApiError::NotFound:
        return OMCP_E_NOT_FOUND;
    case Oura::ApiError::AuthRequired:
        return OMCP_E_AUTH_REQUIRED;
    case Oura::ApiError::Forbidden:
        return OMCP_E_FORBIDDEN;
    case Oura::ApiError::RateLimited:
        return OMCP_E_RATE_LIMITED;
    case Oura::ApiError::Upstream:
        return OMCP_E_UPSTREAM;
    case Oura::ApiError::Unsupported:
        return OMCP_E_UNSUPPORTED;
    case Oura::ApiError::Cancelled:
        return OMCP_E_CANCELLED;
    case Oura::ApiError::Internal:
        return OMCP_E_INTERNAL;
    }
    return OMCP_E_INTERNAL;
}

} // namespace OuraMcp::Loader

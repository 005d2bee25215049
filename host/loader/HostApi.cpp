#include "loader/HostApi.h"

#include "loader/PluginHandles.h"
#include "loader/Registrar.h"
#include "util/Log.h"
#include "util/Utf8.h"

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

/// Copies text into a caller's buffer of size bytes, cutting at a UTF-8 boundary, always NUL-terminated.
void copyTruncated(const std::string& text, char* buf, std::size_t size)
{
    if (buf == nullptr || size == 0)
        return;
    std::size_t n = std::min(text.size(), size - 1);
    while (n > 0 && n < text.size() && (static_cast<unsigned char>(text[n]) & 0xC0) == 0x80)
        --n;
    std::memcpy(buf, text.data(), n);
    buf[n] = '\0';
}

bool isValidConfigKey(const char* key)
{
    const std::size_t n = std::strlen(key);
    if (n == 0 || n > kMaxConfigKey || key[0] == '.' || key[n - 1] == '.')
        return false;
    for (std::size_t i = 0; i < n; ++i)
    {
        const auto c = static_cast<unsigned char>(key[i]);
        const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                        c == '_' || c == '-' || c == '.';
        if (!ok || (c == '.' && key[i + 1] == '.'))
            return false;
    }
    return true;
}

const char* keep(omcp_call& call, std::string text)
{
    call.strings.push_back(std::move(text));
    return call.strings.back().c_str();
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
        resp.body = keep(call, r.body);
        resp.body_len = r.body.size();
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
    if (!r.startDay.empty())
        resp.start_day = keep(call, r.startDay);
    if (!r.endDay.empty())
        resp.end_day = keep(call, r.endDay);
    if (!r.note.empty())
        resp.data_note = keep(call, r.note);
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
    return control;
}

// ---- any time ------------------------------------------------------------------------------------------

void apiLog(omcp_host* host, int32_t level, const char* message)
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
        const std::string text =
            message != nullptr ? Util::Utf8::sanitize(message, std::strlen(message)) : "(null)";
        Log::write(l, componentOf(host), text);
    }
    catch (...)
    {}
}

omcp_status apiConfigGet(omcp_host* host, const char* key, char* buf, std::size_t bufSize,
                         std::size_t* needed)
{
    try
    {
        if (!usableHost(host))
            return host == nullptr ? OMCP_E_INVALID_ARGUMENT : OMCP_E_WRONG_PHASE;
        if (key == nullptr || !isValidConfigKey(key))
            return OMCP_E_INVALID_ARGUMENT;
        std::optional<std::string> value;
        if (host->services && host->services->config)
            value = host->services->config("plugins." + host->id + "." + key);
        if (!value)
            return OMCP_E_NOT_FOUND;
        if (needed != nullptr)
            *needed = value->size() + 1;
        if (buf == nullptr || bufSize < value->size() + 1)
            return OMCP_E_BUFFER_TOO_SMALL;
        std::memcpy(buf, value->c_str(), value->size() + 1);
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

omcp_status apiToday(omcp_host* host, char out[16])
{
    try
    {
        if (out == nullptr)
            return OMCP_E_INVALID_ARGUMENT;
        if (!usableHost(host))
            return host == nullptr ? OMCP_E_INVALID_ARGUMENT : OMCP_E_WRONG_PHASE;
        std::string day;
        if (host->services && host->services->today)
            day = host->services->today();
        else
        {
            const std::time_t now = std::time(nullptr);
            std::tm local{};
            localtime_r(&now, &local);
            char buf[16];
            std::strftime(buf, sizeof buf, "%Y-%m-%d", &local);
            day = buf;
        }
        if (day.empty() || day.size() >= 16)
            return OMCP_E_INTERNAL;
        std::memcpy(out, day.c_str(), day.size() + 1);
        return OMCP_OK;
    }
    catch (...)
    {
        return OMCP_E_INTERNAL;
    }
}

omcp_status apiResolveDates(omcp_host* host, const char* start, const char* end, omcp_date_range* out,
                            char* errorBuf, std::size_t errorBufSize)
{
    try
    {
        if (!usableHost(host))
            return host == nullptr ? OMCP_E_INVALID_ARGUMENT : OMCP_E_WRONG_PHASE;
        if (out == nullptr || out->struct_size < sizeof(omcp_date_range))
        {
            copyTruncated(
                "resolve_dates needs an omcp_date_range with struct_size = sizeof(omcp_date_range).",
                errorBuf, errorBufSize);
            return OMCP_E_INVALID_ARGUMENT;
        }
        if (!host->services || !host->services->resolveDates)
        {
            copyTruncated("This oura-mcp host cannot resolve dates.", errorBuf, errorBufSize);
            return OMCP_E_UNSUPPORTED;
        }
        std::string s;
        std::string e;
        std::string error;
        if (!host->services->resolveDates(start ? start : "", end ? end : "", s, e, error))
        {
            copyTruncated(error.empty() ? "The dates could not be read." : error, errorBuf, errorBufSize);
            return OMCP_E_INVALID_ARGUMENT;
        }
        if (s.size() >= sizeof out->start || e.size() >= sizeof out->end)
            return OMCP_E_INTERNAL;
        out->reserved = 0;
        std::memset(out->start, 0, sizeof out->start);
        std::memset(out->end, 0, sizeof out->end);
        std::memcpy(out->start, s.data(), s.size());
        std::memcpy(out->end, e.data(), e.size());
        return OMCP_OK;
    }
    catch (...)
    {
        return OMCP_E_INTERNAL;
    }
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

void apiSetError(omcp_host* host, const char* message)
{
    try
    {
        if (!inInit(host, "set_error"))
            return;
        host->error =
            message != nullptr ? Util::Utf8::sanitize(message, std::strlen(message)) : std::string();
    }
    catch (...)
    {}
}

// ---- only in a handler ---------------------------------------------------------------------------------

omcp_status apiHttpGet(omcp_call* call, const char* path, const omcp_kv* query, std::size_t queryCount,
                       uint32_t flags, const omcp_response** out)
{
    if (out == nullptr)
        return OMCP_E_INVALID_ARGUMENT;
    *out = nullptr;
    if (!usableCall(call))
        return OMCP_E_WRONG_PHASE;
    try
    {
        if (path == nullptr || path[0] != '/')
            return respondError(*call, OMCP_E_INVALID_ARGUMENT,
                                "http_get needs an API path starting with '/', such as "
                                "/v2/usercollection/personal_info.",
                                out);
        if ((flags & ~static_cast<uint32_t>(OMCP_GET_ALL_PAGES)) != 0)
            return respondError(*call, OMCP_E_INVALID_ARGUMENT, "http_get was given unknown flag bits.", out);
        if (queryCount > 0 && query == nullptr)
            return respondError(*call, OMCP_E_INVALID_ARGUMENT,
                                "http_get was given a query count but no query.", out);
        Oura::QueryParams params;
        for (std::size_t i = 0; i < queryCount; ++i)
        {
            if (query[i].key == nullptr || query[i].value == nullptr)
                return respondError(*call, OMCP_E_INVALID_ARGUMENT,
                                    "http_get was given a NULL query key or value.", out);
            params.emplace_back(query[i].key, query[i].value);
        }
        Oura::DataService* data = call->host->services ? call->host->services->data : nullptr;
        if (data == nullptr)
            return respondError(*call, OMCP_E_UNSUPPORTED,
                                "This oura-mcp host has no Oura data service, so plugins cannot fetch data.",
                                out);
        const Oura::ApiResponse r =
            data->get(path, params, (flags & OMCP_GET_ALL_PAGES) != 0, controlFor(*call));
        return respond(*call, HostApi::fromApiError(r.error), r, out);
    }
    catch (const std::exception& e)
    {
        Log::error("plugins", std::string("http_get failed inside the host: ") + e.what());
        return respondError(*call, OMCP_E_INTERNAL, "The host failed while fetching data.", out);
    }
    catch (...)
    {
        return respondError(*call, OMCP_E_INTERNAL, "The host failed while fetching data.", out);
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
        constexpr std::size_t v1Size = offsetof(omcp_collection_request, extra_count) + sizeof(std::size_t);
        if (request == nullptr || request->struct_size < v1Size ||
            request->struct_size > sizeof(omcp_collection_request))
            return respondError(
                *call, OMCP_E_INVALID_ARGUMENT,
                "get_collection needs a request with struct_size = sizeof(omcp_collection_request).", out);
        omcp_collection_request req;
        std::memset(&req, 0, sizeof req);
        std::memcpy(&req, request, request->struct_size);
        if ((req.flags & ~static_cast<uint32_t>(OMCP_COLLECTION_RAW)) != 0)
            return respondError(*call, OMCP_E_INVALID_ARGUMENT, "get_collection was given unknown flag bits.",
                                out);
        if (req.collection == nullptr || req.collection[0] == '\0')
            return respondError(*call, OMCP_E_INVALID_ARGUMENT, "get_collection needs a collection name.",
                                out);
        if (req.extra_count > 0 && req.extra == nullptr)
            return respondError(*call, OMCP_E_INVALID_ARGUMENT,
                                "get_collection was given an extra count but no parameters.", out);
        Oura::CollectionQuery query;
        query.collection = req.collection;
        query.start = req.start ? req.start : "";
        query.end = req.end ? req.end : "";
        query.raw = (req.flags & OMCP_COLLECTION_RAW) != 0;
        for (std::size_t i = 0; i < req.extra_count; ++i)
        {
            if (req.extra[i].key == nullptr || req.extra[i].value == nullptr)
                return respondError(*call, OMCP_E_INVALID_ARGUMENT,
                                    "get_collection was given a NULL parameter key or value.", out);
            query.extra.emplace_back(req.extra[i].key, req.extra[i].value);
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

omcp_status apiResultError(omcp_call* call, const char* message)
{
    if (!usableCall(call))
        return OMCP_E_WRONG_PHASE;
    try
    {
        if (message == nullptr)
            return misuse(call, "result_error", "message is NULL", OMCP_E_INVALID_ARGUMENT);
        call->isError = true;
        call->texts.push_back(Util::Utf8::sanitize(message, std::strlen(message)));
        return OMCP_OK;
    }
    catch (...)
    {
        return OMCP_E_INTERNAL;
    }
}

omcp_status apiResultMessage(omcp_call* call, const char* role, const char* text)
{
    if (!usableCall(call))
        return OMCP_E_WRONG_PHASE;
    try
    {
        if (call->kind != omcp_call::Kind::Prompt)
            return misuse(call, "result_message", "only prompt handlers add messages", OMCP_E_WRONG_PHASE);
        if (role == nullptr || (std::strcmp(role, "user") != 0 && std::strcmp(role, "assistant") != 0))
            return misuse(call, "result_message", "role must be \"user\" or \"assistant\"",
                          OMCP_E_INVALID_ARGUMENT);
        if (text == nullptr)
            return misuse(call, "result_message", "text is NULL", OMCP_E_INVALID_ARGUMENT);
        const std::size_t len = std::strlen(text);
        if (!Util::Utf8::valid(text, len))
            return misuse(call, "result_message", "text is not valid UTF-8", OMCP_E_INVALID_ARGUMENT);
        call->messages.emplace_back(role, std::string(text, len));
        return OMCP_OK;
    }
    catch (...)
    {
        return OMCP_E_INTERNAL;
    }
}

omcp_status apiReportProgress(omcp_call* call, double progress, double total, const char* message)
{
    if (!usableCall(call))
        return OMCP_E_WRONG_PHASE;
    try
    {
        if (!std::isfinite(progress) || !std::isfinite(total))
            return OMCP_E_INVALID_ARGUMENT;
        if (call->context != nullptr)
            call->context->progress(progress, total,
                                    message != nullptr ? Util::Utf8::sanitize(message, std::strlen(message))
                                                       : std::string());
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
    api.http_get = apiHttpGet;
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
    case OMCP_E_BUFFER_TOO_SMALL:
        return "OMCP_E_BUFFER_TOO_SMALL";
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

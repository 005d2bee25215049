// oura_mcp/plugin.hpp -- header-only C++17 helper for writing oura-mcp plugins.
//
// It is compiled into each plugin, so nothing here is ABI: the only contract is plugin_abi.h. The helper
//   * fills the plugin descriptor (ABI version, platform facts) so the version check cannot be forgotten;
//   * turns C++ handlers (lambdas, std::function) into C callbacks;
//   * catches every exception at the boundary: an omcp::Error becomes an isError result with its message,
//     anything else is logged and reported to the host as OMCP_E_INTERNAL;
//   * wraps the host services in small typed calls (config, today, dates, collections, results).
//
// A plugin:
//
//   #include <oura_mcp/plugin.hpp>
//   static void setUp(omcp::Registrar& r) {
//       r.tool({"say_hello", "Say hello", "Greets someone.", R"({"type":"object", ...})", "", "",
//               OMCP_TOOL_READ_ONLY, [](omcp::Call& call, const std::string& args) { call.text("hello"); }});
//   }
//   OMCP_PLUGIN("hello", "1.0.0", "Says hello", OMCP_NO_SCOPES, setUp)
//
// Threads: handlers run concurrently (see plugin_abi.h); the helper keeps no mutable shared state.
#ifndef OURA_MCP_PLUGIN_HPP
#define OURA_MCP_PLUGIN_HPP

#include "oura_mcp/plugin_abi.h"

#include <cstring>
#include <deque>
#include <exception>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace omcp {
inline namespace v1 {

/// A failure with a message meant for the user. Thrown by the helpers below when the host reports an
/// error; a handler may throw it too. At the boundary it becomes an isError result carrying the message.
class Error : public std::runtime_error
{
public:
    explicit Error(const std::string& message, omcp_status status = OMCP_E_INVALID_ARGUMENT)
        : std::runtime_error(message), _status(status)
    {}
    omcp_status status() const noexcept { return _status; }

private:
    omcp_status _status;
};

using Query = std::vector<std::pair<std::string, std::string>>;

/// The inclusive range of the user's days that the host resolved.
struct DateRange
{
    std::string start;       ///< "YYYY-MM-DD"
    std::string end;         ///< "YYYY-MM-DD"
    unsigned dayCount = 0;   ///< days in start..end
    std::string beforeStart; ///< the range of dayCount days ending the day before start
    std::string beforeEnd;
};

/// What the host answered for a collection. The body is a view of the host's bytes, not a copy: it stays
/// valid until the handler returns (plugin_abi.h, section 3) and must not be kept longer; copy it into a
/// std::string to keep it.
struct Response
{
    int httpStatus = 0;
    std::string_view body; ///< JSON text, lent by the host for the call
    std::string startDay;  ///< collections: the inclusive range served
    std::string endDay;
    std::string note; ///< e.g. "Demo data: ..."; empty if none
};

namespace detail {

struct Globals
{
    const omcp_host_api* api = nullptr;
    omcp_host* host = nullptr;
};

inline Globals& globals()
{
    static Globals g; // one per plugin library (hidden visibility, RTLD_LOCAL)
    return g;
}

inline std::string str(const char* s)
{
    return s ? std::string(s) : std::string();
}

inline std::string str(const omcp_string& s)
{
    return s.data ? std::string(s.data, s.len) : std::string();
}

inline omcp_string view(const std::string& s) noexcept
{
    return omcp_string{s.data(), s.size()};
}

inline Response copyResponse(const omcp_response* r)
{
    Response out;
    if (!r)
        return out;
    out.httpStatus = r->http_status;
    out.body = r->body.data ? std::string_view(r->body.data, r->body.len) : std::string_view();
    out.startDay = str(r->start_day);
    out.endDay = str(r->end_day);
    out.note = str(r->data_note);
    return out;
}

inline std::vector<omcp_kv> toKv(const Query& query)
{
    std::vector<omcp_kv> kv;
    kv.reserve(query.size());
    for (const auto& [k, v] : query)
        kv.push_back(omcp_kv{view(k), view(v)});
    return kv;
}

} // namespace detail

/// Host services usable at any time from any thread (between init and shutdown).
class Host
{
public:
    static void log(int32_t level, const std::string& message) noexcept
    {
        auto& g = detail::globals();
        if (g.api && g.api->log)
            g.api->log(g.host, level, message.data(), message.size());
    }

    /// The plugin's own setting plugins.<id>.<key>, or nothing if it is not set.
    static std::optional<std::string> config(const std::string& key)
    {
        auto& g = detail::globals();
        omcp_string value{nullptr, 0};
        if (g.api->config_get(g.host, key.data(), key.size(), &value) != OMCP_OK)
            return std::nullopt;
        return detail::str(value);
    }
};

/// One handler invocation: ask the host for data and build the result. Valid only inside the handler.
class Call
{
public:
    explicit Call(omcp_call* call) : _call(call) {}

    /// The user's calendar date today, "YYYY-MM-DD".
    std::string today() const
    {
        omcp_string day{nullptr, 0};
        if (api()->today(_call, &day) != OMCP_OK || day.data == nullptr)
            throw Error("the host could not tell today's date", OMCP_E_INTERNAL);
        return detail::str(day);
    }

    /// The inclusive days of user date text ("last week", "2024-05-01"); throws Error naming the accepted
    /// forms if the host cannot read it.
    DateRange resolveDates(const std::string& start, const std::string& end) const
    {
        const omcp_date_range* r = nullptr;
        const omcp_status st =
            api()->resolve_dates(_call, start.data(), start.size(), end.data(), end.size(), &r);
        if (st != OMCP_OK || r == nullptr)
            throw Error(r && r->error.data ? detail::str(r->error) : std::string("invalid dates"),
                        st != OMCP_OK ? st : OMCP_E_INTERNAL);
        return DateRange{detail::str(r->start), detail::str(r->end), r->day_count,
                         detail::str(r->before_start), detail::str(r->before_end)};
    }

    /// The documents of a collection over the user's inclusive days ("yesterday", "2024-05-01", ...).
    Response collection(const std::string& name, const std::string& start, const std::string& end,
                        const Query& extra = {}, uint32_t flags = 0)
    {
        auto kv = detail::toKv(extra);
        omcp_collection_request req{};
        req.struct_size = sizeof(req);
        req.flags = flags;
        req.collection = detail::view(name);
        req.start = detail::view(start);
        req.end = detail::view(end);
        req.extra = kv.empty() ? nullptr : kv.data();
        req.extra_count = kv.size();
        const omcp_response* r = nullptr;
        // The call must finish before r is read: as one expression, the argument order is unspecified.
        omcp_status st = api()->get_collection(_call, &req, &r);
        return check(st, r);
    }

    void text(const std::string& text) { api()->result_text(_call, text.data(), text.size()); }
    void json(const std::string& json)
    {
        if (api()->result_json(_call, json.data(), json.size()) != OMCP_OK)
            throw Error("the plugin produced invalid JSON", OMCP_E_INTERNAL);
    }
    void error(const std::string& message) { api()->result_error(_call, message.data(), message.size()); }
    /// Prompts: appends a message; role is "user" or "assistant".
    void message(const std::string& role, const std::string& text)
    {
        if (role != "user" && role != "assistant")
            throw Error("a prompt message role is \"user\" or \"assistant\", not \"" + role + "\"",
                        OMCP_E_INTERNAL);
        api()->result_message(_call, role == "user" ? OMCP_ROLE_USER : OMCP_ROLE_ASSISTANT, text.data(),
                              text.size());
    }
    void progress(double done, double total = 0, const std::string& message = {})
    {
        api()->report_progress(_call, done, total, message.data(), message.size());
    }
    bool cancelled() const { return api()->is_cancelled(_call) != 0; }
    omcp_call* raw() const noexcept { return _call; }

private:
    static const omcp_host_api* api() { return detail::globals().api; }

    static Response check(omcp_status st, const omcp_response* r)
    {
        if (st != OMCP_OK)
            throw Error(r && r->error.data ? detail::str(r->error) : std::string("the Oura request failed"),
                        st);
        return detail::copyResponse(r);
    }

    omcp_call* _call;
};

using ToolHandler = std::function<void(Call&, const std::string& argsJson)>;
using ResourceHandler = std::function<void(Call&, const std::string& uri, const std::string& variablesJson)>;
using PromptHandler = std::function<void(Call&, const std::string& argsJson)>;

struct Tool
{
    std::string name;
    std::string title;
    std::string description;
    std::string inputSchema;  ///< JSON Schema object; empty: no arguments
    std::string outputSchema; ///< empty: none
    std::string scope;        ///< OAuth scope the tool needs; empty: none
    uint32_t flags = OMCP_TOOL_READ_ONLY;
    ToolHandler handler;
};

struct Resource
{
    std::string uri; ///< a URI, or an RFC 6570 level-1 template for registerTemplate
    std::string name;
    std::string title;
    std::string description;
    std::string mimeType = "application/json";
    ResourceHandler handler;
    uint32_t flags = 0; ///< OMCP_RESOURCE_*, e.g. OMCP_RESOURCE_SECTION
};

struct PromptArgument
{
    std::string name;
    std::string description;
    bool required = false;
    std::vector<std::string> completions;
};

struct Prompt
{
    std::string name;
    std::string title;
    std::string description;
    std::vector<PromptArgument> arguments;
    PromptHandler handler;
};

namespace detail {

/// Runs f, converting every exception into what the ABI expects.
template <typename F>
omcp_status guard(omcp_call* call, F&& f) noexcept
{
    try
    {
        f();
        return OMCP_OK;
    }
    catch (const Error& e)
    {
        if (e.status() == OMCP_E_CANCELLED)
            return OMCP_E_CANCELLED;
        globals().api->result_error(call, e.what(), std::strlen(e.what()));
        return OMCP_OK;
    }
    catch (const std::exception& e)
    {
        Host::log(OMCP_LOG_ERROR, std::string("handler failed: ") + e.what());
    }
    catch (...)
    {
        Host::log(OMCP_LOG_ERROR, "handler failed with an unknown exception");
    }
    return OMCP_E_INTERNAL;
}

inline omcp_status toolTrampoline(void* data, omcp_call* call, const char* args, size_t len)
{
    return guard(call, [&] {
        Call c(call);
        static_cast<Tool*>(data)->handler(c, std::string(args ? args : "{}", args ? len : 2));
    });
}

inline omcp_status resourceTrampoline(void* data, omcp_call* call, const char* uri, size_t uriLen,
                                      const char* vars, size_t varsLen)
{
    return guard(call, [&] {
        Call c(call);
        static_cast<Resource*>(data)->handler(c, uri ? std::string(uri, uriLen) : std::string(),
                                              vars ? std::string(vars, varsLen) : std::string("{}"));
    });
}

inline omcp_status promptTrampoline(void* data, omcp_call* call, const char* args, size_t len)
{
    return guard(call, [&] {
        Call c(call);
        static_cast<Prompt*>(data)->handler(c, std::string(args ? args : "{}", args ? len : 2));
    });
}

inline const char* cstrOrNull(const std::string& s)
{
    return s.empty() ? nullptr : s.c_str();
}

} // namespace detail

/// Registers what the plugin offers; valid only during init. Keeps the registered objects alive for the
/// life of the process (the host never unloads plugins).
class Registrar
{
public:
    void tool(Tool tool)
    {
        Tool& t = store(_tools, std::move(tool));
        omcp_tool_desc d{};
        d.struct_size = sizeof(d);
        d.flags = t.flags;
        d.name = t.name.c_str();
        d.title = detail::cstrOrNull(t.title);
        d.description = t.description.c_str();
        d.input_schema_json = detail::cstrOrNull(t.inputSchema);
        d.output_schema_json = detail::cstrOrNull(t.outputSchema);
        d.required_scope = detail::cstrOrNull(t.scope);
        d.handler = &detail::toolTrampoline;
        d.user_data = &t;
        check(api().register_tool(host(), &d), "tool " + t.name);
    }

    void resource(Resource resource) { addResource(std::move(resource), false); }
    void resourceTemplate(Resource resource) { addResource(std::move(resource), true); }

    void prompt(Prompt prompt)
    {
        Prompt& p = store(_prompts, std::move(prompt));
        auto& holder = _promptArgs.emplace_back();
        auto& completionLists = _completionLists.emplace_back();
        for (const auto& a : p.arguments)
        {
            auto& list = completionLists.emplace_back();
            for (const auto& c : a.completions)
                list.push_back(c.c_str());
            list.push_back(nullptr);
        }
        for (std::size_t i = 0; i < p.arguments.size(); ++i)
        {
            const auto& a = p.arguments[i];
            holder.push_back(
                omcp_prompt_argument{a.name.c_str(), detail::cstrOrNull(a.description),
                                     a.required ? OMCP_PROMPT_ARGUMENT_REQUIRED : 0u, 0u,
                                     a.completions.empty() ? nullptr : completionLists[i].data()});
        }
        omcp_prompt_desc d{};
        d.struct_size = sizeof(d);
        d.name = p.name.c_str();
        d.title = detail::cstrOrNull(p.title);
        d.description = detail::cstrOrNull(p.description);
        d.arguments = holder.empty() ? nullptr : holder.data();
        d.argument_count = holder.size();
        d.handler = &detail::promptTrampoline;
        d.user_data = &p;
        check(api().register_prompt(host(), &d), "prompt " + p.name);
    }

private:
    template <typename T>
    static T& store(std::deque<T>& where, T value)
    {
        where.push_back(std::move(value));
        return where.back();
    }

    void addResource(Resource resource, bool isTemplate)
    {
        Resource& r = store(_resources, std::move(resource));
        omcp_resource_desc d{};
        d.struct_size = sizeof(d);
        d.flags = r.flags;
        d.uri = r.uri.c_str();
        d.name = r.name.c_str();
        d.title = detail::cstrOrNull(r.title);
        d.description = detail::cstrOrNull(r.description);
        d.mime_type = detail::cstrOrNull(r.mimeType);
        d.handler = &detail::resourceTrampoline;
        d.user_data = &r;
        omcp_status st =
            isTemplate ? api().register_resource_template(host(), &d) : api().register_resource(host(), &d);
        check(st, "resource " + r.uri);
    }

    static void check(omcp_status st, const std::string& what)
    {
        if (st != OMCP_OK)
            throw Error("the host refused " + what + " (status " + std::to_string(st) + ")", st);
    }

    static const omcp_host_api& api() { return *detail::globals().api; }
    static omcp_host* host() { return detail::globals().host; }

    // Deques: registered objects never move, so the pointers handed to the host stay valid.
    static inline std::deque<Tool> _tools;
    static inline std::deque<Resource> _resources;
    static inline std::deque<Prompt> _prompts;
    static inline std::deque<std::vector<omcp_prompt_argument>> _promptArgs;
    static inline std::deque<std::vector<std::vector<const char*>>> _completionLists;
};

namespace detail {

inline omcp_status initPlugin(const omcp_host_api* api, omcp_host* host, void (*setUp)(Registrar&)) noexcept
{
    globals().api = api;
    globals().host = host;
    try
    {
        Registrar registrar;
        setUp(registrar);
        return OMCP_OK;
    }
    catch (const std::exception& e)
    {
        api->set_error(host, e.what(), std::strlen(e.what()));
    }
    catch (...)
    {
        static const char kUnknown[] = "plugin initialisation failed with an unknown exception";
        api->set_error(host, kUnknown, sizeof kUnknown - 1);
    }
    return OMCP_E_INTERNAL;
}

} // namespace detail
} // namespace v1
} // namespace omcp

/// The NULL-terminated scope list for OMCP_PLUGIN, e.g. OMCP_SCOPES("daily", "spo2"); OMCP_NO_SCOPES if none.
#define OMCP_SCOPES(...)                                                                                     \
    {                                                                                                        \
        __VA_ARGS__, nullptr                                                                                 \
    }
#define OMCP_NO_SCOPES                                                                                       \
    {                                                                                                        \
        nullptr                                                                                              \
    }

/// Declares the plugin: its descriptor and the exported entry symbol. setUp is `void setUp(omcp::Registrar&)`.
#define OMCP_PLUGIN(ID, VERSION, DESCRIPTION, SCOPES, SET_UP)                                                \
    namespace {                                                                                              \
    const char* const omcpPluginScopes[] = SCOPES;                                                           \
    omcp_status omcpPluginInit(const omcp_host_api* api, omcp_host* host, void** state)                      \
    {                                                                                                        \
        *state = nullptr;                                                                                    \
        return ::omcp::detail::initPlugin(api, host, &(SET_UP));                                             \
    }                                                                                                        \
    const omcp_plugin_desc omcpPluginDescriptor = {                                                          \
        OMCP_PLUGIN_DESC_HEADER, ID, VERSION, DESCRIPTION, omcpPluginScopes, &omcpPluginInit, nullptr};      \
    }                                                                                                        \
    extern "C" OMCP_EXPORT const omcp_plugin_desc* omcp_plugin_describe(void)                                \
    {                                                                                                        \
        return &omcpPluginDescriptor;                                                                        \
    }

#endif // OURA_MCP_PLUGIN_HPP

#include "FakeHost.h"

#include "TimeSeries.hpp"

#include <dlfcn.h>

#include <cstdio>
#include <cstring>
#include <deque>
#include <map>
#include <stdexcept>

namespace OuraMcp::DomainTest {

namespace {

std::string str(const char* s)
{
    return s ? std::string(s) : std::string();
}

std::string str(const char* s, size_t len)
{
    return s ? std::string(s, len) : std::string();
}

std::string str(const omcp_string& s)
{
    return str(s.data, s.len);
}

omcp_string view(const std::string& s)
{
    return omcp_string{s.c_str(), s.size()};
}

omcp_string optionalView(const std::string& s)
{
    return s.empty() ? omcp_string{nullptr, 0} : view(s);
}

std::string shiftDay(const std::string& day, int64_t n)
{
    return omcp::CivilTime::dayText(*omcp::CivilTime::dayNumber(day) + n);
}

int64_t dayDistance(const std::string& from, const std::string& to)
{
    return *omcp::CivilTime::dayNumber(to) - *omcp::CivilTime::dayNumber(from);
}

/// The state of one handler invocation; omcp_call* points at it.
struct FakeCall
{
    FakePlugin* plugin = nullptr;
    const Responder* responder = nullptr;
    bool isPrompt = false;
    CallResult result;
    // Keeps every answer (and the strings it points to) alive until the handler returns, as the ABI says.
    struct Held
    {
        CannedResponse canned;
        omcp_response response{};
    };
    std::deque<Held> held;
    std::deque<std::string> strings;    ///< today's answers
    std::deque<omcp_date_range> ranges; ///< resolve_dates answers (their strings live in `strings`)

    omcp_string keep(std::string text)
    {
        strings.push_back(std::move(text));
        return view(strings.back());
    }
};

FakePlugin* pluginOf(omcp_host* host)
{
    return reinterpret_cast<FakePlugin*>(host);
}

FakeCall* callOf(omcp_call* call)
{
    return reinterpret_cast<FakeCall*>(call);
}

void apiLog(omcp_host* host, int32_t level, const char* message, size_t len)
{
    pluginOf(host)->logs.push_back(std::to_string(level) + " " + str(message, len));
}

omcp_status apiConfigGet(omcp_host*, const char*, size_t, omcp_string* value)
{
    *value = omcp_string{nullptr, 0};
    return OMCP_E_NOT_FOUND;
}

int64_t apiNow(omcp_host*)
{
    return 1732960800000; // 2024-11-30T10:00:00Z
}

omcp_status apiToday(omcp_call* call, omcp_string* day)
{
    FakeCall* c = callOf(call);
    *day = c->keep(c->plugin->options.today);
    return OMCP_OK;
}

omcp_status apiResolve(omcp_call* call, const char* start, size_t startLen, const char* end, size_t endLen,
                       const omcp_date_range** out)
{
    FakeCall* c = callOf(call);
    const std::string today = c->plugin->options.today;
    const std::string startText = str(start, startLen);
    const std::string endText = str(end, endLen);
    const auto s = fakeResolve(today, startText.empty() ? "last week" : startText);
    const auto e = endText.empty() ? s : fakeResolve(today, endText);
    omcp_date_range& r = c->ranges.emplace_back();
    std::memset(&r, 0, sizeof r);
    r.struct_size = sizeof r;
    *out = &r;
    if (!s || !e || s->first > e->second)
    {
        r.error = c->keep("Dates must be ISO dates (2024-05-01) or phrases such as today, "
                          "yesterday, last week, last 30 days.");
        return OMCP_E_INVALID_ARGUMENT;
    }
    const int64_t days = dayDistance(s->first, e->second) + 1;
    r.day_count = static_cast<uint32_t>(days);
    r.start = c->keep(s->first);
    r.end = c->keep(e->second);
    const auto& before = c->plugin->options.periodBefore;
    r.before_start = c->keep(before ? before->first : shiftDay(s->first, -days));
    r.before_end = c->keep(before ? before->second : shiftDay(s->first, -1));
    return OMCP_OK;
}

bool sectionRefused(omcp_host* host, const omcp_resource_desc* d)
{
    return pluginOf(host)->options.refuseSections && (d->flags & OMCP_RESOURCE_SECTION) != 0;
}

omcp_status apiRegisterTool(omcp_host* host, const omcp_tool_desc* d)
{
    ToolReg t;
    t.name = str(d->name);
    t.title = str(d->title);
    t.description = str(d->description);
    t.scope = str(d->required_scope);
    t.inputSchema = d->input_schema_json ? json::parse(d->input_schema_json) : json();
    t.outputSchema = d->output_schema_json ? json::parse(d->output_schema_json) : json();
    t.flags = d->flags;
    t.handler = d->handler;
    t.userData = d->user_data;
    pluginOf(host)->tools.push_back(std::move(t));
    return OMCP_OK;
}

omcp_status registerResource(omcp_host* host, const omcp_resource_desc* d, bool isTemplate)
{
    if (sectionRefused(host, d))
        return OMCP_E_INVALID_ARGUMENT;
    ResourceReg r;
    r.uri = str(d->uri);
    r.name = str(d->name);
    r.title = str(d->title);
    r.description = str(d->description);
    r.mimeType = str(d->mime_type);
    r.flags = d->flags;
    r.isTemplate = isTemplate;
    r.handler = d->handler;
    r.userData = d->user_data;
    pluginOf(host)->resources.push_back(std::move(r));
    return OMCP_OK;
}

omcp_status apiRegisterResource(omcp_host* host, const omcp_resource_desc* d)
{
    return registerResource(host, d, false);
}

omcp_status apiRegisterTemplate(omcp_host* host, const omcp_resource_desc* d)
{
    return registerResource(host, d, true);
}

omcp_status apiRegisterPrompt(omcp_host* host, const omcp_prompt_desc* d)
{
    PromptReg p;
    p.name = str(d->name);
    p.title = str(d->title);
    p.description = str(d->description);
    for (size_t i = 0; i < d->argument_count; ++i)
    {
        PromptArg a;
        a.name = str(d->arguments[i].name);
        a.description = str(d->arguments[i].description);
        a.required = (d->arguments[i].flags & OMCP_PROMPT_ARGUMENT_REQUIRED) != 0;
        for (const char* const* c = d->arguments[i].completions; c && *c; ++c)
            a.completions.push_back(*c);
        p.arguments.push_back(std::move(a));
    }
    p.handler = d->handler;
    p.userData = d->user_data;
    pluginOf(host)->prompts.push_back(std::move(p));
    return OMCP_OK;
}

void apiSetError(omcp_host* host, const char* message, size_t len)
{
    pluginOf(host)->initError = str(message, len);
}

omcp_status apiGetCollection(omcp_call* call, const omcp_collection_request* req, const omcp_response** out)
{
    FakeCall* c = callOf(call);
    CollectionRequest r;
    r.collection = str(req->collection);
    if (req->start.data)
        r.start = str(req->start);
    if (req->end.data)
        r.end = str(req->end);
    for (size_t i = 0; i < req->extra_count; ++i)
        r.extra.emplace_back(str(req->extra[i].key), str(req->extra[i].value));
    r.flags = req->flags;
    c->result.requests.push_back(r);
    auto& h = c->held.emplace_back();
    h.canned = (*c->responder) ? (*c->responder)(r) : CannedResponse{};
    h.response.struct_size = sizeof(omcp_response);
    h.response.http_status = h.canned.status == OMCP_OK ? 200 : 403;
    if (h.canned.status == OMCP_OK)
    {
        h.response.body = view(h.canned.body);
        h.response.start_day = optionalView(h.canned.startDay);
        h.response.end_day = optionalView(h.canned.endDay);
        h.response.data_note = optionalView(h.canned.note);
    }
    else
        h.response.error = view(h.canned.error);
    *out = &h.response;
    return h.canned.status;
}

omcp_status apiResultText(omcp_call* call, const char* text, size_t len)
{
    callOf(call)->result.texts.emplace_back(text, len);
    return OMCP_OK;
}

omcp_status apiResultJson(omcp_call* call, const char* text, size_t len)
{
    auto& r = callOf(call)->result;
    r.structuredText.assign(text, len);
    auto j = json::parse(r.structuredText, nullptr, false);
    if (j.is_discarded())
        return OMCP_E_INVALID_ARGUMENT;
    r.structured = std::move(j);
    return OMCP_OK;
}

omcp_status apiResultError(omcp_call* call, const char* message, size_t len)
{
    auto* c = callOf(call);
    c->result.errorMessage = str(message, len);
    c->result.isError = true; // as the real host: in a prompt handler this rejects the arguments (-32602)
    return OMCP_OK;
}

omcp_status apiResultMessage(omcp_call* call, int32_t role, const char* text, size_t len)
{
    if (role != OMCP_ROLE_USER && role != OMCP_ROLE_ASSISTANT)
        return OMCP_E_INVALID_ARGUMENT;
    callOf(call)->result.messages.emplace_back(role == OMCP_ROLE_USER ? "user" : "assistant", str(text, len));
    return OMCP_OK;
}

omcp_status apiProgress(omcp_call*, double, double, const char*, size_t)
{
    return OMCP_OK;
}

int32_t apiCancelled(omcp_call*)
{
    return 0;
}

const omcp_host_api& fakeApi()
{
    static const omcp_host_api api = [] {
        omcp_host_api a{};
        a.struct_size = sizeof(omcp_host_api);
        a.abi_major = OMCP_ABI_MAJOR;
        a.abi_minor = OMCP_ABI_MINOR;
        a.log = apiLog;
        a.config_get = apiConfigGet;
        a.now_unix_ms = apiNow;
        a.today = apiToday;
        a.resolve_dates = apiResolve;
        a.register_tool = apiRegisterTool;
        a.register_resource = apiRegisterResource;
        a.register_resource_template = apiRegisterTemplate;
        a.register_prompt = apiRegisterPrompt;
        a.set_error = apiSetError;
        a.get_collection = apiGetCollection;
        a.result_text = apiResultText;
        a.result_json = apiResultJson;
        a.result_error = apiResultError;
        a.result_message = apiResultMessage;
        a.report_progress = apiProgress;
        a.is_cancelled = apiCancelled;
        return a;
    }();
    return api;
}

} // namespace

std::optional<std::pair<std::string, std::string>> fakeResolve(const std::string& today,
                                                               const std::string& text)
{
    if (text.size() == 10 && omcp::CivilTime::dayNumber(text))
        return std::make_pair(text, text);
    if (text == "today" || text == "last night")
        return std::make_pair(today, today);
    if (text == "yesterday")
        return std::make_pair(shiftDay(today, -1), shiftDay(today, -1));
    if (text == "last week")
        return std::make_pair(shiftDay(today, -6), today);
    unsigned n = 0;
    char unit[16] = {0};
    int used = 0;
    if (std::sscanf(text.c_str(), "last %u %15s%n", &n, unit, &used) == 2 &&
        used == static_cast<int>(text.size()) && n > 0 && std::string(unit) == "days")
        return std::make_pair(shiftDay(today, -static_cast<int64_t>(n) + 1), today);
    return std::nullopt;
}

std::unique_ptr<FakePlugin> FakePlugin::load(const std::string& id, FakeOptions options)
{
    const std::string path = std::string(OURA_MCP_TEST_PLUGIN_DIR) + "/" + id + ".so";
    void* handle = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (!handle)
        throw std::runtime_error("cannot load " + path + ": " + dlerror());
    auto describe = reinterpret_cast<omcp_describe_fn>(dlsym(handle, OMCP_ENTRY_SYMBOL));
    if (!describe)
        throw std::runtime_error(path + " has no " OMCP_ENTRY_SYMBOL);
    auto plugin = std::make_unique<FakePlugin>();
    plugin->options = std::move(options);
    plugin->descriptor = describe();
    for (const char* const* s = plugin->descriptor->scopes; s && *s; ++s)
        plugin->scopes.push_back(*s);
    void* state = nullptr;
    plugin->initStatus =
        plugin->descriptor->init(&fakeApi(), reinterpret_cast<omcp_host*>(plugin.get()), &state);
    return plugin; // never dlclose()d: plugins are not unloaded while the process runs
}

namespace {
std::map<std::string, std::unique_ptr<FakePlugin>>& registry()
{
    static std::map<std::string, std::unique_ptr<FakePlugin>> plugins;
    return plugins;
}
} // namespace

FakePlugin& loaded(const std::string& id)
{
    auto& p = registry()[id];
    if (!p)
        p = FakePlugin::load(id);
    return *p;
}

FakePlugin& reload(const std::string& id, FakeOptions options)
{
    auto& p = registry()[id];
    p = FakePlugin::load(id, std::move(options));
    return *p;
}

const ToolReg* FakePlugin::tool(const std::string& name) const
{
    for (const auto& t : tools)
        if (t.name == name)
            return &t;
    return nullptr;
}

const ResourceReg* FakePlugin::resource(const std::string& uri, bool isTemplate) const
{
    for (const auto& r : resources)
        if (r.uri == uri && r.isTemplate == isTemplate)
            return &r;
    return nullptr;
}

const PromptReg* FakePlugin::prompt(const std::string& name) const
{
    for (const auto& p : prompts)
        if (p.name == name)
            return &p;
    return nullptr;
}

CallResult FakePlugin::callTool(const std::string& name, const json& args, const Responder& responder)
{
    const ToolReg* t = tool(name);
    if (!t)
        throw std::runtime_error("no tool " + name);
    FakeCall call;
    call.plugin = this;
    call.responder = &responder;
    const std::string text = args.dump();
    call.result.status =
        t->handler(t->userData, reinterpret_cast<omcp_call*>(&call), text.c_str(), text.size());
    return std::move(call.result);
}

CallResult FakePlugin::readResource(const std::string& uri, bool isTemplate, const json& variables,
                                    const Responder& responder)
{
    const ResourceReg* r = resource(uri, isTemplate);
    if (!r)
        throw std::runtime_error("no resource " + uri);
    FakeCall call;
    call.plugin = this;
    call.responder = &responder;
    const std::string vars = variables.dump();
    call.result.status = r->handler(r->userData, reinterpret_cast<omcp_call*>(&call), uri.c_str(), uri.size(),
                                    vars.c_str(), vars.size());
    return std::move(call.result);
}

CallResult FakePlugin::getPrompt(const std::string& name, const json& args, const Responder& responder)
{
    const PromptReg* p = prompt(name);
    if (!p)
        throw std::runtime_error("no prompt " + name);
    FakeCall call;
    call.plugin = this;
    call.responder = &responder;
    call.isPrompt = true;
    const std::string text = args.dump();
    call.result.status =
        p->handler(p->userData, reinterpret_cast<omcp_call*>(&call), text.c_str(), text.size());
    return std::move(call.result);
}

} // namespace OuraMcp::DomainTest

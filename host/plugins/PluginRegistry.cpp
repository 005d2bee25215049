#include "plugins/PluginRegistry.h"

#include "mcp/ProtocolError.h"
#include "oura/CollectionRules.h"
#include "plugins/HostApi.h"
#include "plugins/PluginHandles.h"
#include "plugins/SchemaValidator.h"
#include "util/Log.h"

#include <algorithm>
#include <atomic>
#include <cctype>
#include <future>
#include <system_error>

namespace OuraMcp::Plugins {

namespace {

using Util::Log;

constexpr std::size_t kMaxCompletionValues = 100;

Json textBlock(std::string text)
{
    // Built member by member: an initializer list would copy the text once more.
    Json block = Json::object();
    block["type"] = "text";
    block["text"] = std::move(text);
    return block;
}

Json errorResult(const std::string& message)
{
    return Json{{"content", Json::array({textBlock(message)})}, {"isError", true}};
}

struct Outcome
{
    omcp_status status = OMCP_OK;
    std::string exception; ///< non-empty if the handler threw (the contract forbids it; we survive it)
};

template <typename Fn>
Outcome invokeHandler(Fn&& fn) noexcept
{
    try
    {
        return Outcome{fn(), std::string()};
    }
    catch (const std::exception& e)
    {
        return Outcome{OMCP_E_INTERNAL, std::string("an exception escaped the handler: ") + e.what()};
    }
    catch (...)
    {
        return Outcome{OMCP_E_INTERNAL, "an exception escaped the handler"};
    }
}

/// The text for a handler that could not build a result (plugin_abi.h section 5).
std::string failureText(const omcp_call& call, const Outcome& outcome)
{
    const omcp_host& plugin = *call.host;
    if (outcome.status == OMCP_E_AUTH_REQUIRED)
    {
        if (call.lastServiceStatus == OMCP_E_AUTH_REQUIRED && !call.lastServiceMessage.empty())
            return call.lastServiceMessage;
        if (plugin.services && !plugin.services->authRequiredMessage.empty())
            return plugin.services->authRequiredMessage;
    }
    std::string text = plugin.id + " plugin failed: " + HostApi::statusName(outcome.status);
    if (outcome.status > 0)
        text += " (" + std::to_string(outcome.status) + ")";
    if (!outcome.exception.empty())
        text += " (" + outcome.exception + ")";
    else if (outcome.status == call.lastServiceStatus && !call.lastServiceMessage.empty())
        text += ": " + call.lastServiceMessage;
    return text;
}

void putOptional(Json& j, const char* key, const std::optional<std::string>& value)
{
    if (value)
        j[key] = *value;
}

std::string lower(std::string s)
{
    std::transform(s.begin(), s.end(), s.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

std::string joinTexts(const std::vector<std::string>& texts)
{
    std::string out;
    for (const auto& t : texts)
        out += (out.empty() ? "" : " ") + t;
    return out;
}

} // namespace

PluginRegistry::PluginRegistry(LoadResult loaded)
    : _report(std::move(loaded.report)), _plugins(std::move(loaded.plugins)),
      _failed(std::move(loaded.failed))
{
    // The loader refused duplicates across plugins already; maps give the sorted, deterministic order.
    for (const auto& plugin : _plugins)
    {
        for (const auto& t : plugin->tools)
            _tools.emplace(t.name, &t);
        for (const auto& r : plugin->resources)
            _resources[r.uri].push_back(&r);
        for (const auto& r : plugin->templates)
            _templates[r.uri].push_back(&r);
        for (const auto& p : plugin->prompts)
            _prompts.emplace(p.name, &p);
    }
    auto byPlugin = [](const ResourceEntry* a, const ResourceEntry* b) {
        return a->plugin->id < b->plugin->id;
    };
    for (auto* routes : {&_resources, &_templates})
    {
        for (auto& [uri, entries] : *routes)
            std::sort(entries.begin(), entries.end(), byPlugin);
    }
}

PluginRegistry::~PluginRegistry()
{
    shutdown();
}

void PluginRegistry::shutdown()
{
    std::call_once(_shutdown, [this] {
        _down.store(true);
        shutdownPlugins(_plugins);
    });
}

std::set<std::string> PluginRegistry::scopes() const
{
    std::set<std::string> all;
    if (_down.load())
        return all;
    for (const auto& plugin : _plugins)
        all.insert(plugin->scopes.begin(), plugin->scopes.end());
    return all;
}

std::string PluginRegistry::toolScope(const std::string& name) const
{
    auto it = _tools.find(name);
    return it == _tools.end() ? std::string() : it->second->requiredScope;
}

// ---- tools ---------------------------------------------------------------------------------------------

std::vector<Json> PluginRegistry::tools() const
{
    std::vector<Json> out;
    if (_down.load())
        return out;
    for (const auto& [name, tool] : _tools)
    {
        Json j;
        j["name"] = name;
        putOptional(j, "title", tool->title);
        putOptional(j, "description", tool->description);
        j["inputSchema"] = tool->inputSchema;
        if (tool->outputSchema)
            j["outputSchema"] = *tool->outputSchema;
        const bool readOnly = (tool->flags & OMCP_TOOL_READ_ONLY) != 0;
        Json annotations = Json::object();
        putOptional(annotations, "title", tool->title);
        annotations["readOnlyHint"] = readOnly;
        annotations["destructiveHint"] = !readOnly && (tool->flags & OMCP_TOOL_DESTRUCTIVE) != 0;
        annotations["idempotentHint"] = (tool->flags & OMCP_TOOL_IDEMPOTENT) != 0;
        annotations["openWorldHint"] = (tool->flags & OMCP_TOOL_OPEN_WORLD) != 0;
        j["annotations"] = std::move(annotations);
        Json meta{{"oura-mcp/plugin", tool->plugin->id}};
        if (!tool->requiredScope.empty())
            meta["oura-mcp/scope"] = tool->requiredScope;
        j["_meta"] = std::move(meta);
        out.push_back(std::move(j));
    }
    return out;
}

std::optional<Json> PluginRegistry::callTool(const std::string& name, const Json& arguments,
                                             Mcp::RequestContext& ctx)
{
    if (_down.load())
        return std::nullopt;
    auto it = _tools.find(name);
    if (it == _tools.end())
        return std::nullopt;
    const ToolEntry& tool = *it->second;
    const std::string& pluginId = tool.plugin->id;

    const Json args = arguments.is_null() ? Json::object() : arguments;
    if (auto problem = SchemaValidator::validate(tool.inputSchema, args, "arguments"))
        return errorResult("Invalid arguments for " + name + ": " + *problem);
    const std::string argsText = args.dump();

    omcp_call call;
    call.host = tool.plugin;
    call.kind = omcp_call::Kind::Tool;
    call.context = &ctx;
    call.requiredScope = tool.requiredScope;
    const Outcome outcome =
        invokeHandler([&] { return tool.handler(tool.userData, &call, argsText.c_str(), argsText.size()); });

    if (!outcome.exception.empty())
        ctx.log(Log::Level::Error, "plugins",
                "plugin " + pluginId + ", tool " + name + ": " + outcome.exception);
    if (outcome.status != OMCP_OK)
        return errorResult(failureText(call, outcome));

    Json content = Json::array();
    for (auto& text : call.texts)
        content.push_back(textBlock(std::move(text))); // the call ends here: its texts are moved out
    if (call.isError)
    {
        if (content.empty() && call.json)
            content.push_back(textBlock(call.json->dump()));
        return Json{{"content", std::move(content)}, {"isError", true}};
    }
    if (content.empty() && !call.json)
    {
        const std::string message = pluginId + " plugin returned no result for " + name;
        ctx.log(Log::Level::Error, "plugins", message);
        return errorResult(message);
    }

    Json result;
    bool structured = false;
    if (tool.outputSchema)
    {
        if (!call.json)
        {
            const std::string message = pluginId + " plugin returned no structured content for " + name +
                                        ", although the tool declares an output schema";
            ctx.log(Log::Level::Error, "plugins", message);
            return errorResult(message);
        }
        if (auto problem = SchemaValidator::validate(*tool.outputSchema, *call.json, "structuredContent",
                                                     "structuredContent."))
        {
            const std::string message = pluginId + " plugin returned a result for " + name +
                                        " that does not match the tool's output schema: " + *problem;
            ctx.log(Log::Level::Error, "plugins", message);
            return errorResult(message);
        }
        structured = true;
    }
    else if (call.json && call.json->is_object())
        structured = true;

    // MCP: a tool returning structured content SHOULD also return it as text for older clients.
    if (call.json && call.texts.empty())
        content.push_back(textBlock(call.json->dump()));
    result["content"] = std::move(content);
    if (structured)
        result["structuredContent"] = std::move(*call.json); // moved, not copied: the call ends here
    return result;
}

// ---- resources -----------------------------------------------------------------------------------------

namespace {

/// The MCP Resource / ResourceTemplate object for a URI and its registrations.
Json describeResource(const char* key, const std::string& uri,
                      const std::vector<const ResourceEntry*>& entries)
{
    const ResourceEntry& first = *entries.front();
    Json j{{key, uri}, {"name", first.name}};
    putOptional(j, "title", first.title);
    putOptional(j, "description", first.description);
    j["mimeType"] = first.section ? std::string("application/json") : first.mimeType;
    return j;
}

struct SectionResult
{
    std::string plugin;
    std::optional<Json> json;
    std::string reason;
};

/// The single day a composite resource is about ("oura://summary/yesterday", or a template's {date}), or ""
/// if none of its variables or its last URI segment resolves to exactly one day.
std::string sectionDay(const HostServices& services, const std::string& uri, const Json& variables)
{
    if (!services.resolveDates)
        return {};
    std::vector<std::string> candidates;
    if (variables.is_object())
    {
        for (const auto& item : variables.items())
            if (item.value().is_string())
                candidates.push_back(item.value().get<std::string>());
    }
    const auto slash = uri.rfind('/');
    if (slash != std::string::npos)
        candidates.push_back(uri.substr(slash + 1));
    for (const auto& text : candidates)
    {
        Dates::DateRange range;
        std::string error;
        if (!text.empty() && services.resolveDates(text, "", range, error) && range.start == range.end)
            return range.start.toIso();
    }
    return {};
}

/// Starts reading, each on its own thread, that day of every dated collection the sections' plugins may
/// read (by their declared scopes). A section typically makes several dependent get_collection calls one
/// after another (the ABI runs a handler's calls on its thread); with the day's collections already in
/// flight, those calls join the same upstream requests in the data service's single-flight cache, so the
/// whole composite takes one round trip instead of three (docs/performance.md, summary). Results only
/// warm the cache: errors are left for the sections' own calls to report.
std::vector<std::future<void>> prefetchSectionDay(const std::vector<const ResourceEntry*>& sections,
                                                  const std::string& uri, const Json& variables,
                                                  const std::atomic<bool>& stop)
{
    std::vector<std::future<void>> started;
    if (sections.empty() || !sections.front()->plugin->services)
        return started;
    const HostServices& services = *sections.front()->plugin->services;
    Oura::DataService* data = services.data;
    if (!data)
        return started;
    const std::string day = sectionDay(services, uri, variables);
    if (day.empty())
        return started;
    std::set<std::string> scopes;
    for (const ResourceEntry* entry : sections)
        scopes.insert(entry->plugin->scopes.begin(), entry->plugin->scopes.end());
    for (const auto& rule : Oura::CollectionRules::all())
    {
        if (rule.dateParams == Oura::DateParams::None || !scopes.count(rule.scope))
            continue;
        auto read = [data, name = rule.name, day, &stop] {
            Oura::CollectionQuery query;
            query.collection = name;
            query.start = day;
            query.end = day;
            Oura::CallControl control;
            control.cancelled = [&stop] { return stop.load(); };
            data->getCollection(query, control);
        };
        try
        {
            started.push_back(std::async(std::launch::async, read));
        }
        catch (const std::system_error&)
        {
            break; // no thread available: the sections fetch for themselves, as without a prefetch
        }
    }
    return started;
}

} // namespace

std::vector<Json> PluginRegistry::resources() const
{
    std::vector<Json> out;
    if (_down.load())
        return out;
    for (const auto& [uri, entries] : _resources)
        out.push_back(describeResource("uri", uri, entries));
    return out;
}

std::vector<Json> PluginRegistry::resourceTemplates() const
{
    std::vector<Json> out;
    if (_down.load())
        return out;
    for (const auto& [text, entries] : _templates)
        out.push_back(describeResource("uriTemplate", text, entries));
    return out;
}

std::optional<Json> PluginRegistry::readResource(const std::string& uri, Mcp::RequestContext& ctx)
{
    if (_down.load())
        return std::nullopt;
    const std::vector<const ResourceEntry*>* entries = nullptr;
    Json variables = Json::object();
    if (auto it = _resources.find(uri); it != _resources.end())
        entries = &it->second;
    else
    {
        for (const auto& [text, candidates] : _templates)
        {
            std::map<std::string, std::string> vars;
            const auto& t = candidates.front()->uriTemplate;
            if (t && t->match(uri, vars))
            {
                entries = &candidates;
                for (const auto& [k, v] : vars)
                    variables[k] = v;
                break;
            }
        }
    }
    if (entries == nullptr)
        return std::nullopt;
    if (entries->front()->section)
        return readSections(*entries, uri, variables, ctx);
    bool notFound = false;
    Json result = readOne(*entries->front(), uri, variables, ctx, notFound);
    if (notFound)
        return std::nullopt;
    return result;
}

Json PluginRegistry::readOne(const ResourceEntry& entry, const std::string& uri, const Json& variables,
                             Mcp::RequestContext& ctx, bool& notFound)
{
    const std::string variablesText = variables.dump();
    omcp_call call;
    call.host = entry.plugin;
    call.kind = omcp_call::Kind::Resource;
    call.context = &ctx;
    const Outcome outcome = invokeHandler([&] {
        return entry.handler(entry.userData, &call, uri.c_str(), uri.size(), variablesText.c_str(),
                             variablesText.size());
    });
    const std::string& pluginId = entry.plugin->id;
    if (!outcome.exception.empty())
        ctx.log(Log::Level::Error, "plugins",
                "plugin " + pluginId + ", resource " + uri + ": " + outcome.exception);
    if (outcome.status == OMCP_E_NOT_FOUND && outcome.exception.empty())
    {
        notFound = true;
        return Json();
    }
    if (outcome.status != OMCP_OK)
        throw Mcp::ProtocolError(Mcp::ProtocolError::InternalError, failureText(call, outcome));
    if (call.isError)
        throw Mcp::ProtocolError(Mcp::ProtocolError::InternalError,
                                 pluginId + " plugin could not read " + uri + ": " + joinTexts(call.texts));

    Json contents = Json::array();
    for (const auto& text : call.texts)
        contents.push_back(Json{{"uri", uri}, {"mimeType", entry.mimeType}, {"text", text}});
    if (call.json)
        contents.push_back(Json{{"uri", uri}, {"mimeType", "application/json"}, {"text", call.json->dump()}});
    if (contents.empty())
    {
        const std::string message = pluginId + " plugin returned no content for " + uri;
        ctx.log(Log::Level::Error, "plugins", message);
        throw Mcp::ProtocolError(Mcp::ProtocolError::InternalError, message);
    }
    return Json{{"contents", std::move(contents)}};
}

Json PluginRegistry::readSections(const std::vector<const ResourceEntry*>& sections, const std::string& uri,
                                  const Json& variables, Mcp::RequestContext& ctx)
{
    const std::string variablesText = variables.dump();
    // Runs on whichever thread executes it; the omcp_call is made there, so its thread check holds.
    auto readSection = [&](const ResourceEntry* entry) {
        SectionResult r;
        r.plugin = entry->plugin->id;
        omcp_call call;
        call.host = entry->plugin;
        call.kind = omcp_call::Kind::Resource;
        call.context = &ctx;
        const Outcome outcome = invokeHandler([&] {
            return entry->handler(entry->userData, &call, uri.c_str(), uri.size(), variablesText.c_str(),
                                  variablesText.size());
        });
        if (!outcome.exception.empty())
            ctx.log(Log::Level::Error, "plugins",
                    "plugin " + r.plugin + ", section of " + uri + ": " + outcome.exception);
        if (outcome.status != OMCP_OK)
            r.reason = failureText(call, outcome);
        else if (call.isError)
            r.reason = r.plugin + " plugin could not build its section: " + joinTexts(call.texts);
        else if (!call.json)
            r.reason = r.plugin + " plugin returned no JSON for its section";
        else
            r.json = std::move(call.json);
        return r;
    };

    // Sections are independent, so they run concurrently, and the day's collections they will ask for
    // one after another are fetched side by side meanwhile.
    std::atomic<bool> stopPrefetch{false};
    std::vector<std::future<void>> prefetch = prefetchSectionDay(sections, uri, variables, stopPrefetch);
    std::vector<std::future<SectionResult>> pending;
    std::vector<SectionResult> results(sections.size());
    for (std::size_t i = 0; i < sections.size(); ++i)
    {
        try
        {
            pending.push_back(std::async(std::launch::async, readSection, sections[i]));
        }
        catch (const std::system_error&)
        {
            pending.emplace_back(); // no thread available: read it here below
        }
    }
    for (std::size_t i = 0; i < sections.size(); ++i)
        results[i] = pending[i].valid() ? pending[i].get() : readSection(sections[i]);
    // A prefetch no section needed is not waited out: it stops at its next cancellation point.
    stopPrefetch.store(true);
    for (auto& f : prefetch)
        f.wait();

    Json composite{{"sections", Json::object()}, {"missing", Json::array()}};
    std::set<std::string> contributors;
    for (auto& r : results)
    {
        contributors.insert(r.plugin);
        if (r.json)
            composite["sections"][r.plugin] = std::move(*r.json);
        else
            composite["missing"].push_back(Json{{"plugin", r.plugin}, {"reason", r.reason}});
    }
    for (const auto& id : _expectedSections)
    {
        if (!contributors.count(id))
            composite["missing"].push_back(
                Json{{"plugin", id},
                     {"reason",
                      "the " + id + " plugin is not installed, so this answer has no " + id + " section"}});
    }
    return Json{
        {"contents",
         Json::array({Json{{"uri", uri}, {"mimeType", "application/json"}, {"text", composite.dump()}}})}};
}

void PluginRegistry::setExpectedSections(std::set<std::string> pluginIds)
{
    _expectedSections = std::move(pluginIds);
}

// ---- prompts -------------------------------------------------------------------------------------------

std::vector<Json> PluginRegistry::prompts() const
{
    std::vector<Json> out;
    if (_down.load())
        return out;
    for (const auto& [name, p] : _prompts)
    {
        Json j{{"name", name}};
        putOptional(j, "title", p->title);
        putOptional(j, "description", p->description);
        if (!p->arguments.empty())
        {
            Json args = Json::array();
            for (const auto& a : p->arguments)
            {
                Json arg{{"name", a.name}};
                putOptional(arg, "description", a.description);
                arg["required"] = a.required;
                args.push_back(std::move(arg));
            }
            j["arguments"] = std::move(args);
        }
        out.push_back(std::move(j));
    }
    return out;
}

std::optional<Json> PluginRegistry::getPrompt(const std::string& name, const Json& arguments,
                                              Mcp::RequestContext& ctx)
{
    using Mcp::ProtocolError;
    if (_down.load())
        return std::nullopt;
    auto it = _prompts.find(name);
    if (it == _prompts.end())
        return std::nullopt;
    const PromptEntry& prompt = *it->second;

    if (!arguments.is_null() && !arguments.is_object())
        throw ProtocolError(ProtocolError::InvalidParams,
                            "Arguments for prompt " + name + " must be an object of strings");
    Json args = Json::object();
    if (arguments.is_object())
    {
        for (auto a = arguments.begin(); a != arguments.end(); ++a)
        {
            const bool known = std::any_of(prompt.arguments.begin(), prompt.arguments.end(),
                                           [&](const PromptArgumentEntry& d) { return d.name == a.key(); });
            if (!known)
            {
                std::string accepted;
                for (const auto& d : prompt.arguments)
                    accepted += (accepted.empty() ? "" : ", ") + d.name;
                throw ProtocolError(ProtocolError::InvalidParams,
                                    "Unknown argument '" + a.key() + "' for prompt " + name +
                                        " (accepted: " + (accepted.empty() ? "none" : accepted) + ")");
            }
            if (!a.value().is_string())
                throw ProtocolError(ProtocolError::InvalidParams,
                                    "Argument '" + a.key() + "' for prompt " + name + " must be a string");
            args[a.key()] = a.value();
        }
    }
    for (const auto& d : prompt.arguments)
    {
        if (d.required && !args.contains(d.name))
            throw ProtocolError(ProtocolError::InvalidParams,
                                "Missing required argument '" + d.name + "' for prompt " + name);
    }

    const std::string argsText = args.dump();
    omcp_call call;
    call.host = prompt.plugin;
    call.kind = omcp_call::Kind::Prompt;
    call.context = &ctx;
    const Outcome outcome = invokeHandler(
        [&] { return prompt.handler(prompt.userData, &call, argsText.c_str(), argsText.size()); });
    const std::string& pluginId = prompt.plugin->id;
    if (!outcome.exception.empty())
        ctx.log(Log::Level::Error, "plugins",
                "plugin " + pluginId + ", prompt " + name + ": " + outcome.exception);
    if (outcome.status != OMCP_OK)
        throw ProtocolError(ProtocolError::InternalError, failureText(call, outcome));
    if (call.isError) // the plugin refused the arguments (plugin_abi.h: result_error in a prompt handler)
        throw ProtocolError(ProtocolError::InvalidParams, "prompt " + name + ": " + joinTexts(call.texts));
    if (call.messages.empty())
    {
        const std::string message = pluginId + " plugin returned no messages for prompt " + name;
        ctx.log(Log::Level::Error, "plugins", message);
        throw ProtocolError(ProtocolError::InternalError, message);
    }
    Json result = Json::object();
    putOptional(result, "description", prompt.description);
    Json messages = Json::array();
    for (const auto& [role, text] : call.messages)
        messages.push_back(Json{{"role", role}, {"content", textBlock(text)}});
    result["messages"] = std::move(messages);
    return result;
}

Json PluginRegistry::complete(const Json& ref, const std::string& argument, const std::string& value,
                              const Json& /*contextArguments*/)
{
    Json values = Json::array();
    std::size_t total = 0;
    if (!_down.load() && ref.is_object() && ref.value("type", "") == "ref/prompt")
    {
        auto it = _prompts.find(ref.value("name", ""));
        if (it != _prompts.end())
        {
            const std::string prefix = lower(value);
            for (const auto& a : it->second->arguments)
            {
                if (a.name != argument)
                    continue;
                for (const auto& candidate : a.completions)
                {
                    if (lower(candidate).compare(0, prefix.size(), prefix) != 0)
                        continue;
                    ++total;
                    if (values.size() < kMaxCompletionValues)
                        values.push_back(candidate);
                }
            }
        }
    }
    // Resource templates have no completion lists in ABI 1.0, so ref/resource gets no values.
    return Json{{"values", std::move(values)}, {"total", total}, {"hasMore", total > kMaxCompletionValues}};
}

} // namespace OuraMcp::Plugins

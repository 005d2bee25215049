#include "catalog/PluginCatalog.h"

#include "catalog/CompositeResource.h"
#include "catalog/HandlerInvocation.h"
#include "loader/HostApi.h"
#include "loader/PluginHandles.h"
#include "mcp/ProtocolError.h"
#include "util/Log.h"
#include "util/SchemaValidator.h"

#include <algorithm>
#include <atomic>
#include <cctype>

namespace OuraMcp::Catalog {

namespace {

using Loader::PromptArgumentEntry;
using Loader::PromptEntry;
using Loader::ResourceEntry;
using Loader::ToolEntry;
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

} // namespace

PluginCatalog::PluginCatalog(Loader::LoadResult loaded)
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

PluginCatalog::~PluginCatalog()
{
    shutdown();
}

void PluginCatalog::shutdown()
{
    std::call_once(_shutdown, [this] {
        _down.store(true);
        Loader::shutdownPlugins(_plugins);
    });
}

std::set<std::string> PluginCatalog::scopes() const
{
    std::set<std::string> all;
    if (_down.load())
        return all;
    for (const auto& plugin : _plugins)
        all.insert(plugin->scopes.begin(), plugin->scopes.end());
    return all;
}

std::string PluginCatalog::toolScope(const std::string& name) const
{
    auto it = _tools.find(name);
    return it == _tools.end() ? std::string() : it->second->requiredScope;
}

// ---- tools ---------------------------------------------------------------------------------------------

std::vector<Json> PluginCatalog::tools() const
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

std::optional<Json> PluginCatalog::callTool(const std::string& name, const Json& arguments,
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
    if (auto problem = Util::SchemaValidator::validate(tool.inputSchema, args, "arguments"))
        return errorResult("Invalid arguments for " + name + ": " + *problem);
    const std::string argsText = args.dump();

    omcp_call call;
    call.host = tool.plugin;
    call.kind = omcp_call::Kind::Tool;
    call.context = &ctx;
    call.requiredScope = tool.requiredScope;
    const HandlerOutcome outcome =
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
        if (auto problem = Util::SchemaValidator::validate(*tool.outputSchema, *call.json,
                                                           "structuredContent", "structuredContent."))
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

std::optional<std::string> PluginCatalog::memoVariant(const std::string& name) const
{
    if (_down.load())
        return std::nullopt;
    const auto it = _tools.find(name);
    if (it == _tools.end())
        return std::nullopt;
    const ToolEntry& tool = *it->second;
    constexpr uint32_t pure = OMCP_TOOL_READ_ONLY | OMCP_TOOL_IDEMPOTENT;
    if ((tool.flags & pure) != pure || tool.plugin == nullptr)
        return std::nullopt;
    return Loader::HostApi::today(*tool.plugin).toIso();
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

} // namespace

std::vector<Json> PluginCatalog::resources() const
{
    std::vector<Json> out;
    if (_down.load())
        return out;
    for (const auto& [uri, entries] : _resources)
        out.push_back(describeResource("uri", uri, entries));
    return out;
}

std::vector<Json> PluginCatalog::resourceTemplates() const
{
    std::vector<Json> out;
    if (_down.load())
        return out;
    for (const auto& [text, entries] : _templates)
        out.push_back(describeResource("uriTemplate", text, entries));
    return out;
}

std::optional<Json> PluginCatalog::readResource(const std::string& uri, Mcp::RequestContext& ctx)
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
        return CompositeResource(*entries, _expectedSections).read(uri, variables, ctx);
    bool notFound = false;
    Json result = readOne(*entries->front(), uri, variables, ctx, notFound);
    if (notFound)
        return std::nullopt;
    return result;
}

Json PluginCatalog::readOne(const ResourceEntry& entry, const std::string& uri, const Json& variables,
                            Mcp::RequestContext& ctx, bool& notFound)
{
    const std::string variablesText = variables.dump();
    omcp_call call;
    call.host = entry.plugin;
    call.kind = omcp_call::Kind::Resource;
    call.context = &ctx;
    const HandlerOutcome outcome = invokeHandler([&] {
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

void PluginCatalog::setExpectedSections(std::set<std::string> pluginIds)
{
    _expectedSections = std::move(pluginIds);
}

// ---- prompts -------------------------------------------------------------------------------------------

std::vector<Json> PluginCatalog::prompts() const
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

std::optional<Json> PluginCatalog::getPrompt(const std::string& name, const Json& arguments,
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
    const HandlerOutcome outcome = invokeHandler(
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

Json PluginCatalog::complete(const Json& ref, const std::string& argument, const std::string& value,
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

} // namespace OuraMcp::Catalog

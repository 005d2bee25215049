#include "mcp/RequestHandler.h"

#include "mcp/CallMemo.h"
#include "mcp/JsonRpc.h"
#include "mcp/ListCache.h"
#include "mcp/LogLevel.h"
#include "mcp/Pagination.h"
#include "mcp/ProtocolError.h"
#include "mcp/ProtocolVersion.h"
#include "mcp/Session.h"

namespace OuraMcp::Mcp {

namespace {

constexpr const char* ServerInfoKey = "io.modelcontextprotocol/serverInfo";
constexpr std::size_t MaxCompletionValues = 100;

bool atLeast(const std::string& version, const char* revision)
{
    return ProtocolVersion::atLeast(version, revision);
}

/// Drops the Tool fields a legacy revision does not define (title/outputSchema came with 2025-06-18,
/// annotations with 2025-03-26, icons/execution with 2025-11-25).
Json gateTool(Json tool, const std::string& version)
{
    if (!tool.is_object())
        return tool;
    if (!atLeast(version, "2025-06-18"))
    {
        tool.erase("title");
        tool.erase("outputSchema");
    }
    if (!atLeast(version, "2025-03-26"))
        tool.erase("annotations");
    if (!atLeast(version, "2025-11-25"))
    {
        tool.erase("icons");
        tool.erase("execution");
    }
    return tool;
}

/// The same for resources, resource templates and prompts (and prompt arguments).
Json gateDescriptor(Json item, const std::string& version)
{
    if (!item.is_object())
        return item;
    if (!atLeast(version, "2025-06-18"))
    {
        item.erase("title");
        auto arguments = item.find("arguments");
        if (arguments != item.end() && arguments->is_array())
        {
            for (auto& argument : *arguments)
            {
                if (argument.is_object())
                    argument.erase("title");
            }
        }
    }
    if (!atLeast(version, "2025-11-25"))
        item.erase("icons");
    return item;
}

Json gateToolResult(Json result, const std::string& version)
{
    if (!atLeast(version, "2025-06-18"))
        result.erase("structuredContent");
    return result;
}

const std::string& requireString(const Json& params, const char* field, const std::string& message)
{
    auto it = params.find(field);
    if (it == params.end() || !it->is_string())
        throw ProtocolError(ProtocolError::InvalidParams, message);
    return it->get_ref<const std::string&>();
}

} // namespace

bool RequestHandler::runsOnWorker(const std::string& method)
{
    return method == "tools/call" || method == "resources/read" || method == "prompts/get" ||
           method == "completion/complete";
}

Response RequestHandler::handle(const Request& request, RequestContext* context)
{
    const std::string& method = request.method;
    if (method == "tools/list" || method == "resources/list" || method == "resources/templates/list" ||
        method == "prompts/list")
        return Response(request.id, cachedList(request));
    if (method == "tools/call" && _session.options().callMemo)
    {
        if (auto key = memoKey(request))
            return memoisedCall(request, context, *_session.options().callMemo, *key);
    }
    return JsonRpc::result(request.id, result(request, context));
}

std::optional<std::string> RequestHandler::memoKey(const Request& request) const
{
    const auto name = request.params.find("name");
    if (name == request.params.end() || !name->is_string())
        return std::nullopt;
    Json arguments = Json::object();
    const auto given = request.params.find("arguments");
    if (given != request.params.end() && !given->is_null())
    {
        if (!given->is_object())
            return std::nullopt; // refused by callTool: nothing to memoise
        arguments = *given;
    }
    auto variant = _session.catalog().memoVariant(name->get_ref<const std::string&>());
    if (!variant)
        return std::nullopt;
    // Everything the result depends on besides the user (the memo's principal): the revision and era shape
    // it (gateToolResult, finish), the catalog's variant holds the day relative dates resolve against, and
    // the arguments are kept in the client's order, as the tool sees them. Dumped as one array, so no two
    // different keys can spell the same text.
    Json key = Json::array();
    key.push_back(request.version);
    key.push_back(request.modern);
    key.push_back(*name);
    key.push_back(std::move(*variant));
    key.push_back(std::move(arguments));
    return key.dump(-1, ' ', false, Json::error_handler_t::replace);
}

Response RequestHandler::memoisedCall(const Request& request, RequestContext* context, CallMemo& memo,
                                      const std::string& key)
{
    // Taken before the tool reads any data, so that an entry never outlives started + ttl.
    const auto started = memo.now();
    Json built = result(request, context);
    SerializedResult text(built);
    const auto isError = built.find("isError");
    const bool failed = isError != built.end() && !(isError->is_boolean() && !isError->get<bool>());
    // The key is built again after the call: a call that ran across midnight may have resolved its dates
    // against either day, so it is stored under neither.
    if (!failed && memoKey(request) == key)
        memo.store(_session.principal(), key, text, started);
    return Response(request.id, std::move(text));
}

std::optional<SerializedResult> RequestHandler::memoised(const Request& request) const
{
    CallMemo* memo = _session.options().callMemo.get();
    if (memo == nullptr || request.method != "tools/call")
        return std::nullopt;
    const auto key = memoKey(request);
    if (!key)
        return std::nullopt;
    return memo->find(_session.principal(), *key);
}

SerializedResult RequestHandler::cachedList(const Request& request) const
{
    Catalog& catalog = _session.catalog();
    const std::string& method = request.method;
    const char* kind = "tools";
    const char* field = "tools";
    std::vector<Json> (Catalog::*items)() const = &Catalog::tools;
    if (method == "resources/list")
    {
        kind = field = "resources";
        items = &Catalog::resources;
    }
    else if (method == "resources/templates/list")
    {
        kind = "templates";
        field = "resourceTemplates";
        items = &Catalog::resourceTemplates;
    }
    else if (method == "prompts/list")
    {
        kind = field = "prompts";
        items = &Catalog::prompts;
    }
    // Keyed by the decoded offset, not the cursor's text, so that spellings of one offset share an entry.
    const std::size_t offset = Pagination::offset(request.params, kind);
    const std::string key =
        method + ' ' + request.version + (request.modern ? " modern " : " legacy ") + std::to_string(offset);
    return _session.lists().get(key, [&] { return list(request, (catalog.*items)(), kind, field); });
}

Json RequestHandler::result(const Request& request, RequestContext* context)
{
    const std::string& method = request.method;
    if (method == "initialize")
        return initialize(request);
    if (method == "server/discover")
        return discover(request);
    if (method == "ping" || method == "logging/setLevel")
    {
        if (request.modern)
            throw ProtocolError(ProtocolError::MethodNotFound, "Method not found: " + method +
                                                                   " does not exist in protocol version " +
                                                                   request.version);
        return method == "ping" ? Json::object() : setLevel(request);
    }
    if (runsOnWorker(method))
    {
        if (context == nullptr)
            throw ProtocolError(ProtocolError::InternalError, "Internal error: no request context");
        if (method == "tools/call")
            return callTool(request, *context);
        if (method == "resources/read")
            return readResource(request, *context);
        if (method == "prompts/get")
            return getPrompt(request, *context);
        return complete(request);
    }
    throw ProtocolError(ProtocolError::MethodNotFound, "Method not found: " + method);
}

Json RequestHandler::initialize(const Request& request)
{
    auto requested = request.params.find("protocolVersion");
    if (requested == request.params.end() || !requested->is_string())
        throw ProtocolError(ProtocolError::InvalidParams,
                            "Invalid params: initialize requires params.protocolVersion (a string)");
    const std::string version = ProtocolVersion::negotiateLegacy(requested->get<std::string>());
    _session.setNegotiatedVersion(version);
    Json result = Json::object();
    result["protocolVersion"] = version;
    result["capabilities"] = capabilities();
    result["serverInfo"] = serverInfo(version);
    if (!_session.info().instructions.empty())
        result["instructions"] = _session.info().instructions;
    return result;
}

Json RequestHandler::discover(const Request& request) const
{
    Json result = Json::object();
    result["resultType"] = "complete";
    result["supportedVersions"] = ProtocolVersion::supported();
    result["capabilities"] = capabilities();
    if (!_session.info().instructions.empty())
        result["instructions"] = _session.info().instructions;
    // Capabilities and instructions are as fixed as the catalog, and hold no user data.
    result["ttlMs"] = _session.options().catalogCacheTtl.count();
    result["cacheScope"] = "public";
    result["_meta"] = Json::object();
    result["_meta"][ServerInfoKey] = serverInfo(ProtocolVersion::Modern);
    (void)request;
    return result;
}

Json RequestHandler::setLevel(const Request& request)
{
    auto level = request.params.find("level");
    const int parsed = level != request.params.end() && level->is_string()
                           ? LogLevel::parse(level->get<std::string>())
                           : LogLevel::None;
    if (parsed == LogLevel::None)
        throw ProtocolError(
            ProtocolError::InvalidParams,
            "Invalid params: level must be one of debug, info, notice, warning, error, critical, "
            "alert, emergency");
    _session.setLegacyLogLevel(parsed);
    return Json::object();
}

Json RequestHandler::list(const Request& request, const std::vector<Json>& all, const char* kind,
                          const char* field) const
{
    const auto page = Pagination::page(all, request.params, kind, _session.options().pageSize);
    const bool tools = std::string(field) == "tools";
    Json items = Json::array();
    for (const auto& item : page.items)
        items.push_back(tools ? gateTool(item, request.version) : gateDescriptor(item, request.version));
    Json result = Json::object();
    result[field] = std::move(items);
    if (page.nextCursor)
        result["nextCursor"] = *page.nextCursor;
    return finish(request, std::move(result), Caching::Catalog);
}

Json RequestHandler::callTool(const Request& request, RequestContext& context)
{
    const std::string& name =
        requireString(request.params, "name", "Invalid params: params.name (the tool name) must be a string");
    Json arguments = Json::object();
    auto given = request.params.find("arguments");
    if (given != request.params.end() && !given->is_null())
    {
        if (!given->is_object())
            throw ProtocolError(ProtocolError::InvalidParams,
                                "Invalid params: tool arguments must be an object");
        arguments = *given;
    }
    auto result = _session.catalog().callTool(name, arguments, context);
    if (!result)
        throw ProtocolError(ProtocolError::InvalidParams, "Unknown tool: " + name);
    if (!result->is_object())
        throw ProtocolError(ProtocolError::InternalError,
                            "Internal error: tool " + name + " returned no result object");
    return finish(request, gateToolResult(std::move(*result), request.version), Caching::None);
}

Json RequestHandler::readResource(const Request& request, RequestContext& context)
{
    const std::string& uri = requireString(request.params, "uri",
                                           "Invalid params: params.uri (the resource URI) must be a string");
    auto result = _session.catalog().readResource(uri, context);
    if (!result)
    {
        Json data = Json::object();
        data["uri"] = uri;
        // 2026-07-28 retired -32002 in favour of -32602; older revisions still expect -32002.
        throw ProtocolError(request.modern ? ProtocolError::InvalidParams
                                           : ProtocolError::LegacyResourceNotFound,
                            "Resource not found: " + uri, data);
    }
    if (!result->is_object())
        throw ProtocolError(ProtocolError::InternalError,
                            "Internal error: resource returned no result object");
    return finish(request, std::move(*result), Caching::UserData);
}

Json RequestHandler::getPrompt(const Request& request, RequestContext& context)
{
    const std::string& name = requireString(request.params, "name",
                                            "Invalid params: params.name (the prompt name) must be a string");
    Json arguments = Json::object();
    auto given = request.params.find("arguments");
    if (given != request.params.end() && !given->is_null())
    {
        bool valid = given->is_object();
        for (auto it = given->begin(); valid && it != given->end(); ++it)
            valid = it->is_string();
        if (!valid)
            throw ProtocolError(ProtocolError::InvalidParams,
                                "Invalid params: prompt arguments must be an object of strings");
        arguments = *given;
    }
    auto result = _session.catalog().getPrompt(name, arguments, context);
    if (!result)
        throw ProtocolError(ProtocolError::InvalidParams, "Unknown prompt: " + name);
    if (!result->is_object())
        throw ProtocolError(ProtocolError::InternalError,
                            "Internal error: prompt " + name + " returned no result object");
    return finish(request, std::move(*result), Caching::None);
}

Json RequestHandler::complete(const Request& request)
{
    const Json& params = request.params;
    auto ref = params.find("ref");
    if (ref == params.end() || !ref->is_object())
        throw ProtocolError(ProtocolError::InvalidParams, "Invalid params: params.ref must be an object");
    const std::string& type = requireString(*ref, "type", "Invalid params: params.ref.type must be a string");
    if (type == "ref/prompt")
    {
        const std::string& name =
            requireString(*ref, "name", "Invalid params: params.ref.name (the prompt name) must be a string");
        bool known = false;
        for (const auto& prompt : _session.catalog().prompts())
            known = known || (prompt.is_object() && prompt.value("name", std::string()) == name);
        if (!known)
            throw ProtocolError(ProtocolError::InvalidParams, "Unknown prompt: " + name);
    }
    else if (type == "ref/resource")
        requireString(*ref, "uri", "Invalid params: params.ref.uri must be a string");
    else
        throw ProtocolError(ProtocolError::InvalidParams,
                            "Invalid params: params.ref.type must be \"ref/prompt\" or \"ref/resource\"");
    auto argument = params.find("argument");
    if (argument == params.end() || !argument->is_object())
        throw ProtocolError(ProtocolError::InvalidParams,
                            "Invalid params: params.argument must be an object");
    const std::string& name =
        requireString(*argument, "name", "Invalid params: params.argument.name must be a string");
    const std::string& value =
        requireString(*argument, "value", "Invalid params: params.argument.value must be a string");
    Json contextArguments = Json::object();
    auto context = params.find("context");
    if (context != params.end() && !context->is_null())
    {
        if (!context->is_object())
            throw ProtocolError(ProtocolError::InvalidParams,
                                "Invalid params: params.context must be an object");
        auto arguments = context->find("arguments");
        if (arguments != context->end() && !arguments->is_null())
        {
            if (!arguments->is_object())
                throw ProtocolError(ProtocolError::InvalidParams,
                                    "Invalid params: params.context.arguments must be an object");
            contextArguments = *arguments;
        }
    }
    Json completion = _session.catalog().complete(*ref, name, value, contextArguments);
    if (!completion.is_object() || !completion.contains("values") || !completion["values"].is_array())
        throw ProtocolError(ProtocolError::InternalError, "Internal error: completion returned no values");
    auto& values = completion["values"];
    if (values.size() > MaxCompletionValues)
    {
        // MCP caps a completion at 100 values; say that there is more rather than send an invalid result.
        values.erase(values.begin() + MaxCompletionValues, values.end());
        completion["hasMore"] = true;
    }
    Json result = Json::object();
    result["completion"] = std::move(completion);
    return finish(request, std::move(result), Caching::None);
}

Json RequestHandler::capabilities() const
{
    Json capabilities = Json::object();
    capabilities["tools"] = {{"listChanged", false}};
    capabilities["resources"] = Json::object();
    capabilities["prompts"] = {{"listChanged", false}};
    capabilities["logging"] = Json::object();
    capabilities["completions"] = Json::object();
    return capabilities;
}

Json RequestHandler::serverInfo(const std::string& version) const
{
    const ServerInfo& info = _session.info();
    Json result = Json::object();
    result["name"] = info.name;
    result["version"] = info.version;
    if (!info.title.empty() && atLeast(version, "2025-06-18"))
        result["title"] = info.title;
    if (!info.description.empty() && atLeast(version, "2025-11-25"))
        result["description"] = info.description;
    return result;
}

Json RequestHandler::finish(const Request& request, Json result, Caching caching) const
{
    if (!request.modern || !result.is_object())
        return result;
    if (!result.contains("resultType"))
        result["resultType"] = "complete";
    if (caching != Caching::None)
    {
        const bool catalog = caching == Caching::Catalog;
        if (!result.contains("ttlMs"))
            result["ttlMs"] =
                (catalog ? _session.options().catalogCacheTtl : _session.options().cacheTtl).count();
        if (!result.contains("cacheScope"))
            result["cacheScope"] = catalog ? "public" : "private";
    }
    Json& meta = result["_meta"];
    if (!meta.is_object())
        meta = Json::object();
    meta[ServerInfoKey] = {{"name", _session.info().name}, {"version", _session.info().version}};
    return result;
}

} // namespace OuraMcp::Mcp

#pragma once

#include "mcp/RequestContext.h"
#include "util/Json.h"

#include <optional>
#include <string>
#include <vector>

namespace OuraMcp::Mcp {

/// Everything the server offers: tools, resources, resource templates and prompts, in MCP's own JSON
/// shapes. The MCP engine serves a Catalog and knows nothing about plugins or Oura; the plugin registry
/// implements it. All methods are thread-safe once the catalog is built; the list methods return the
/// same, deterministic order every time.
class Catalog
{
public:
    virtual ~Catalog() = default;

    virtual std::vector<Json> tools() const = 0;
    /// MCP Tool objects: name, title, description, inputSchema, outputSchema (if any), annotations.

    virtual std::optional<Json> callTool(const std::string& name, const Json& arguments,
                                         RequestContext& ctx) = 0;
    /// A CallToolResult ({content, structuredContent?, isError?}); std::nullopt if no such tool.
    /// Invalid arguments and every failure of the tool become isError results, never exceptions.

    virtual std::optional<std::string> memoVariant(const std::string& name) const
    {
        (void)name;
        return std::nullopt;
    }
    /// Whether a successful result of the tool may be memoised (CallMemo) and, if so, what it depends on
    /// besides its arguments, the user and the protocol revision, as text the engine puts in the memo key
    /// (the plugin host's "today", against which relative dates are resolved). std::nullopt: never memoise
    /// (unknown tools, tools that are not read-only and idempotent, a catalog that is not ready). Must not
    /// block: the engine asks on the thread that reads requests.

    virtual std::vector<Json> resources() const = 0;
    /// MCP Resource objects: uri, name, title?, description?, mimeType?

    virtual std::vector<Json> resourceTemplates() const = 0;
    /// MCP ResourceTemplate objects: uriTemplate, name, title?, description?, mimeType?

    virtual std::optional<Json> readResource(const std::string& uri, RequestContext& ctx) = 0;
    /// A ReadResourceResult ({contents:[...]}); std::nullopt if no resource or template matches the URI.
    /// Throws ProtocolError for a resource that exists but cannot be read now.

    virtual std::vector<Json> prompts() const = 0;
    /// MCP Prompt objects: name, title?, description?, arguments?

    virtual std::optional<Json> getPrompt(const std::string& name, const Json& arguments,
                                          RequestContext& ctx) = 0;
    /// A GetPromptResult ({description?, messages}); std::nullopt if no such prompt. Throws
    /// ProtocolError(InvalidParams) for missing required or unknown arguments.

    virtual Json complete(const Json& ref, const std::string& argument, const std::string& value,
                          const Json& contextArguments) = 0;
    /// A Completion object ({values (<= 100), total?, hasMore?}) for completion/complete. ref is the
    /// request's ref ({type:"ref/prompt",name} or {type:"ref/resource",uri}). Unknown refs give no values.
};

} // namespace OuraMcp::Mcp

#pragma once

#include "mcp/Catalog.h"

#include <functional>
#include <future>

namespace OuraMcp::Catalog {

/// A catalog that is published after the server has started: `initialize` does not depend on the plugins,
/// so the server can answer it while they load, and the first catalog request (tools/list, ...) waits until
/// they are there. Starting five plugins is about 3 ms of a ~9 ms start (docs/performance.md, spawn ->
/// initialize). The build runs on the thread that calls build(): the app calls it on the main thread, with
/// the server running on another, because the plugin ABI promises plugins init() on the host's main thread.
/// Thread-safe like the catalog it wraps.
class DeferredCatalog : public Mcp::Catalog
{
public:
    using Build = std::function<Mcp::Catalog&()>;

    DeferredCatalog();
    DeferredCatalog(const DeferredCatalog&) = delete;
    DeferredCatalog& operator=(const DeferredCatalog&) = delete;

    void build(const Build& build);
    /// Runs build() on the calling thread and publishes its catalog (which must outlive this object), or
    /// what it threw. Call once.

    Mcp::Catalog& ready() const;
    /// Waits for the build; rethrows what it threw.

    std::vector<Json> tools() const override { return ready().tools(); }
    std::optional<Json> callTool(const std::string& name, const Json& arguments,
                                 Mcp::RequestContext& ctx) override
    {
        return ready().callTool(name, arguments, ctx);
    }
    std::optional<std::string> memoVariant(const std::string& name) const override;
    /// The built catalog's answer; std::nullopt until it is built (or if building it failed), never waiting.
    std::vector<Json> resources() const override { return ready().resources(); }
    std::vector<Json> resourceTemplates() const override { return ready().resourceTemplates(); }
    std::optional<Json> readResource(const std::string& uri, Mcp::RequestContext& ctx) override
    {
        return ready().readResource(uri, ctx);
    }
    std::vector<Json> prompts() const override { return ready().prompts(); }
    std::optional<Json> getPrompt(const std::string& name, const Json& arguments,
                                  Mcp::RequestContext& ctx) override
    {
        return ready().getPrompt(name, arguments, ctx);
    }
    Json complete(const Json& ref, const std::string& argument, const std::string& value,
                  const Json& contextArguments) override
    {
        return ready().complete(ref, argument, value, contextArguments);
    }

private:
    std::promise<Mcp::Catalog*> _promise;
    std::shared_future<Mcp::Catalog*> _catalog;
};

} // namespace OuraMcp::Catalog

#pragma once

#include "loader/LoadReport.h"
#include "loader/PluginLoader.h"
#include "mcp/Catalog.h"

#include <atomic>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <vector>

namespace OuraMcp::Loader {
struct ToolEntry;
struct ResourceEntry;
struct PromptEntry;
} // namespace OuraMcp::Loader

namespace OuraMcp::Catalog {

/// The MCP catalog made of the loaded plugins' tools, resources, resource templates and prompts.
/// Immutable once built, so every Catalog method is thread-safe; handlers run on the calling thread.
/// Lists are sorted (tools and prompts by name, resources by URI, templates by template text).
/// A URI registered by several plugins with OMCP_RESOURCE_SECTION is one composite resource: reading it
/// runs every section's handler concurrently and answers {"sections": {<plugin id>: <JSON>, ...},
/// "missing": [{"plugin", "reason"}, ...]} as application/json.
/// Owns the plugins: shutdown() (or the destructor) calls each plugin's shutdown once, in reverse load
/// order; plugins are never unloaded. After shutdown the catalog is empty.
class PluginCatalog : public Mcp::Catalog
{
public:
    explicit PluginCatalog(Loader::LoadResult loaded);
    ~PluginCatalog() override;

    PluginCatalog(const PluginCatalog&) = delete;
    PluginCatalog& operator=(const PluginCatalog&) = delete;

    std::vector<Json> tools() const override;
    std::optional<Json> callTool(const std::string& name, const Json& arguments,
                                 Mcp::RequestContext& ctx) override;
    std::optional<std::string> memoVariant(const std::string& name) const override;
    /// For a tool flagged read-only and idempotent: the day its plugin is told is today (HostApi::today),
    /// which relative dates resolve against; the rest of its result is its arguments and the user's data.
    /// std::nullopt for other tools: a tool that changes something must run every time.
    std::vector<Json> resources() const override;
    std::vector<Json> resourceTemplates() const override;
    std::optional<Json> readResource(const std::string& uri, Mcp::RequestContext& ctx) override;
    std::vector<Json> prompts() const override;
    std::optional<Json> getPrompt(const std::string& name, const Json& arguments,
                                  Mcp::RequestContext& ctx) override;
    Json complete(const Json& ref, const std::string& argument, const std::string& value,
                  const Json& contextArguments) override;

    std::set<std::string> scopes() const;
    /// The union of the OAuth scopes the loaded plugins declare (for the authorization URL).

    std::string toolScope(const std::string& name) const;
    /// The scope a tool requires ("" for none or for an unknown tool), e.g. to hide tools the token lacks.

    const Loader::LoadReport& report() const { return _report; }

    void setExpectedSections(std::set<std::string> pluginIds);
    /// The plugins whose sections a composite resource normally has (the bundled domains). A composite
    /// read lists each of them that contributed no section as {"plugin", "reason": "... not installed"} in
    /// "missing", so an answer without, say, heart rate says why. Call before serving.

    void shutdown();
    /// Calls every loaded plugin's shutdown(state) once, in reverse load order. Main thread only, with no
    /// request running. Idempotent.

private:
    Json readOne(const Loader::ResourceEntry& entry, const std::string& uri, const Json& variables,
                 Mcp::RequestContext& ctx, bool& notFound);

    Loader::LoadReport _report;
    std::vector<std::shared_ptr<omcp_host>> _plugins;
    std::vector<std::shared_ptr<omcp_host>> _failed;
    std::map<std::string, const Loader::ToolEntry*> _tools;
    // URI (or template text) -> its registrations: one for a plain resource, one per plugin (sorted by
    // plugin id) for a composite resource made of OMCP_RESOURCE_SECTION sections.
    std::map<std::string, std::vector<const Loader::ResourceEntry*>> _resources;
    std::map<std::string, std::vector<const Loader::ResourceEntry*>> _templates;
    std::map<std::string, const Loader::PromptEntry*> _prompts;
    std::set<std::string> _expectedSections;
    std::once_flag _shutdown;
    std::atomic<bool> _down{false};
};

} // namespace OuraMcp::Catalog

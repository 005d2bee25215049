#pragma once

// Host-private: the C++ side of the two opaque ABI handles (omcp_host, omcp_call) and of what a plugin
// registers. Only the loader and the catalog include this; the rest of the host sees PluginCatalog and LoadReport.

#include "loader/HostServices.h"
#include "mcp/RequestContext.h"
#include "oura/Body.h"
#include "util/Json.h"
#include "util/UriTemplate.h"

#include <oura_mcp/plugin_abi.h>

#include <atomic>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace OuraMcp::Loader {

/// A registered tool, deep-copied from its omcp_tool_desc.
struct ToolEntry
{
    omcp_host* plugin = nullptr;
    std::string name;
    std::optional<std::string> title;
    std::optional<std::string> description;
    Json inputSchema;
    std::optional<Json> outputSchema;
    std::string requiredScope; ///< empty: none
    uint32_t flags = 0;
    omcp_tool_fn handler = nullptr;
    void* userData = nullptr;
};

/// A registered resource or resource template, deep-copied from its omcp_resource_desc.
struct ResourceEntry
{
    omcp_host* plugin = nullptr;
    std::string uri; ///< the URI, or the template text
    std::string name;
    std::optional<std::string> title;
    std::optional<std::string> description;
    std::string mimeType;
    omcp_resource_fn handler = nullptr;
    void* userData = nullptr;
    std::optional<Util::UriTemplate> uriTemplate; ///< set for templates
    bool section = false;                         ///< OMCP_RESOURCE_SECTION: one part of a composite resource
};

struct PromptArgumentEntry
{
    std::string name;
    std::optional<std::string> description;
    bool required = false;
    std::vector<std::string> completions;
};

/// A registered prompt, deep-copied from its omcp_prompt_desc.
struct PromptEntry
{
    omcp_host* plugin = nullptr;
    std::string name;
    std::optional<std::string> title;
    std::optional<std::string> description;
    std::vector<PromptArgumentEntry> arguments;
    omcp_prompt_fn handler = nullptr;
    void* userData = nullptr;
};

/// Names already taken by plugins that loaded earlier (value: "<id> (<path>)"), so that a later plugin's
/// registration of the same name fails at once. Used on the main thread during init only.
struct NameIndex
{
    std::map<std::string, std::string> tools;
    std::map<std::string, std::string> prompts;
    std::map<std::string, std::string> resources;
    std::map<std::string, std::string> templates;
    std::map<std::string, std::string> sectionResources; ///< composite URIs: shared, value = first owner
    std::map<std::string, std::string> sectionTemplates;
};

enum class Phase
{
    Init,     ///< init() is running: registration and set_error allowed
    Running,  ///< init() succeeded; handlers may run
    Failed,   ///< init() failed; nothing of the plugin is served, but it stays loaded
    ShutDown, ///< shutdown() has returned
};

} // namespace OuraMcp::Loader

/// One loaded plugin, handed to it as its omcp_host*. Owned by the registry; never moves.
struct omcp_host
{
    std::string id;
    std::string path;
    std::string version;
    std::string description;
    std::vector<std::string> scopes;
    omcp_plugin_desc desc{}; ///< zero-filled copy of what the plugin described
    void* state = nullptr;   ///< what init() stored, for shutdown()
    std::atomic<OuraMcp::Loader::Phase> phase{OuraMcp::Loader::Phase::Init};
    std::string error;                           ///< set_error text
    std::string lastRegistrationError;           ///< why the last registration failed
    std::vector<std::string> registrationErrors; ///< every refused registration of init, logged after it
    std::vector<OuraMcp::Loader::ToolEntry> tools;
    std::vector<OuraMcp::Loader::ResourceEntry> resources;
    std::vector<OuraMcp::Loader::ResourceEntry> templates;
    std::vector<OuraMcp::Loader::PromptEntry> prompts;
    std::shared_ptr<const OuraMcp::Loader::HostServices> services;
    std::mutex configMutex;                            ///< guards configValues (config_get: any thread)
    std::map<std::string, std::string> configValues;   ///< what config_get handed out; kept until shutdown
    const OuraMcp::Loader::NameIndex* taken = nullptr; ///< during init only
};

/// One handler invocation, handed to the handler as its omcp_call*. Lives on the caller's stack; the
/// arena (responses, strings) keeps everything given to the plugin alive until the handler returns.
struct omcp_call
{
    enum class Kind
    {
        Tool,
        Resource,
        Prompt
    };

    omcp_host* host = nullptr;
    Kind kind = Kind::Tool;
    OuraMcp::Mcp::RequestContext* context = nullptr;
    std::string requiredScope;
    std::thread::id thread = std::this_thread::get_id();

    std::vector<std::string> texts;
    std::optional<OuraMcp::Json> json;
    bool isError = false;
    std::vector<std::pair<std::string, std::string>> messages; ///< prompts: (role, text)

    std::deque<omcp_response> responses; ///< deque: elements never move, so pointers stay valid
    std::deque<omcp_date_range> dateRanges;
    std::deque<std::string> strings;
    std::deque<OuraMcp::Oura::Body> bodies; ///< answers lent to the plugin: shared with the cache, not copied

    omcp_status lastServiceStatus = OMCP_OK; ///< the data service's last failure, for the host's message
    std::string lastServiceMessage;
};

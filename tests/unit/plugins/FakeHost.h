#pragma once

#include <oura_mcp/plugin_abi.h>

#include <nlohmann/json.hpp>

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace OuraMcp::DomainTest {

using nlohmann::json;

/// What a plugin asked get_collection for, exactly as it crossed the ABI.
struct CollectionRequest
{
    std::string collection;
    std::optional<std::string> start; ///< nullopt: the plugin passed NULL
    std::optional<std::string> end;
    std::vector<std::pair<std::string, std::string>> extra;
    uint32_t flags = 0;
};

/// The canned answer of the fake host to one get_collection.
struct CannedResponse
{
    omcp_status status = OMCP_OK;
    std::string body = R"({"data":[]})";
    std::string startDay;
    std::string endDay;
    std::string note;
    std::string error; ///< the host's sentence on failure
};

using Responder = std::function<CannedResponse(const CollectionRequest&)>;

struct ToolReg
{
    std::string name, title, description, scope;
    json inputSchema, outputSchema;
    uint32_t flags = 0;
    omcp_tool_fn handler = nullptr;
    void* userData = nullptr;
};

struct ResourceReg
{
    std::string uri, name, title, description, mimeType;
    uint32_t flags = 0;
    bool isTemplate = false;
    omcp_resource_fn handler = nullptr;
    void* userData = nullptr;
};

struct PromptArg
{
    std::string name, description;
    bool required = false;
    std::vector<std::string> completions;
};

struct PromptReg
{
    std::string name, title, description;
    std::vector<PromptArg> arguments;
    omcp_prompt_fn handler = nullptr;
    void* userData = nullptr;
};

/// What one handler invocation produced.
struct CallResult
{
    omcp_status status = OMCP_OK;
    std::vector<std::string> texts;
    std::optional<json> structured; ///< result_json
    std::string structuredText;     ///< result_json exactly as sent
    bool isError = false;
    std::string errorMessage; ///< result_error (also recorded for prompts, which the real host refuses)
    std::vector<std::pair<std::string, std::string>> messages;
    std::vector<CollectionRequest> requests;
};

/// Options of a fake host.
struct FakeOptions
{
    bool refuseSections =
        false; ///< register_resource* refuse OMCP_RESOURCE_SECTION (a host without sections)
    std::string today = "2024-11-30";
    /// The period before that resolve_dates answers; unset: the equally long range before, as the host.
    std::optional<std::pair<std::string, std::string>> periodBefore;
};

/// One bundled plugin loaded in-process with a fake omcp_host_api: dlopen()s <stage>/<id>.so, checks the
/// descriptor, calls init with the fake table, records registrations, and runs handlers with canned
/// collection answers. Each load re-runs init, so the most recently loaded FakePlugin of an id is live.
class FakePlugin
{
public:
    static std::unique_ptr<FakePlugin> load(const std::string& id, FakeOptions options = {});

    const omcp_plugin_desc* descriptor = nullptr;
    std::vector<std::string> scopes;
    omcp_status initStatus = OMCP_E_INTERNAL;
    std::string initError;
    std::vector<ToolReg> tools;
    std::vector<ResourceReg> resources; ///< plain resources and templates (isTemplate)
    std::vector<PromptReg> prompts;
    std::vector<std::string> logs;
    FakeOptions options;

    const ToolReg* tool(const std::string& name) const;
    const ResourceReg* resource(const std::string& uri, bool isTemplate = false) const;
    const PromptReg* prompt(const std::string& name) const;

    CallResult callTool(const std::string& name, const json& args, const Responder& responder);
    CallResult readResource(const std::string& uri, bool isTemplate, const json& variables,
                            const Responder& responder);
    CallResult getPrompt(const std::string& name, const json& args, const Responder& responder = {});
};

/// The shared, live instance of a plugin (loaded on first use). Every test uses these, so that the
/// plugin's host handle is always the one the test talks to.
FakePlugin& loaded(const std::string& id);
/// Loads the plugin again with other options and makes that the live instance.
FakePlugin& reload(const std::string& id, FakeOptions options = {});

/// The fake host's date resolver (used by prompts): ISO days, today, yesterday, last week, last N days,
/// this week; anything else is refused. Exposed for tests of the fake itself.
std::optional<std::pair<std::string, std::string>> fakeResolve(const std::string& today,
                                                               const std::string& text);

} // namespace OuraMcp::DomainTest

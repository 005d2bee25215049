#include "catalog/CompositeResource.h"

#include "catalog/HandlerInvocation.h"
#include "util/Log.h"

#include <future>
#include <optional>
#include <system_error>

namespace OuraMcp::Catalog {

namespace {

using Loader::ResourceEntry;
using Util::Log;

struct SectionResult
{
    std::string plugin;
    std::optional<Json> json;
    std::string reason;
};

} // namespace

CompositeResource::CompositeResource(std::vector<const ResourceEntry*> sections,
                                     const std::set<std::string>& expected)
    : _sections(std::move(sections)), _expected(expected)
{}

/// The single day the resource is about ("oura://summary/yesterday", or a template's {date}); none if none of
/// its variables or its last URI segment resolves to exactly one day.
std::optional<Dates::CivilDate> CompositeResource::day(const std::string& uri, const Json& variables) const
{
    const auto& services = _sections.front()->plugin->services;
    if (!services || !services->resolveDates)
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
        if (!text.empty() && services->resolveDates(text, "", range, error) && range.start == range.end)
            return range.start;
    }
    return std::nullopt;
}

Json CompositeResource::read(const std::string& uri, const Json& variables, Mcp::RequestContext& ctx) const
{
    const std::string variablesText = variables.dump(-1, ' ', false, Json::error_handler_t::replace);
    // Runs on whichever thread executes it; the omcp_call is made there, so its thread check holds.
    auto readSection = [&](const ResourceEntry* entry) {
        SectionResult r;
        r.plugin = entry->plugin->id;
        omcp_call call;
        call.host = entry->plugin;
        call.kind = omcp_call::Kind::Resource;
        call.context = &ctx;
        const HandlerOutcome outcome = invokeHandler([&] {
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

    // The sections' plugins will ask for the day's collections one after another; the data service may fetch
    // them side by side meanwhile (it knows which collections a scope reads; the catalog knows the URI).
    std::unique_ptr<Oura::Prefetch> prefetch;
    const auto& services = _sections.front()->plugin->services;
    if (services && services->data)
    {
        const std::optional<Dates::CivilDate> sectionDay = day(uri, variables);
        std::set<std::string> scopes;
        for (const ResourceEntry* entry : _sections)
            scopes.insert(entry->plugin->scopes.begin(), entry->plugin->scopes.end());
        if (sectionDay)
            prefetch = services->data->prefetchDay(*sectionDay, scopes, ctx.principal());
    }

    // Sections are independent, so they run concurrently.
    std::vector<std::future<SectionResult>> pending;
    std::vector<SectionResult> results(_sections.size());
    for (std::size_t i = 0; i < _sections.size(); ++i)
    {
        try
        {
            pending.push_back(std::async(std::launch::async, readSection, _sections[i]));
        }
        catch (const std::system_error&)
        {
            pending.emplace_back(); // no thread available: read it here below
        }
    }
    for (std::size_t i = 0; i < _sections.size(); ++i)
        results[i] = pending[i].valid() ? pending[i].get() : readSection(_sections[i]);
    // A prefetch no section needed is not waited out: it stops at its next cancellation point.
    prefetch.reset();

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
    for (const auto& id : _expected)
    {
        if (!contributors.count(id))
            composite["missing"].push_back(
                Json{{"plugin", id},
                     {"reason",
                      "the " + id + " plugin is not installed, so this answer has no " + id + " section"}});
    }
    return Json{
        {"contents",
         Json::array({Json{{"uri", uri},
                           {"mimeType", "application/json"},
                           {"text", composite.dump(-1, ' ', false, Json::error_handler_t::replace)}}})}};
}

} // namespace OuraMcp::Catalog

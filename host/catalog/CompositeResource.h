#pragma once

#include "dates/CivilDate.h"
#include "loader/PluginHandles.h"
#include "mcp/RequestContext.h"
#include "util/Json.h"

#include <optional>
#include <set>
#include <string>
#include <vector>

namespace OuraMcp::Catalog {

/// A URI that several plugins registered with OMCP_RESOURCE_SECTION, e.g. oura://summary/{date}: each plugin
/// contributes one section. Reading it runs every section's handler concurrently, while the data service
/// prefetches the one day the URI is about (Oura::DataService::prefetchDay), and answers
/// {"sections": {<plugin id>: <JSON>, ...}, "missing": [{"plugin", "reason"}, ...]} as application/json.
class CompositeResource
{
public:
    CompositeResource(std::vector<const Loader::ResourceEntry*> sections,
                      const std::set<std::string>& expected);
    /// sections: the registrations of one URI or template (at least one). expected: the plugins whose section
    /// the resource normally has; each of them that contributed none is listed in "missing" as not installed.

    Json read(const std::string& uri, const Json& variables, Mcp::RequestContext& ctx) const;
    /// A ReadResourceResult. A section that fails is listed in "missing" with its reason; never throws for a
    /// plugin's failure.

private:
    std::optional<Dates::CivilDate> day(const std::string& uri, const Json& variables) const;

    std::vector<const Loader::ResourceEntry*> _sections;
    const std::set<std::string>& _expected;
};

} // namespace OuraMcp::Catalog

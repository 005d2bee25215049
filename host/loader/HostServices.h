#pragma once

#include "dates/DateRange.h"
#include "oura/DataService.h"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

namespace OuraMcp::Loader {

/// What the plugin host API needs from the rest of the application, injected by main(). Every function
/// may be empty (then the matching host service answers OMCP_E_NOT_FOUND / OMCP_E_UNSUPPORTED or falls
/// back to the system clock). All of them must be thread-safe: plugins call them from worker threads.
struct HostServices
{
    std::function<std::optional<std::string>(const std::string& key)> config;
    /// Reads a configuration value by its full key; the host builds "plugins.<id>.<key>" so that a plugin
    /// can only ever see its own settings.

    std::function<int64_t()> nowUnixMs;
    /// The host clock (frozen in tests). Empty: the system clock.

    std::function<Dates::CivilDate()> today;
    /// The user's local calendar date. Empty: the local date of the system clock.

    std::function<bool(const std::string& start, const std::string& end, Dates::DateRange& out,
                       std::string& error)>
        resolveDates;
    /// Turns user date text into an inclusive day range; false with a sentence in error if it cannot.
    /// Empty: resolve_dates answers OMCP_E_UNSUPPORTED.

    std::string authRequiredMessage = "Oura authorization is missing or has expired. Log in again with "
                                      "`oura-mcp login`, then retry.";
    /// The tool error text for a plugin that fails with OMCP_E_AUTH_REQUIRED when the data service gave no
    /// message of its own (the host's "how to log in" guidance).

    Oura::DataService* data = nullptr;
    /// Serves get_collection; nullptr makes it answer OMCP_E_UNSUPPORTED. Not owned; must
    /// outlive the registry.
};

} // namespace OuraMcp::Loader

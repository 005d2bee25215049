#pragma once

#include "loader/PluginHandles.h"

#include <oura_mcp/plugin_abi.h>

#include <exception>
#include <string>
#include <vector>

namespace OuraMcp::Catalog {

/// What came of running one plugin handler: its status, and the text of an exception that escaped it.
struct HandlerOutcome
{
    omcp_status status = OMCP_OK;
    std::string exception; ///< non-empty if the handler threw (the contract forbids it; the host survives it)
};

template <typename Fn>
HandlerOutcome invokeHandler(Fn&& fn) noexcept
/// Runs fn (a call of a plugin handler) and turns an escaping exception into OMCP_E_INTERNAL with its text.
{
    try
    {
        return HandlerOutcome{fn(), std::string()};
    }
    catch (const std::exception& e)
    {
        return HandlerOutcome{OMCP_E_INTERNAL, std::string("an exception escaped the handler: ") + e.what()};
    }
    catch (...)
    {
        return HandlerOutcome{OMCP_E_INTERNAL, "an exception escaped the handler"};
    }
}

std::string failureText(const omcp_call& call, const HandlerOutcome& outcome);
/// The sentence the caller sees for a handler that could not build a result (plugin_abi.h section 5): the
/// data service's own message when it refused (e.g. how to log in), otherwise the plugin and status name.

std::string joinTexts(const std::vector<std::string>& texts);
/// The handler's text blocks as one sentence, separated by spaces.

} // namespace OuraMcp::Catalog

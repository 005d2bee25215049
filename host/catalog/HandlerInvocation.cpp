#include "catalog/HandlerInvocation.h"

#include "loader/HostApi.h"

namespace OuraMcp::Catalog {

std::string failureText(const omcp_call& call, const HandlerOutcome& outcome)
{
    const omcp_host& plugin = *call.host;
    if (outcome.status == OMCP_E_AUTH_REQUIRED)
    {
        if (call.lastServiceStatus == OMCP_E_AUTH_REQUIRED && !call.lastServiceMessage.empty())
            return call.lastServiceMessage;
        if (plugin.services && !plugin.services->authRequiredMessage.empty())
            return plugin.services->authRequiredMessage;
    }
    std::string text = plugin.id + " plugin failed: " + Loader::HostApi::statusName(outcome.status);
    if (outcome.status > 0)
        text += " (" + std::to_string(outcome.status) + ")";
    if (!outcome.exception.empty())
        text += " (" + outcome.exception + ")";
    else if (outcome.status == call.lastServiceStatus && !call.lastServiceMessage.empty())
        text += ": " + call.lastServiceMessage;
    return text;
}

std::string joinTexts(const std::vector<std::string>& texts)
{
    std::string out;
    for (const auto& t : texts)
        out += (out.empty() ? "" : " ") + t;
    return out;
}

} // namespace OuraMcp::Catalog

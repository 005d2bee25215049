#include "oauth/ConsentPage.h"

#include "util/Html.h"

#include "oauth/RedirectUri.h"

#include <map>

namespace OuraMcp::OAuth {

namespace {

const char* const Style =
    "body{font-family:system-ui,sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem;"
    "line-height:1.5}button{font-size:1rem;padding:.5rem 1.5rem;margin-right:1rem}";

std::string page(const std::string& title, const std::string& body)
{
    return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
           "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
           "<meta name=\"referrer\" content=\"no-referrer\"><title>" +
           ConsentPage::escape(title) + "</title><style>" + Style + "</style></head><body>\n" + body +
           "</body></html>\n";
}

} // namespace

std::string ConsentPage::escape(const std::string& text)
{
    return Util::Html::escape(text);
}

std::string ConsentPage::describeScope(const std::string& scope)
{
    // Oura publishes the scope names, not what each covers; this follows the mapping partner integrations use
    // (tidepool-org/platform, ScopesForDataType).
    static const std::map<std::string, std::string> descriptions{
        {"daily", "daily summaries: sleep, readiness, activity and stress"},
        {"heartrate", "heart rate samples"},
        {"workout", "workouts"},
        {"session", "sessions (such as meditation and breathing)"},
        {"tag", "tags you entered"},
        {"spo2", "blood oxygen (SpO2) averages"},
        {"spo2Daily", "blood oxygen (SpO2) averages"},
        {"heart_health", "heart health: cardiovascular age and VO2 max"},
        {"personal", "personal information: age, weight, height and biological sex"},
        {"email", "your email address"},
        {"stress", "stress and resilience"},
        {"ring_configuration", "ring configuration and battery level"},
    };
    const auto it = descriptions.find(scope);
    return it == descriptions.end() ? scope : it->second;
}

std::string ConsentPage::render(const Details& details)
{
    std::string client = details.clientName;
    if (client.empty())
    {
        const std::string host = RedirectUri::hostOf(details.clientId);
        client = host.empty() ? details.clientId : host;
    }
    std::string body = "<h1>" + escape(details.serviceName) + "</h1>\n<p><strong>" + escape(client) +
                       "</strong> wants to read your Oura data through " + escape(details.serviceName) +
                       ".</p>\n";
    if (!details.clientName.empty() && details.clientId.compare(0, 8, "https://") == 0)
        body += "<p>Client: " + escape(details.clientId) + "</p>\n";
    body += "<p>It will be able to read:</p>\n<ul>\n";
    for (const auto& scope : details.scopes)
        body += "<li>" + escape(describeScope(scope)) + " <small>(" + escape(scope) + ")</small></li>\n";
    if (details.scopes.empty())
        body += "<li>your Oura user id only</li>\n";
    body += "</ul>\n<p>You will sign in with Oura next, then be sent back to <strong>" +
            escape(details.redirectHost.empty() ? std::string("the application") : details.redirectHost) +
            "</strong>. Allow only if you started this and trust this application.</p>\n"
            "<form method=\"post\" action=\"" +
            escape(details.action) + "\">\n<input type=\"hidden\" name=\"consent\" value=\"" +
            escape(details.consentField) +
            "\">\n<button type=\"submit\" name=\"decision\" value=\"allow\">Allow</button>"
            "<button type=\"submit\" name=\"decision\" value=\"deny\">Deny</button>\n</form>\n";
    return page(details.serviceName + ": allow access?", body);
}

std::string ConsentPage::error(const std::string& serviceName, const std::string& message)
{
    return page(serviceName + ": request refused",
                "<h1>" + escape(serviceName) + "</h1>\n<p>This authorization request was refused:</p>\n<p>" +
                    escape(message) + "</p>\n");
}

} // namespace OuraMcp::OAuth

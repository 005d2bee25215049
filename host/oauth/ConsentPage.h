#pragma once

#include <string>
#include <vector>

namespace OuraMcp::OAuth {

/// The two pages a person sees from the authorization server: the consent page (which client, what it will
/// read, allow or deny) and the error page of a request that cannot be sent back to its client. Plain HTML, no
/// script, no external resource; every value is escaped, since the client name, its id and the redirect host
/// come from strangers.
class ConsentPage
{
public:
    struct Details
    {
        std::string serviceName;         ///< the operator's name for this server
        std::string clientName;          ///< from the registration or metadata document; "" if none
        std::string clientId;            ///< shown (as its host when it is a URL) when there is no name
        std::string redirectHost;        ///< where the person will be sent back to
        std::vector<std::string> scopes; ///< the Oura scopes the client asks for
        std::string action;              ///< the absolute URL the form posts to
        std::string consentField;        ///< the signed, hidden "consent" value
    };

    static std::string render(const Details& details);

    static std::string error(const std::string& serviceName, const std::string& message);
    /// A page saying the request was refused, and why.

    static std::string escape(const std::string& text);
    /// text with & < > " ' as character references.

    static std::string describeScope(const std::string& scope);
    /// What an Oura scope lets a client read, in words ("heart rate samples"); the scope itself if unknown.
};

} // namespace OuraMcp::OAuth

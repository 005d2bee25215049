#include "http/AccessPolicy.h"

#include "http/Secrets.h"
#include "util/ConstantTime.h"

#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/String.h>
#include <Poco/URI.h>

namespace OuraMcp::Http {

namespace {

std::string lower(std::string text)
{
    return Poco::toLower(text);
}

/// "example.com:8080" -> "example.com", "[::1]:80" -> "::1", "::1" stays.
std::string hostName(const std::string& authority)
{
    if (!authority.empty() && authority[0] == '[')
    {
        const auto close = authority.find(']');
        return close == std::string::npos ? authority : authority.substr(1, close - 1);
    }
    const auto colon = authority.find(':');
    if (colon != std::string::npos && authority.find(':', colon + 1) == std::string::npos)
        return authority.substr(0, colon);
    return authority;
}

bool matchesEntry(const std::string& authority, const std::string& entry)
{
    // An entry with a port must match exactly; one without matches that name on any port.
    if (entry.find(':') != std::string::npos && entry[0] != '[')
        return lower(authority) == lower(entry);
    return lower(hostName(authority)) == lower(hostName(entry));
}

} // namespace

AccessPolicy::AccessPolicy(const HttpOptions& options)
    : _loopbackBound(isLoopback(options.host)), _boundHost(options.host), _publicHosts(options.publicHosts),
      _allowedOrigins(options.allowedOrigins), _bearerToken(options.bearerToken)
{}

bool AccessPolicy::isLoopback(const std::string& host)
{
    const std::string name = lower(hostName(host));
    return name == "localhost" || name == "::1" || name.rfind("127.", 0) == 0;
}

bool AccessPolicy::hostAllowed(const std::string& hostHeader) const
{
    if (hostHeader.empty())
        return false;
    if (_loopbackBound && isLoopback(hostHeader))
        return true;
    if (_boundHost != "0.0.0.0" && _boundHost != "::" && matchesEntry(hostHeader, _boundHost))
        return true;
    for (const auto& entry : _publicHosts)
    {
        if (matchesEntry(hostHeader, entry))
            return true;
    }
    return false;
}

bool AccessPolicy::originAllowed(const std::string& origin) const
{
    for (const auto& entry : _allowedOrigins)
    {
        if (entry == "*" || lower(entry) == lower(origin))
            return true;
    }
    if (!_loopbackBound)
        return false;
    try
    {
        const Poco::URI uri(origin);
        return (uri.getScheme() == "http" || uri.getScheme() == "https") && isLoopback(uri.getHost());
    }
    catch (const std::exception&)
    {
        return false;
    }
}

std::optional<AccessPolicy::Refusal>
AccessPolicy::checkHost(const Poco::Net::HTTPServerRequest& request) const
{
    if (!hostAllowed(request.getHost()))
        return Refusal{403, "Forbidden: the Host header does not name this server"};
    return std::nullopt;
}

std::optional<AccessPolicy::Refusal>
AccessPolicy::checkBrowser(const Poco::Net::HTTPServerRequest& request) const
{
    if (!hostAllowed(request.getHost()))
        return Refusal{403, "Forbidden: the Host header does not name this server"};
    const std::string origin = request.get("Origin", "");
    if (!origin.empty() && !originAllowed(origin))
        return Refusal{403, "Forbidden: Origin not allowed"};
    return std::nullopt;
}

std::optional<AccessPolicy::Refusal> AccessPolicy::check(const Poco::Net::HTTPServerRequest& request) const
{
    if (auto refusal = checkBrowser(request))
        return refusal;
    if (!_bearerToken.empty())
    {
        const std::string authorization = request.get("Authorization", "");
        const std::string scheme = "bearer ";
        if (authorization.size() <= scheme.size() ||
            lower(authorization.substr(0, scheme.size())) != scheme ||
            !Util::ConstantTime::equal(Poco::trim(authorization.substr(scheme.size())), _bearerToken))
            return Refusal{401, "Unauthorized: a valid bearer token is required"};
    }
    return std::nullopt;
}

} // namespace OuraMcp::Http

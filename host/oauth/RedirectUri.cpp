#include "oauth/RedirectUri.h"

#include <cctype>

namespace OuraMcp::OAuth {

namespace {

constexpr std::size_t MaximumLength = 2000;

struct Parts
{
    std::string scheme;    ///< lower case
    std::string authority; ///< between "//" and the path ("" if none)
    std::string host;      ///< the authority without port (IPv6 literal keeps its brackets)
    std::string port;
    std::string rest; ///< path, query and fragment
    bool hierarchical = false;
};

bool splitUri(const std::string& uri, Parts& parts)
{
    const auto colon = uri.find(':');
    if (colon == std::string::npos || colon == 0)
        return false;
    if (!std::isalpha(static_cast<unsigned char>(uri[0])))
        return false;
    for (std::size_t i = 0; i < colon; ++i)
    {
        const char c = uri[i];
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '+' && c != '-' && c != '.')
            return false;
        parts.scheme.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
    }
    if (uri.compare(colon + 1, 2, "//") != 0)
    {
        parts.rest = uri.substr(colon + 1);
        return true;
    }
    parts.hierarchical = true;
    const std::size_t start = colon + 3;
    const std::size_t end = uri.find_first_of("/?#", start);
    parts.authority = uri.substr(start, end == std::string::npos ? std::string::npos : end - start);
    parts.rest = end == std::string::npos ? "" : uri.substr(end);
    const std::string& a = parts.authority;
    if (!a.empty() && a[0] == '[')
    {
        const auto close = a.find(']');
        if (close == std::string::npos)
            return false;
        parts.host = a.substr(0, close + 1);
        if (close + 1 < a.size())
        {
            if (a[close + 1] != ':')
                return false;
            parts.port = a.substr(close + 2);
        }
    }
    else
    {
        const auto portColon = a.rfind(':');
        parts.host = a.substr(0, portColon);
        if (portColon != std::string::npos)
            parts.port = a.substr(portColon + 1);
    }
    for (char c : parts.port)
        if (!std::isdigit(static_cast<unsigned char>(c)))
            return false;
    return true;
}

bool isIpv4Loopback(const std::string& host)
{
    // Four decimal parts, the first 127: the whole 127.0.0.0/8 block is loopback.
    int parts = 0;
    std::size_t i = 0;
    while (i <= host.size())
    {
        const auto dot = host.find('.', i);
        const std::string part = host.substr(i, dot == std::string::npos ? std::string::npos : dot - i);
        if (part.empty() || part.size() > 3)
            return false;
        for (char c : part)
            if (!std::isdigit(static_cast<unsigned char>(c)))
                return false;
        if (std::stoi(part) > 255 || (parts == 0 && part != "127"))
            return false;
        ++parts;
        if (dot == std::string::npos)
            break;
        i = dot + 1;
    }
    return parts == 4;
}

bool isLoopbackLiteral(const std::string& host)
{
    return host == "[::1]" || isIpv4Loopback(host);
}

std::string lower(std::string text)
{
    for (char& c : text)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return text;
}

} // namespace

bool RedirectUri::isLoopbackHost(const std::string& host)
{
    const std::string h = lower(host);
    return h == "localhost" || h == "::1" || isLoopbackLiteral(h);
}

std::string RedirectUri::problemWith(const std::string& uri)
{
    if (uri.empty())
        return "a redirect URI is empty";
    if (uri.size() > MaximumLength)
        return "a redirect URI is longer than 2000 characters";
    for (unsigned char c : uri)
        if (c <= 0x20 || c == 0x7f)
            return "a redirect URI contains a space or a control character";
    if (uri.find('#') != std::string::npos)
        return "a redirect URI must not contain a fragment";
    Parts parts;
    if (!splitUri(uri, parts))
        return "a redirect URI is not an absolute URI";
    if (parts.authority.find('@') != std::string::npos)
        return "a redirect URI must not contain user information";
    if (parts.scheme == "https")
    {
        if (!parts.hierarchical || parts.host.empty())
            return "an https redirect URI must name a host";
        return "";
    }
    if (parts.scheme == "http")
    {
        if (!parts.hierarchical || !isLoopbackHost(parts.host))
            return "an http redirect URI is allowed only for a loopback host (localhost, 127.0.0.1, [::1]); "
                   "use https";
        return "";
    }
    if (parts.scheme.find('.') == std::string::npos)
        return "a redirect URI must use https, http on a loopback host, or a private-use scheme in reverse "
               "domain name form (e.g. com.example.app:/callback)";
    return "";
}

bool RedirectUri::matches(const std::string& registered, const std::string& presented)
{
    if (registered == presented)
        return true;
    Parts a;
    Parts b;
    if (!splitUri(registered, a) || !splitUri(presented, b))
        return false;
    // RFC 8252 §7.3: a native app's loopback listener gets a port from the system, so only the port may differ,
    // and only for an IP literal (a name such as localhost could be resolved elsewhere).
    return a.scheme == "http" && b.scheme == "http" && a.hierarchical && b.hierarchical &&
           isLoopbackLiteral(a.host) && a.host == b.host && a.rest == b.rest &&
           registered.compare(0, 7, "http://") == 0 && presented.compare(0, 7, "http://") == 0;
}

std::string RedirectUri::hostOf(const std::string& uri)
{
    Parts parts;
    if (!splitUri(uri, parts) || !parts.hierarchical)
        return "";
    return lower(parts.host);
}

std::string RedirectUri::percentEncode(const std::string& text)
{
    static const char* digits = "0123456789ABCDEF";
    std::string out;
    out.reserve(text.size());
    for (unsigned char c : text)
    {
        if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~')
        {
            out.push_back(static_cast<char>(c));
            continue;
        }
        out.push_back('%');
        out.push_back(digits[c >> 4]);
        out.push_back(digits[c & 0x0f]);
    }
    return out;
}

std::string RedirectUri::withParameters(const std::string& uri,
                                        const std::vector<std::pair<std::string, std::string>>& parameters)
{
    std::string out = uri;
    bool hasQuery = uri.find('?') != std::string::npos;
    for (const auto& [name, value] : parameters)
    {
        if (value.empty())
            continue;
        if (!hasQuery)
            out.push_back('?');
        else if (out.back() != '?' && out.back() != '&')
            out.push_back('&');
        hasQuery = true;
        out += percentEncode(name) + "=" + percentEncode(value);
    }
    return out;
}

} // namespace OuraMcp::OAuth

#include "oauth/Scopes.h"

#include "oauth/OAuthError.h"

#include <algorithm>

namespace OuraMcp::OAuth {

namespace {

bool contains(const std::vector<std::string>& list, const std::string& value)
{
    return std::find(list.begin(), list.end(), value) != list.end();
}

} // namespace

std::vector<std::string> Scopes::split(const std::string& text)
{
    std::vector<std::string> scopes;
    std::size_t i = 0;
    while (i < text.size())
    {
        const std::size_t end = std::min(text.find(' ', i), text.size());
        std::string scope = text.substr(i, end - i);
        if (!scope.empty() && !contains(scopes, scope))
            scopes.push_back(std::move(scope));
        i = end + 1;
    }
    return scopes;
}

std::string Scopes::join(const std::vector<std::string>& scopes)
{
    std::string out;
    for (const auto& scope : scopes)
        out += (out.empty() ? "" : " ") + scope;
    return out;
}

std::vector<std::string> Scopes::within(const std::vector<std::string>& requested,
                                        const std::vector<std::string>& allowed)
{
    for (const auto& scope : requested)
        if (!contains(allowed, scope))
            throw OAuthError("invalid_scope",
                             "the scope \"" + scope.substr(0, 64) + "\" is not offered here");
    return requested;
}

std::vector<std::string> Scopes::grantedBy(const std::vector<std::string>& requested,
                                           const std::string& upstream)
{
    if (upstream.empty())
        return requested;
    std::vector<std::string> granted;
    for (auto scope : split(upstream))
    {
        if (scope.compare(0, 7, "extapi:") == 0)
            scope.erase(0, 7);
        granted.push_back(scope);
    }
    std::vector<std::string> out;
    for (const auto& scope : requested)
        if (contains(granted, scope))
            out.push_back(scope);
    return out;
}

} // namespace OuraMcp::OAuth

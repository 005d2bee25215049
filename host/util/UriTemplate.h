#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace OuraMcp::Util {

/// An RFC 6570 level-1 URI template such as "oura://summary/{date}": literal text and simple `{var}`
/// expressions. Matching is the reverse of simple expansion: a variable matches one or more characters
/// other than '/', '?' and '#', and percent-escapes in it are decoded.
class UriTemplate
{
public:
    static std::optional<UriTemplate> parse(const std::string& text, std::string& error);
    /// A template with at least one variable, or nothing with a reason in error (unbalanced braces,
    /// operators of higher levels, bad variable names, two variables side by side, repeated names).

    bool match(const std::string& uri, std::map<std::string, std::string>& variables) const;
    /// True if uri is an expansion of the template; fills variables. Safe to call from several threads;
    /// the first call compiles the matcher (templates are parsed at every start, matched far less often).

    const std::string& text() const { return _text; }
    const std::vector<std::string>& variables() const { return _variables; }

    static bool isValidUri(const std::string& uri, std::string& error);
    /// A plain resource URI: a scheme ("[A-Za-z][A-Za-z0-9+.-]*:"), no whitespace or control characters,
    /// no braces.

private:
    struct Matcher;

    UriTemplate() = default;

    std::string _text;
    std::vector<std::string> _variables;
    std::shared_ptr<Matcher> _matcher; ///< shared by copies; compiled on the first match()
};

} // namespace OuraMcp::Util

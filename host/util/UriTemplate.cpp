#include "util/UriTemplate.h"

#include "util/Utf8.h"

#include <algorithm>
#include <cctype>
#include <mutex>
#include <regex>

namespace OuraMcp::Util {

/// The regular expression of a template, compiled once on first use: compiling a std::regex costs about
/// 0.3 M instructions per template (its bracket expression builds a locale table), which every start paid
/// for every resource template of every plugin (docs/performance.md, start-up CPU).
struct UriTemplate::Matcher
{
    explicit Matcher(std::string pattern) : pattern(std::move(pattern)) {}

    const std::regex& regex()
    {
        std::call_once(compiled, [this] { compiledRegex = std::regex(pattern, std::regex::ECMAScript); });
        return compiledRegex;
    }

    const std::string pattern;
    std::once_flag compiled;
    std::regex compiledRegex;
};

namespace {

constexpr std::size_t kMaxUriLength = 2048;

/// Length of the "scheme:" prefix (RFC 3986), or 0 if text does not start with one.
std::size_t schemeLength(const std::string& text)
{
    if (text.empty() || !std::isalpha(static_cast<unsigned char>(text[0])))
        return 0;
    for (std::size_t i = 1; i < text.size(); ++i)
    {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c == ':')
            return i + 1;
        if (!std::isalnum(c) && c != '+' && c != '-' && c != '.')
            return 0;
    }
    return 0;
}

bool isControlOrSpace(unsigned char c)
{
    return c <= 0x20 || c == 0x7F;
}

std::string escapeRegex(const std::string& literal)
{
    static const std::string special = R"(\^$.|?*+()[]{}/)";
    std::string out;
    for (char c : literal)
    {
        if (special.find(c) != std::string::npos)
            out.push_back('\\');
        out.push_back(c);
    }
    return out;
}

int hexValue(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

bool percentDecode(const std::string& in, std::string& out)
{
    out.clear();
    for (std::size_t i = 0; i < in.size(); ++i)
    {
        if (in[i] == '%')
        {
            if (i + 2 >= in.size())
                return false;
            const int hi = hexValue(in[i + 1]);
            const int lo = hexValue(in[i + 2]);
            if (hi < 0 || lo < 0)
                return false;
            out.push_back(static_cast<char>(hi * 16 + lo));
            i += 2;
        }
        else
            out.push_back(in[i]);
    }
    return Utf8::valid(out);
}

} // namespace

bool UriTemplate::isValidUri(const std::string& uri, std::string& error)
{
    if (uri.empty())
    {
        error = "the URI is empty";
        return false;
    }
    if (uri.size() > kMaxUriLength)
    {
        error = "the URI is longer than " + std::to_string(kMaxUriLength) + " bytes";
        return false;
    }
    if (!Utf8::valid(uri))
    {
        error = "the URI is not valid UTF-8";
        return false;
    }
    if (schemeLength(uri) == 0)
    {
        error = "\"" + uri + "\" does not start with a scheme such as \"oura:\"";
        return false;
    }
    for (unsigned char c : uri)
    {
        if (isControlOrSpace(c))
        {
            error = "\"" + uri + "\" contains whitespace or control characters";
            return false;
        }
        if (c == '{' || c == '}')
        {
            error = "\"" + uri + "\" contains braces; register it as a resource template instead";
            return false;
        }
    }
    return true;
}

std::optional<UriTemplate> UriTemplate::parse(const std::string& text, std::string& error)
{
    if (text.empty() || text.size() > kMaxUriLength || !Utf8::valid(text))
    {
        error = "the URI template is empty, too long or not valid UTF-8";
        return std::nullopt;
    }
    const std::size_t scheme = schemeLength(text);
    if (scheme == 0)
    {
        error = "\"" + text + "\" does not start with a literal scheme such as \"oura:\"";
        return std::nullopt;
    }

    UriTemplate result;
    result._text = text;
    std::string pattern;
    bool previousWasVariable = false;
    std::string literal;
    for (std::size_t i = 0; i < text.size(); ++i)
    {
        const char c = text[i];
        if (isControlOrSpace(static_cast<unsigned char>(c)))
        {
            error = "\"" + text + "\" contains whitespace or control characters";
            return std::nullopt;
        }
        if (c == '}')
        {
            error = "\"" + text + "\" has a '}' without a matching '{'";
            return std::nullopt;
        }
        if (c != '{')
        {
            literal.push_back(c);
            continue;
        }
        const std::size_t close = text.find('}', i + 1);
        if (close == std::string::npos)
        {
            error = "\"" + text + "\" has a '{' without a matching '}'";
            return std::nullopt;
        }
        const std::string name = text.substr(i + 1, close - i - 1);
        if (name.empty())
        {
            error = "\"" + text + "\" has an empty expression {}";
            return std::nullopt;
        }
        if (std::string("+#./;?&=,!@|").find(name[0]) != std::string::npos)
        {
            error = "\"" + text + "\" uses the operator '" + name.substr(0, 1) +
                    "' of RFC 6570 level 2 or higher; only level-1 {name} expressions are supported";
            return std::nullopt;
        }
        if (!std::all_of(name.begin(), name.end(),
                         [](unsigned char ch) { return std::isalnum(ch) != 0 || ch == '_'; }))
        {
            error = "\"" + text + "\" has the variable {" + name +
                    "}; variable names are letters, digits and '_' (no modifiers or lists)";
            return std::nullopt;
        }
        if (previousWasVariable && literal.empty())
        {
            error = "\"" + text + "\" has two variables side by side, which cannot be told apart";
            return std::nullopt;
        }
        if (std::find(result._variables.begin(), result._variables.end(), name) != result._variables.end())
        {
            error = "\"" + text + "\" uses the variable {" + name + "} twice";
            return std::nullopt;
        }
        pattern += escapeRegex(literal);
        literal.clear();
        pattern += "([^/?#]+)";
        result._variables.push_back(name);
        previousWasVariable = true;
        i = close;
    }
    pattern += escapeRegex(literal);
    if (result._variables.empty())
    {
        error = "\"" + text + "\" has no {variable}; register it as a plain resource instead";
        return std::nullopt;
    }
    if (text.find('{') < scheme)
    {
        error = "\"" + text + "\" has a variable inside its scheme";
        return std::nullopt;
    }
    result._matcher = std::make_shared<Matcher>(std::move(pattern));
    return result;
}

bool UriTemplate::match(const std::string& uri, std::map<std::string, std::string>& variables) const
{
    if (uri.size() > kMaxUriLength)
        return false;
    std::smatch m;
    if (!std::regex_match(uri, m, _matcher->regex()))
        return false;
    std::map<std::string, std::string> found;
    for (std::size_t i = 0; i < _variables.size(); ++i)
    {
        std::string decoded;
        if (!percentDecode(m[i + 1].str(), decoded))
            return false;
        found[_variables[i]] = decoded;
    }
    variables = std::move(found);
    return true;
}

} // namespace OuraMcp::Util

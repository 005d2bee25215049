#include "util/SchemaValidator.h"

#include "util/Utf8.h"

#include <cmath>
#include <cstdint>
#include <regex>
#include <vector>

namespace OuraMcp::Util {

namespace {

// std::regex matches recursively; very long subjects could exhaust the stack of a worker thread.
constexpr std::size_t kMaxPatternSubject = 8192;

const char* typeNoun(const std::string& type)
{
    if (type == "string")
        return "a string";
    if (type == "integer")
        return "an integer";
    if (type == "number")
        return "a number";
    if (type == "boolean")
        return "a boolean";
    if (type == "object")
        return "an object";
    if (type == "array")
        return "an array";
    if (type == "null")
        return "null";
    return "of an unknown type";
}

bool isKnownType(const std::string& type)
{
    return type == "string" || type == "integer" || type == "number" || type == "boolean" ||
           type == "object" || type == "array" || type == "null";
}

bool hasType(const Json& value, const std::string& type)
{
    if (type == "string")
        return value.is_string();
    if (type == "integer")
    {
        if (value.is_number_integer())
            return true;
        // JSON Schema: 2.0 is an integer too (any number with a zero fractional part).
        if (value.is_number_float())
        {
            const double d = value.get<double>();
            return std::isfinite(d) && std::floor(d) == d;
        }
        return false;
    }
    if (type == "number")
        return value.is_number();
    if (type == "boolean")
        return value.is_boolean();
    if (type == "object")
        return value.is_object();
    if (type == "array")
        return value.is_array();
    if (type == "null")
        return value.is_null();
    return false;
}

/// A count keyword (minLength, maxItems, ...): a non-negative integer, however the JSON was built.
bool isCount(const Json& j)
{
    return j.is_number_unsigned() || (j.is_number_integer() && j.get<int64_t>() >= 0);
}

std::string formatNumber(const Json& n)
{
    return n.dump();
}

class Walker
{
public:
    Walker(std::string rootName, std::string memberPrefix)
        : _rootName(std::move(rootName)), _memberPrefix(std::move(memberPrefix))
    {}

    std::optional<std::string> check(const Json& schema, const Json& value) const
    {
        return walk(schema, value, _rootName, true);
    }

private:
    std::string member(const std::string& display, bool isRoot, const std::string& key) const
    {
        return isRoot ? _memberPrefix + key : display + "." + key;
    }

    std::optional<std::string> walk(const Json& schema, const Json& value, const std::string& display,
                                    bool isRoot) const
    {
        if (schema.is_boolean())
        {
            if (schema.get<bool>())
                return std::nullopt;
            return display + " is not allowed";
        }
        if (!schema.is_object())
            return std::nullopt;

        if (auto it = schema.find("type"); it != schema.end())
        {
            if (it->is_string())
            {
                const auto type = it->get<std::string>();
                if (!hasType(value, type))
                    return display + " must be " + typeNoun(type);
            }
            else if (it->is_array())
            {
                bool ok = false;
                std::string nouns;
                for (std::size_t i = 0; i < it->size(); ++i)
                {
                    const auto type = (*it)[i].get<std::string>();
                    ok = ok || hasType(value, type);
                    if (i > 0)
                        nouns += (i + 1 == it->size()) ? " or " : ", ";
                    nouns += typeNoun(type);
                }
                if (!ok)
                    return display + " must be " + nouns;
            }
        }

        if (auto it = schema.find("enum"); it != schema.end() && it->is_array())
        {
            bool found = false;
            std::string list;
            for (const auto& candidate : *it)
            {
                found = found || candidate == value;
                if (!list.empty())
                    list += ", ";
                list += candidate.dump();
            }
            if (!found)
                return display + " must be one of: " + list;
        }

        if (auto it = schema.find("const"); it != schema.end() && *it != value)
            return display + " must be " + it->dump();

        if (value.is_number())
        {
            if (auto problem = checkNumber(schema, value, display))
                return problem;
        }
        else if (value.is_string())
        {
            if (auto problem = checkString(schema, value.get_ref<const std::string&>(), display))
                return problem;
        }
        else if (value.is_array())
        {
            if (auto problem = checkArray(schema, value, display))
                return problem;
        }
        else if (value.is_object())
        {
            if (auto problem = checkObject(schema, value, display, isRoot))
                return problem;
        }

        return checkCombinators(schema, value, display, isRoot);
    }

    std::optional<std::string> checkNumber(const Json& schema, const Json& value,
                                           const std::string& display) const
    {
        const double v = value.get<double>();
        bool exclusiveMin = false;
        bool exclusiveMax = false;
        // Draft 4 spelled exclusiveMinimum/Maximum as booleans modifying minimum/maximum.
        if (auto it = schema.find("exclusiveMinimum"); it != schema.end())
        {
            if (it->is_boolean())
                exclusiveMin = it->get<bool>();
            else if (it->is_number() && !(v > it->get<double>()))
                return display + " must be > " + formatNumber(*it);
        }
        if (auto it = schema.find("exclusiveMaximum"); it != schema.end())
        {
            if (it->is_boolean())
                exclusiveMax = it->get<bool>();
            else if (it->is_number() && !(v < it->get<double>()))
                return display + " must be < " + formatNumber(*it);
        }
        if (auto it = schema.find("minimum"); it != schema.end() && it->is_number())
        {
            const double m = it->get<double>();
            if (exclusiveMin ? !(v > m) : !(v >= m))
                return display + " must be " + (exclusiveMin ? "> " : ">= ") + formatNumber(*it);
        }
        if (auto it = schema.find("maximum"); it != schema.end() && it->is_number())
        {
            const double m = it->get<double>();
            if (exclusiveMax ? !(v < m) : !(v <= m))
                return display + " must be " + (exclusiveMax ? "< " : "<= ") + formatNumber(*it);
        }
        return std::nullopt;
    }

    std::optional<std::string> checkString(const Json& schema, const std::string& v,
                                           const std::string& display) const
    {
        const std::size_t length = Utf8::codePoints(v);
        if (auto it = schema.find("minLength"); it != schema.end() && isCount(*it))
        {
            const auto n = it->get<std::size_t>();
            if (length < n)
                return display + " must be at least " + std::to_string(n) + " character" +
                       (n == 1 ? "" : "s") + " long";
        }
        if (auto it = schema.find("maxLength"); it != schema.end() && isCount(*it))
        {
            const auto n = it->get<std::size_t>();
            if (length > n)
                return display + " must be at most " + std::to_string(n) + " character" +
                       (n == 1 ? "" : "s") + " long";
        }
        if (auto it = schema.find("pattern"); it != schema.end() && it->is_string())
        {
            const auto& pattern = it->get_ref<const std::string&>();
            if (v.size() > kMaxPatternSubject)
                return display + " is too long to check against the pattern " + pattern;
            try
            {
                const std::regex re(pattern, std::regex::ECMAScript);
                if (!std::regex_search(v, re))
                    return display + " must match the pattern " + pattern;
            }
            catch (const std::regex_error&)
            {
                return display + " cannot be checked: the schema's pattern " + pattern +
                       " is not a valid regex";
            }
        }
        return std::nullopt;
    }

    std::optional<std::string> checkArray(const Json& schema, const Json& value,
                                          const std::string& display) const
    {
        if (auto it = schema.find("minItems"); it != schema.end() && isCount(*it))
        {
            const auto n = it->get<std::size_t>();
            if (value.size() < n)
                return display + " must have at least " + std::to_string(n) + " item" + (n == 1 ? "" : "s");
        }
        if (auto it = schema.find("maxItems"); it != schema.end() && isCount(*it))
        {
            const auto n = it->get<std::size_t>();
            if (value.size() > n)
                return display + " must have at most " + std::to_string(n) + " item" + (n == 1 ? "" : "s");
        }
        if (auto it = schema.find("items"); it != schema.end() && (it->is_object() || it->is_boolean()))
        {
            for (std::size_t i = 0; i < value.size(); ++i)
            {
                if (auto problem = walk(*it, value[i], display + "[" + std::to_string(i) + "]", false))
                    return problem;
            }
        }
        return std::nullopt;
    }

    std::optional<std::string> checkObject(const Json& schema, const Json& value, const std::string& display,
                                           bool isRoot) const
    {
        const Json* properties = nullptr;
        if (auto it = schema.find("properties"); it != schema.end() && it->is_object())
            properties = &*it;

        if (auto it = schema.find("required"); it != schema.end() && it->is_array())
        {
            for (const auto& name : *it)
            {
                if (name.is_string() && !value.contains(name.get<std::string>()))
                    return member(display, isRoot, name.get<std::string>()) + " is required";
            }
        }

        const auto additional = schema.find("additionalProperties");
        for (auto it = value.begin(); it != value.end(); ++it)
        {
            const std::string& key = it.key();
            const std::string where = member(display, isRoot, key);
            if (properties != nullptr && properties->contains(key))
            {
                if (auto problem = walk((*properties)[key], it.value(), where, false))
                    return problem;
            }
            else if (additional != schema.end())
            {
                if (additional->is_boolean() && !additional->get<bool>())
                {
                    std::string allowed;
                    if (properties != nullptr)
                    {
                        for (auto p = properties->begin(); p != properties->end(); ++p)
                            allowed += (allowed.empty() ? "" : ", ") + p.key();
                    }
                    return display + " has an unknown property '" + key +
                           "' (allowed: " + (allowed.empty() ? "none" : allowed) + ")";
                }
                if (additional->is_object())
                {
                    if (auto problem = walk(*additional, it.value(), where, false))
                        return problem;
                }
            }
        }
        return std::nullopt;
    }

    std::optional<std::string> checkCombinators(const Json& schema, const Json& value,
                                                const std::string& display, bool isRoot) const
    {
        if (auto it = schema.find("allOf"); it != schema.end() && it->is_array())
        {
            for (const auto& sub : *it)
            {
                if (auto problem = walk(sub, value, display, isRoot))
                    return problem;
            }
        }
        if (auto it = schema.find("anyOf"); it != schema.end() && it->is_array() && !it->empty())
        {
            std::optional<std::string> first;
            bool ok = false;
            for (const auto& sub : *it)
            {
                auto problem = walk(sub, value, display, isRoot);
                if (!problem)
                {
                    ok = true;
                    break;
                }
                if (!first)
                    first = problem;
            }
            if (!ok)
                return display + " does not match any of the allowed forms (first: " + *first + ")";
        }
        if (auto it = schema.find("oneOf"); it != schema.end() && it->is_array() && !it->empty())
        {
            std::optional<std::string> first;
            std::size_t matches = 0;
            for (const auto& sub : *it)
            {
                auto problem = walk(sub, value, display, isRoot);
                if (!problem)
                    ++matches;
                else if (!first)
                    first = problem;
            }
            if (matches == 0)
                return display + " does not match any of the allowed forms (first: " + *first + ")";
            if (matches > 1)
                return display + " matches more than one of the allowed forms";
        }
        return std::nullopt;
    }

    std::string _rootName;
    std::string _memberPrefix;
};

std::optional<std::string> checkSchemaAt(const Json& schema, const std::string& where)
{
    if (schema.is_boolean())
        return std::nullopt;
    if (!schema.is_object())
        return where + " must be an object or a boolean";

    auto bad = [&](const std::string& keyword, const std::string& expected) {
        return std::optional<std::string>(where + "." + keyword + " must be " + expected);
    };

    if (schema.contains("$ref"))
        return where + " uses $ref, which the host's validator does not support; inline the schema";

    if (auto it = schema.find("type"); it != schema.end())
    {
        if (it->is_string())
        {
            if (!isKnownType(it->get<std::string>()))
                return where + ".type names an unknown type \"" + it->get<std::string>() + "\"";
        }
        else if (it->is_array() && !it->empty())
        {
            for (const auto& t : *it)
            {
                if (!t.is_string() || !isKnownType(t.get<std::string>()))
                    return where + ".type lists an unknown type " + t.dump();
            }
        }
        else
            return bad("type", "a type name or a non-empty array of type names");
    }
    if (auto it = schema.find("properties"); it != schema.end())
    {
        if (!it->is_object())
            return bad("properties", "an object");
        for (auto p = it->begin(); p != it->end(); ++p)
        {
            if (auto problem = checkSchemaAt(p.value(), where + ".properties." + p.key()))
                return problem;
        }
    }
    if (auto it = schema.find("required"); it != schema.end())
    {
        if (!it->is_array())
            return bad("required", "an array of property names");
        for (const auto& name : *it)
        {
            if (!name.is_string())
                return bad("required", "an array of property names");
        }
    }
    if (auto it = schema.find("additionalProperties"); it != schema.end())
    {
        if (auto problem = checkSchemaAt(*it, where + ".additionalProperties"))
            return problem;
    }
    if (auto it = schema.find("items"); it != schema.end())
    {
        if (it->is_array())
            return where + ".items as an array (tuple form) is not supported by the host's validator";
        if (auto problem = checkSchemaAt(*it, where + ".items"))
            return problem;
    }
    if (auto it = schema.find("enum"); it != schema.end() && !it->is_array())
        return bad("enum", "an array");
    for (const char* keyword : {"minimum", "maximum"})
    {
        if (auto it = schema.find(keyword); it != schema.end() && !it->is_number())
            return bad(keyword, "a number");
    }
    for (const char* keyword : {"exclusiveMinimum", "exclusiveMaximum"})
    {
        if (auto it = schema.find(keyword); it != schema.end() && !it->is_number() && !it->is_boolean())
            return bad(keyword, "a number");
    }
    for (const char* keyword : {"minLength", "maxLength", "minItems", "maxItems"})
    {
        if (auto it = schema.find(keyword); it != schema.end() && !isCount(*it))
            return bad(keyword, "a non-negative integer");
    }
    if (auto it = schema.find("pattern"); it != schema.end())
    {
        if (!it->is_string())
            return bad("pattern", "a string");
        try
        {
            const std::regex re(it->get<std::string>(), std::regex::ECMAScript);
        }
        catch (const std::regex_error& e)
        {
            return where + ".pattern " + it->dump() + " is not a valid ECMAScript regex (" + e.what() + ")";
        }
    }
    for (const char* keyword : {"anyOf", "oneOf", "allOf"})
    {
        if (auto it = schema.find(keyword); it != schema.end())
        {
            if (!it->is_array() || it->empty())
                return bad(keyword, "a non-empty array of schemas");
            for (std::size_t i = 0; i < it->size(); ++i)
            {
                if (auto problem =
                        checkSchemaAt((*it)[i], where + "." + keyword + "[" + std::to_string(i) + "]"))
                    return problem;
            }
        }
    }
    return std::nullopt;
}

} // namespace

std::optional<std::string> SchemaValidator::validate(const Json& schema, const Json& value,
                                                     const std::string& rootName)
{
    return Walker(rootName, "").check(schema, value);
}

std::optional<std::string> SchemaValidator::validate(const Json& schema, const Json& value,
                                                     const std::string& rootName,
                                                     const std::string& memberPrefix)
{
    return Walker(rootName, memberPrefix).check(schema, value);
}

std::optional<std::string> SchemaValidator::checkSchema(const Json& schema)
{
    return checkSchemaAt(schema, "schema");
}

} // namespace OuraMcp::Util

#pragma once

#include "util/Json.h"

#include <optional>
#include <string>

namespace OuraMcp::Util {

/// A small JSON Schema validator for the subset tool schemas use: type (with integer vs number),
/// properties, required, additionalProperties (false or a schema), enum, const, minimum, maximum,
/// exclusiveMinimum, exclusiveMaximum, minLength, maxLength (in code points), pattern (ECMAScript,
/// unanchored, as JSON Schema says), items, minItems, maxItems, anyOf, oneOf, allOf. Other keywords
/// (default, description, format, $schema, ...) are ignored. Boolean schemas are supported.
/// Stateless and thread-safe.
class SchemaValidator
{
public:
    static std::optional<std::string> validate(const Json& schema, const Json& value,
                                               const std::string& rootName);
    /// The first violation as a sentence ("end_date must be a string"), or nothing if value conforms.
    /// rootName names the value itself ("arguments must be an object"); its members are named bare
    /// ("end_date"), nested members with dots ("range.start") and array items with [i] ("days[2]").

    static std::optional<std::string> validate(const Json& schema, const Json& value,
                                               const std::string& rootName, const std::string& memberPrefix);
    /// As above, with memberPrefix before the names of the root's members (e.g. "structuredContent.").

    static std::optional<std::string> checkSchema(const Json& schema);
    /// Why schema cannot be used by validate() (a keyword of the wrong type, a pattern std::regex cannot
    /// compile), or nothing if it is usable. Called once at registration so that calls never fail on a
    /// broken schema.
};

} // namespace OuraMcp::Util

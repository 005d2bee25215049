#pragma once

#include <nlohmann/json.hpp>

#include <optional>
#include <string>

namespace OuraMcp::DomainTest {

/// A minimal structural JSON Schema check for the keywords the domain plugins' output schemas use: type
/// (a name or an array of names, integer vs number), properties, required, additionalProperties (false or a
/// schema), items, enum, minimum. The first violation as "path: reason", or nothing if value conforms.
std::optional<std::string> schemaViolation(const nlohmann::json& schema, const nlohmann::json& value,
                                           const std::string& path = "$");

} // namespace OuraMcp::DomainTest

#pragma once

#include <nlohmann/json.hpp>

namespace OuraMcp {

/// The host's JSON value type. Object keys keep insertion order so that schemas, tool lists and results
/// serialise deterministically and in the order authors wrote them.
using Json = nlohmann::ordered_json;

} // namespace OuraMcp

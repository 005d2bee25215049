#pragma once

#include "util/Json.h"

#include <cstddef>
#include <string>

namespace OuraMcp::Mcp {

/// Parses one incoming JSON-RPC line with a nesting limit and a limit on the number of values, so that
/// hostile input (100000 '[', or a million tiny objects) is rejected early instead of building a huge tree
/// that later recursive code (dump, comparisons) could choke on or that needs far more memory than the line.
/// Linear in the input: a SAX parser builds the tree (nlohmann's callback parser rescans a parent array
/// each time a child object ends, which is quadratic in the array's length).
class JsonReader
{
public:
    static Json parse(const std::string& text, std::size_t maxDepth, std::size_t maxValues = 0);
    /// Throws ProtocolError: ParseError (-32700) for malformed JSON or invalid UTF-8, InvalidRequest
    /// (-32600) when arrays/objects nest deeper than maxDepth or the text holds more than maxValues values
    /// (scalars, arrays and objects each count one; 0 = no limit).
};

} // namespace OuraMcp::Mcp

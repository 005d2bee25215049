#pragma once

#include "util/Json.h"

#include <cstddef>
#include <string>

namespace OuraMcp::Mcp {

/// Parses one incoming JSON-RPC line with a nesting limit, so that hostile input (100000 '[') is rejected
/// early instead of building a huge tree that later recursive code (dump, comparisons) could choke on.
class JsonReader
{
public:
    static Json parse(const std::string& text, std::size_t maxDepth);
    /// Throws ProtocolError: ParseError (-32700) for malformed JSON or invalid UTF-8, InvalidRequest
    /// (-32600) when arrays/objects nest deeper than maxDepth.
};

} // namespace OuraMcp::Mcp

#pragma once

#include "util/Json.h"

#include <string>

namespace OuraMcp::Mcp {

/// Builders for JSON-RPC 2.0 messages, so that every message the engine sends has the same shape.
class JsonRpc
{
public:
    static Json result(const Json& id, Json result);
    static Json error(const Json& id, int code, const std::string& message, const Json& data = nullptr);
    /// id null for errors whose request id could not be determined (parse errors, invalid envelopes).
    static Json notification(const std::string& method, Json params);

    static bool isValidId(const Json& id) noexcept;
    /// MCP request ids: a string or an integer (never null, fractional or structured).

    static std::string idKey(const Json& id);
    /// A map key for an id that keeps 1 and "1" apart.
};

} // namespace OuraMcp::Mcp

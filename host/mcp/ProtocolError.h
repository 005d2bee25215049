#pragma once

#include "util/Json.h"

#include <stdexcept>
#include <string>

namespace OuraMcp::Mcp {

/// A JSON-RPC error to send back for the current request (code, message, optional data).
/// Thrown inside the host only; the engine turns it into an error response.
class ProtocolError : public std::runtime_error
{
public:
    ProtocolError(int code, const std::string& message, Json data = nullptr)
        : std::runtime_error(message), _code(code), _data(std::move(data))
    {}

    int code() const noexcept { return _code; }
    const Json& data() const noexcept { return _data; }

    static constexpr int ParseError = -32700;
    static constexpr int InvalidRequest = -32600;
    static constexpr int MethodNotFound = -32601;
    static constexpr int InvalidParams = -32602;
    static constexpr int InternalError = -32603;
    static constexpr int LegacyResourceNotFound = -32002;     ///< 2025-11-25 and earlier
    static constexpr int MissingClientCapability = -32021;    ///< 2026-07-28
    static constexpr int UnsupportedProtocolVersion = -32022; ///< 2026-07-28

private:
    int _code;
    Json _data;
};

} // namespace OuraMcp::Mcp

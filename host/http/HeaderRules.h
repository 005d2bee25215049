#pragma once

#include "util/Json.h"

#include <optional>
#include <string>

namespace Poco::Net {
class HTTPServerRequest;
}

namespace OuraMcp::Http {

/// The 2026-07-28 request metadata headers (basic/transports/streamable-http "Request Metadata"): every
/// stateless POST carries MCP-Protocol-Version, Mcp-Method and, for tools/call, resources/read and
/// prompts/get, Mcp-Name, and each must equal its source in the body. Values are compared after removing
/// optional whitespace (RFC 9110 §5.5) and decoding the "=?base64?...?=" form of Mcp-Name.
class HeaderRules
{
public:
    static std::string value(const Poco::Net::HTTPServerRequest& request, const std::string& name);
    /// The header's value without surrounding spaces and tabs; "" if absent.

    static std::optional<std::string> mismatch(const Poco::Net::HTTPServerRequest& request,
                                               const Json& message, const std::string& bodyVersion);
    /// Why the headers do not match the request in message (a HeaderMismatch error message), or nothing.

    static std::optional<std::string> missingMeta(const Json& message, const std::string& bodyVersion);
    /// Why a stateless request lacks the _meta fields 2026-07-28 requires (protocolVersion; and
    /// clientCapabilities when the version is 2026-07-28): an Invalid params message, answered with 400.

    static std::optional<std::string> decode(const std::string& headerValue);
    /// The value with the base64 sentinel removed; nothing if it is malformed or holds control characters.
};

} // namespace OuraMcp::Http

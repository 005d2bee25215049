#include "http/HeaderRules.h"

#include "mcp/ProtocolVersion.h"

#include <Poco/Base64Decoder.h>
#include <Poco/Net/HTTPServerRequest.h>

#include <sstream>

namespace OuraMcp::Http {

namespace {

constexpr const char* SentinelStart = "=?base64?";
constexpr const char* SentinelEnd = "?=";

/// The body field Mcp-Name mirrors for a method, or nullptr if the method has none.
const char* nameSource(const std::string& method)
{
    if (method == "tools/call" || method == "prompts/get")
        return "name";
    if (method == "resources/read")
        return "uri";
    return nullptr;
}

} // namespace

std::string HeaderRules::value(const Poco::Net::HTTPServerRequest& request, const std::string& name)
{
    std::string text = request.get(name, "");
    const auto first = text.find_first_not_of(" \t");
    if (first == std::string::npos)
        return {};
    const auto last = text.find_last_not_of(" \t");
    return text.substr(first, last - first + 1);
}

std::optional<std::string> HeaderRules::decode(const std::string& headerValue)
{
    const std::string start = SentinelStart;
    const std::string end = SentinelEnd;
    std::string decoded = headerValue;
    if (headerValue.size() >= start.size() + end.size() && headerValue.compare(0, start.size(), start) == 0 &&
        headerValue.compare(headerValue.size() - end.size(), end.size(), end) == 0)
    {
        std::istringstream in(
            headerValue.substr(start.size(), headerValue.size() - start.size() - end.size()));
        Poco::Base64Decoder decoder(in);
        decoded.assign(std::istreambuf_iterator<char>(decoder), std::istreambuf_iterator<char>());
        if (!decoder.eof() && decoder.fail())
            return std::nullopt;
        return decoded; // any bytes are allowed inside the encoding
    }
    for (unsigned char c : decoded)
    {
        if ((c < 0x20 && c != '\t') || c == 0x7f)
            return std::nullopt;
    }
    return decoded;
}

std::optional<std::string> HeaderRules::missingMeta(const Json& message, const std::string& bodyVersion)
{
    if (bodyVersion.empty())
        return std::string("Invalid params: _meta io.modelcontextprotocol/protocolVersion is required");
    if (bodyVersion != Mcp::ProtocolVersion::Modern)
        return std::nullopt; // a legacy revision named per request needs no more
    const Json& meta = message.at("params").at("_meta");
    const auto capabilities = meta.find("io.modelcontextprotocol/clientCapabilities");
    if (capabilities == meta.end() || !capabilities->is_object())
        return std::string(
            "Invalid params: _meta io.modelcontextprotocol/clientCapabilities is required (an object)");
    return std::nullopt;
}

std::optional<std::string> HeaderRules::mismatch(const Poco::Net::HTTPServerRequest& request,
                                                 const Json& message, const std::string& bodyVersion)
{
    const std::string version = value(request, "MCP-Protocol-Version");
    if (version.empty())
        return std::string("Header mismatch: the MCP-Protocol-Version header is required");
    if (version != bodyVersion)
        return "Header mismatch: MCP-Protocol-Version header value '" + version +
               "' does not match body value '" + bodyVersion + "'";
    const auto methodIt = message.find("method");
    const std::string method =
        methodIt != message.end() && methodIt->is_string() ? methodIt->get<std::string>() : "";
    const std::string methodHeader = value(request, "Mcp-Method");
    if (methodHeader.empty())
        return std::string("Header mismatch: the Mcp-Method header is required");
    if (methodHeader != method)
        return "Header mismatch: Mcp-Method header value '" + methodHeader + "' does not match body value '" +
               method + "'";
    const char* field = nameSource(method);
    if (field == nullptr)
        return std::nullopt;
    const auto params = message.find("params");
    std::string bodyName;
    if (params != message.end() && params->is_object())
    {
        const auto it = params->find(field);
        if (it != params->end() && it->is_string())
            bodyName = it->get<std::string>();
    }
    const std::string nameHeader = value(request, "Mcp-Name");
    if (nameHeader.empty())
        return "Header mismatch: the Mcp-Name header is required for " + method;
    const auto decoded = decode(nameHeader);
    if (!decoded)
        return std::string("Header mismatch: the Mcp-Name header value is malformed");
    // Poco decodes RFC 2047 encoded words while it parses headers, and leaves a sentinel it cannot decode
    // without its leading "=?"; such a value is read as the sentinel it was.
    const auto restored = nameHeader.rfind("base64?", 0) == 0 ? decode("=?" + nameHeader) : std::nullopt;
    if (*decoded != bodyName && restored != bodyName)
        return "Header mismatch: Mcp-Name header value '" + nameHeader + "' does not match body value '" +
               bodyName + "'";
    return std::nullopt;
}

} // namespace OuraMcp::Http

#include "http/SessionIds.h"

#include "http/Secrets.h"
#include "mcp/ProtocolVersion.h"
#include "util/ConstantTime.h"

#include <Poco/NumberParser.h>
#include <Poco/StringTokenizer.h>

#include <stdexcept>

namespace OuraMcp::Http {

namespace {

constexpr const char* Format = "1";
constexpr std::size_t NonceBytes = 16;

bool isHex(const std::string& text, std::size_t length)
{
    if (text.size() != length)
        return false;
    for (char c : text)
    {
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')))
            return false;
    }
    return true;
}

} // namespace

SessionIds::SessionIds(std::string key) : _key(std::move(key))
{
    if (_key.size() < 32)
        throw std::invalid_argument("the session key must have at least 32 bytes");
}

std::string SessionIds::mint(const std::string& version, std::int64_t expiresUnix,
                             const std::string& principal) const
{
    const std::string body = std::string(Format) + "." + version + "." + std::to_string(expiresUnix) + "." +
                             Secrets::hex(Secrets::random(NonceBytes));
    return body + "." + Secrets::hmacSha256Hex(_key, signedText(body, principal));
}

std::string SessionIds::signedText(const std::string& body, const std::string& principal)
{
    // A newline cannot occur in the body, so no (body, principal) pair signs like another.
    return principal.empty() ? body : body + "\n" + principal;
}

std::optional<SessionIds::Claims> SessionIds::verify(const std::string& id,
                                                     const std::string& principal) const
{
    if (id.size() > 256)
        return std::nullopt;
    const auto lastDot = id.rfind('.');
    if (lastDot == std::string::npos)
        return std::nullopt;
    const std::string body = id.substr(0, lastDot);
    if (!Util::ConstantTime::equal(id.substr(lastDot + 1),
                                   Secrets::hmacSha256Hex(_key, signedText(body, principal))))
        return std::nullopt;
    Poco::StringTokenizer parts(body, ".");
    if (parts.count() != 4 || parts[0] != Format || !Mcp::ProtocolVersion::isLegacy(parts[1]) ||
        !isHex(parts[3], NonceBytes * 2))
        return std::nullopt;
    Poco::Int64 expires = 0;
    if (!Poco::NumberParser::tryParse64(parts[2], expires))
        return std::nullopt;
    return Claims{parts[1], expires};
}

} // namespace OuraMcp::Http

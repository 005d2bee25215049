#include "oauth/SignedBlob.h"

#include "http/Secrets.h"
#include "util/Base64Url.h"
#include "util/ConstantTime.h"

#include <stdexcept>

namespace OuraMcp::OAuth {

SignedBlob::SignedBlob(std::string key) : _key(std::move(key))
{
    if (_key.size() < 32)
        throw std::invalid_argument("the OAuth state key must be at least 32 bytes long");
}

std::string SignedBlob::signature(const std::string& purpose, const std::string& payload) const
{
    return Http::Secrets::hmacSha256Hex(_key, purpose + "\n" + payload);
}

std::string SignedBlob::seal(const std::string& purpose, Json claims, std::int64_t expiresAt) const
{
    claims["exp"] = expiresAt;
    const std::string payload = Util::Base64Url::encode(claims.dump());
    return payload + "." + signature(purpose, payload);
}

std::optional<Json> SignedBlob::open(const std::string& purpose, const std::string& blob,
                                     std::int64_t now) const
{
    if (blob.size() > MaximumSize)
        return std::nullopt;
    const auto dot = blob.find('.');
    if (dot == std::string::npos)
        return std::nullopt;
    const std::string payload = blob.substr(0, dot);
    // The signature is checked before the claims are parsed: a stranger's bytes never reach the JSON parser.
    if (!Util::ConstantTime::equal(signature(purpose, payload), blob.substr(dot + 1)))
        return std::nullopt;
    const auto text = Util::Base64Url::decode(payload);
    if (!text)
        return std::nullopt;
    Json claims = Json::parse(*text, nullptr, false);
    if (claims.is_discarded() || !claims.is_object())
        return std::nullopt;
    const auto exp = claims.find("exp");
    if (exp == claims.end() || !exp->is_number_integer() || exp->get<std::int64_t>() <= now)
        return std::nullopt;
    return claims;
}

} // namespace OuraMcp::OAuth

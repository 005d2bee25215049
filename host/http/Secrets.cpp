#include "http/Secrets.h"

#include <Poco/DigestEngine.h>
#include <Poco/HMACEngine.h>
#include <Poco/SHA2Engine.h>

#include "platform/RandomBytes.h"

namespace OuraMcp::Http {

namespace {

/// Poco's HMACEngine wants the block and digest sizes as class constants.
class Sha256 : public Poco::SHA2Engine
{
public:
    enum
    {
        BLOCK_SIZE = 64,
        DIGEST_SIZE = 32
    };
    Sha256() : Poco::SHA2Engine(Poco::SHA2Engine::SHA_256) {}
};

} // namespace

std::string Secrets::random(std::size_t bytes)
{
    std::string out(bytes, '\0');
    Platform::RandomBytes::fill(out.data(), out.size());
    return out;
}

std::string Secrets::hex(const std::string& bytes)
{
    static const char* digits = "0123456789abcdef";
    std::string out;
    out.reserve(bytes.size() * 2);
    for (unsigned char c : bytes)
    {
        out.push_back(digits[c >> 4]);
        out.push_back(digits[c & 0x0f]);
    }
    return out;
}

std::string Secrets::hmacSha256Hex(const std::string& key, const std::string& text)
{
    Poco::HMACEngine<Sha256> hmac(key);
    hmac.update(text);
    return Poco::DigestEngine::digestToHex(hmac.digest());
}

} // namespace OuraMcp::Http

#include "store/SecretHash.h"

#include "store/StoreError.h"
#include "util/Base64Url.h"

#include <openssl/evp.h>
#include <openssl/rand.h>

#include <vector>

namespace OuraMcp::Store {

namespace {

std::vector<unsigned char> randomBytes(std::size_t count)
{
    std::vector<unsigned char> bytes(count);
    if (RAND_bytes(bytes.data(), static_cast<int>(bytes.size())) != 1)
        throw StoreError("the system's random number generator failed");
    return bytes;
}

std::string hex(const unsigned char* data, std::size_t size)
{
    static const char digits[] = "0123456789abcdef";
    std::string text;
    text.reserve(size * 2);
    for (std::size_t i = 0; i < size; ++i)
    {
        text += digits[data[i] >> 4];
        text += digits[data[i] & 0x0f];
    }
    return text;
}

} // namespace

std::string SecretHash::of(const std::string& secret)
{
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    if (EVP_Digest(secret.data(), secret.size(), digest, &length, EVP_sha256(), nullptr) != 1)
        throw StoreError("SHA-256 failed");
    return hex(digest, length);
}

std::string SecretHash::generateSecret()
{
    const auto bytes = randomBytes(32);
    return Util::Base64Url::encode(std::string(bytes.begin(), bytes.end()));
}

std::string SecretHash::randomHex(std::size_t bytes)
{
    const auto data = randomBytes(bytes);
    return hex(data.data(), data.size());
}

} // namespace OuraMcp::Store

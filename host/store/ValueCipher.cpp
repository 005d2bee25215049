#include "store/ValueCipher.h"

#include "store/StoreError.h"

#include <Poco/Base64Decoder.h>
#include <Poco/Base64Encoder.h>
#include <Poco/Exception.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include <sstream>
#include <vector>

namespace OuraMcp::Store {

namespace {

constexpr std::size_t nonceSize = 12;
constexpr std::size_t tagSize = 16;
const std::string prefix = "v1.";

struct CipherContext
{
    EVP_CIPHER_CTX* ctx = EVP_CIPHER_CTX_new();
    ~CipherContext() { EVP_CIPHER_CTX_free(ctx); }
};

std::string base64(const std::string& bytes)
{
    std::ostringstream out;
    Poco::Base64Encoder encoder(out);
    encoder.rdbuf()->setLineLength(0);
    encoder << bytes;
    encoder.close();
    return out.str();
}

std::string unbase64(const std::string& text)
{
    std::istringstream in(text);
    Poco::Base64Decoder decoder(in);
    std::string bytes;
    try
    {
        char c;
        while (decoder.get(c))
            bytes += c;
    }
    catch (const Poco::Exception&)
    {
        throw SealedValueError("a sealed value is not valid base64");
    }
    return bytes;
}

} // namespace

ValueCipher::ValueCipher(std::shared_ptr<const StoreKey> key) : _key(std::move(key))
{
    if (!_key)
        throw StoreError("a value cipher needs a key");
}

std::string ValueCipher::seal(const std::string& plaintext, const std::string& context) const
{
    const auto& key = _key->current();
    std::string blob(nonceSize + plaintext.size() + tagSize, '\0');
    auto* nonce = reinterpret_cast<unsigned char*>(blob.data());
    if (RAND_bytes(nonce, nonceSize) != 1)
        throw StoreError("the system's random number generator failed");
    CipherContext c;
    int length = 0;
    bool ok =
        c.ctx && EVP_EncryptInit_ex(c.ctx, EVP_aes_256_gcm(), nullptr, nullptr, nullptr) == 1 &&
        EVP_CIPHER_CTX_ctrl(c.ctx, EVP_CTRL_GCM_SET_IVLEN, nonceSize, nullptr) == 1 &&
        EVP_EncryptInit_ex(c.ctx, nullptr, nullptr, key.bytes.data(), nonce) == 1 &&
        EVP_EncryptUpdate(c.ctx, nullptr, &length, reinterpret_cast<const unsigned char*>(context.data()),
                          static_cast<int>(context.size())) == 1 &&
        EVP_EncryptUpdate(c.ctx, nonce + nonceSize, &length,
                          reinterpret_cast<const unsigned char*>(plaintext.data()),
                          static_cast<int>(plaintext.size())) == 1 &&
        EVP_EncryptFinal_ex(c.ctx, nonce + nonceSize + length, &length) == 1 &&
        EVP_CIPHER_CTX_ctrl(c.ctx, EVP_CTRL_GCM_GET_TAG, tagSize, nonce + nonceSize + plaintext.size()) == 1;
    if (!ok)
        throw StoreError("AES-256-GCM sealing failed");
    return prefix + key.id + "." + base64(blob);
}

std::string ValueCipher::open(const std::string& sealed, const std::string& context) const
{
    const std::string keyId = keyIdOf(sealed);
    if (keyId.empty())
        throw SealedValueError("a stored value is not in the sealed format");
    const auto* key = _key->find(keyId);
    if (!key)
        throw SealedValueError("a stored value is sealed with the key " + keyId +
                               ", which the store key file lacks");
    std::string blob = unbase64(sealed.substr(prefix.size() + keyId.size() + 1));
    if (blob.size() < nonceSize + tagSize)
        throw SealedValueError("a sealed value is truncated");
    const auto* nonce = reinterpret_cast<const unsigned char*>(blob.data());
    const std::size_t cipherSize = blob.size() - nonceSize - tagSize;
    std::string plaintext(cipherSize, '\0');
    std::string tag = blob.substr(nonceSize + cipherSize);
    CipherContext c;
    int length = 0;
    const bool ok =
        c.ctx && EVP_DecryptInit_ex(c.ctx, EVP_aes_256_gcm(), nullptr, nullptr, nullptr) == 1 &&
        EVP_CIPHER_CTX_ctrl(c.ctx, EVP_CTRL_GCM_SET_IVLEN, nonceSize, nullptr) == 1 &&
        EVP_DecryptInit_ex(c.ctx, nullptr, nullptr, key->bytes.data(), nonce) == 1 &&
        EVP_DecryptUpdate(c.ctx, nullptr, &length, reinterpret_cast<const unsigned char*>(context.data()),
                          static_cast<int>(context.size())) == 1 &&
        EVP_DecryptUpdate(c.ctx, reinterpret_cast<unsigned char*>(plaintext.data()), &length,
                          nonce + nonceSize, static_cast<int>(cipherSize)) == 1 &&
        EVP_CIPHER_CTX_ctrl(c.ctx, EVP_CTRL_GCM_SET_TAG, tagSize, tag.data()) == 1 &&
        EVP_DecryptFinal_ex(c.ctx, reinterpret_cast<unsigned char*>(plaintext.data()) + length, &length) == 1;
    if (!ok)
    {
        OPENSSL_cleanse(plaintext.data(), plaintext.size());
        throw SealedValueError(
            "a sealed value does not verify (tampered, or sealed for another user or key)");
    }
    return plaintext;
}

std::string ValueCipher::keyIdOf(const std::string& sealed)
{
    if (sealed.compare(0, prefix.size(), prefix) != 0)
        return "";
    const auto dot = sealed.find('.', prefix.size());
    if (dot == std::string::npos || dot == prefix.size())
        return "";
    return sealed.substr(prefix.size(), dot - prefix.size());
}

} // namespace OuraMcp::Store

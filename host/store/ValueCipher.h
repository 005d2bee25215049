#pragma once

#include "store/StoreKey.h"

#include <memory>
#include <string>

namespace OuraMcp::Store {

/// Seals values at rest with AES-256-GCM (OpenSSL EVP).
///
/// A sealed value is text: "v1.<key id>.<base64 of nonce(12) | ciphertext | tag(16)>". Every value gets a
/// fresh random 96-bit nonce; the associated data binds it to its context (the owning user's id), so a value
/// copied into another user's row does not open. Sealing uses the ring's current key; opening uses the key the
/// value names, which may be a previous one.
class ValueCipher
{
public:
    explicit ValueCipher(std::shared_ptr<const StoreKey> key);

    std::string seal(const std::string& plaintext, const std::string& context) const;

    std::string open(const std::string& sealed, const std::string& context) const;
    /// Throws SealedValueError if the format is wrong, the key id is unknown, or the tag does not verify
    /// (tampered ciphertext, other context, wrong key).

    static std::string keyIdOf(const std::string& sealed);
    /// The key id a sealed value names ("" if it is not a sealed value).

    const StoreKey& key() const { return *_key; }

private:
    std::shared_ptr<const StoreKey> _key;
};

} // namespace OuraMcp::Store

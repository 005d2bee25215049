#include "store/ValueCipher.h"
#include "store/StoreError.h"

#include <gtest/gtest.h>

using OuraMcp::Store::SealedValueError;
using OuraMcp::Store::StoreKey;
using OuraMcp::Store::ValueCipher;

namespace {

std::shared_ptr<const StoreKey> ring(std::vector<StoreKey::Entry> entries)
{
    return std::make_shared<const StoreKey>(std::move(entries));
}

} // namespace

TEST(ValueCipher, SealsWithAFreshNonceAndOpensWithTheSameContext)
{
    const auto key = StoreKey::generate();
    ValueCipher cipher(ring({key}));
    const std::string a = cipher.seal("oura-refresh-token-xyz", "oura_tokens:u_1");
    const std::string b = cipher.seal("oura-refresh-token-xyz", "oura_tokens:u_1");
    EXPECT_NE(a, b) << "two seals of one value must differ (random nonce)";
    EXPECT_EQ(a.rfind("v1." + key.id + ".", 0), 0u) << a;
    EXPECT_EQ(a.find("oura-refresh-token-xyz"), std::string::npos);
    EXPECT_EQ(cipher.open(a, "oura_tokens:u_1"), "oura-refresh-token-xyz");
    EXPECT_EQ(cipher.open(b, "oura_tokens:u_1"), "oura-refresh-token-xyz");
    EXPECT_EQ(ValueCipher::keyIdOf(a), key.id);
}

TEST(ValueCipher, RefusesAnotherContextATamperedValueAndAnUnknownKey)
{
    const auto key = StoreKey::generate();
    ValueCipher cipher(ring({key}));
    const std::string sealed = cipher.seal("secret", "oura_tokens:u_1");
    EXPECT_THROW(cipher.open(sealed, "oura_tokens:u_2"), SealedValueError);

    // Every 5th character of the base64 body except the last group, whose low bits may be padding.
    for (std::size_t at = 3 + key.id.size() + 1; at + 4 < sealed.size(); at += 5)
    {
        std::string tampered = sealed;
        tampered[at] = tampered[at] == 'A' ? 'B' : 'A';
        EXPECT_THROW(cipher.open(tampered, "oura_tokens:u_1"), SealedValueError) << "flipped at " << at;
    }
    EXPECT_THROW(cipher.open(sealed.substr(0, sealed.size() - 8), "oura_tokens:u_1"), SealedValueError);
    EXPECT_THROW(cipher.open("plain text", "oura_tokens:u_1"), SealedValueError);

    ValueCipher other(ring({StoreKey::generate()}));
    EXPECT_THROW(other.open(sealed, "oura_tokens:u_1"), SealedValueError);
}

TEST(ValueCipher, AfterARotationNewValuesUseTheNewKeyAndOldValuesStillOpen)
{
    const auto oldKey = StoreKey::generate();
    const auto newKey = StoreKey::generate();
    const std::string before = ValueCipher(ring({oldKey})).seal("v", "c");

    ValueCipher rotated(ring({newKey, oldKey}));
    EXPECT_EQ(rotated.open(before, "c"), "v");
    EXPECT_EQ(ValueCipher::keyIdOf(rotated.seal("v", "c")), newKey.id);

    // A previous key with the same id but other bytes does not open it: the id only selects, the tag decides.
    auto impostor = StoreKey::generate();
    impostor.id = oldKey.id;
    EXPECT_THROW(ValueCipher(ring({newKey, impostor})).open(before, "c"), SealedValueError);
}

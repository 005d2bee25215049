// The pieces of host/http that need no socket: signed session ids, the session key file, header decoding.
#include "http/SessionIds.h"
#include "http/HeaderRules.h"
#include "http/Secrets.h"
#include "http/SessionKey.h"
#include "util/ConstantTime.h"

#include <gtest/gtest.h>

#include <Poco/File.h>
#include <Poco/TemporaryFile.h>

#include <sys/stat.h>

namespace OuraMcp::Http::Test {

namespace {

const std::string kKey(32, 'k');

} // namespace

TEST(SessionIds, CarryTheNegotiatedVersionAndExpiryAndVerifyWithTheirKeyOnly)
{
    SessionIds ids(kKey);
    const std::string id = ids.mint("2025-06-18", 1900000000);
    const auto claims = ids.verify(id);
    ASSERT_TRUE(claims);
    EXPECT_EQ(claims->version, "2025-06-18");
    EXPECT_EQ(claims->expiresUnix, 1900000000);
    EXPECT_NE(ids.mint("2025-06-18", 1900000000), id) << "every id is unique";
    for (char c : id)
        EXPECT_TRUE(c >= 0x21 && c <= 0x7e) << "visible ASCII only";
    EXPECT_FALSE(SessionIds(std::string(32, 'x')).verify(id)) << "another key";
    std::string tampered = id;
    tampered[2] = tampered[2] == '1' ? '2' : '1';
    EXPECT_FALSE(ids.verify(tampered));
    EXPECT_FALSE(ids.verify(""));
    EXPECT_FALSE(ids.verify("1.2025-06-18.1900000000.00.00"));
    EXPECT_FALSE(ids.verify(std::string(300, 'a')));
    EXPECT_THROW(SessionIds("short"), std::invalid_argument);
}

TEST(SessionIds, ASessionOpenedByOneUserDoesNotVerifyForAnother)
{
    SessionIds ids(kKey);
    const std::string alices = ids.mint("2025-11-25", 1900000000, "u_alice");
    EXPECT_TRUE(ids.verify(alices, "u_alice"));
    EXPECT_FALSE(ids.verify(alices, "u_bob")) << "another user's token cannot continue the session";
    EXPECT_FALSE(ids.verify(alices)) << "nor a request without a user";
    EXPECT_FALSE(ids.verify(ids.mint("2025-11-25", 1900000000), "u_alice"));
    EXPECT_EQ(alices.find("u_alice"), std::string::npos) << "the id names no one";
}

TEST(SessionKey, IsCreatedPrivateOnceAndReadBack)
{
    Poco::TemporaryFile dir;
    const std::string path = dir.path() + "/state/http-session.key";
    const std::string first = SessionKey::loadOrCreate(path);
    EXPECT_EQ(first.size(), 64u);
    struct stat info;
    ASSERT_EQ(::stat(path.c_str(), &info), 0);
    EXPECT_EQ(info.st_mode & 0777, 0600u);
    EXPECT_EQ(SessionKey::loadOrCreate(path), first);
    EXPECT_EQ(SessionKey::loadOrCreate("").size(), 32u) << "no place for a file: a key for this process";
    Poco::File(dir.path()).remove(true);
}

TEST(Secrets, ComparesAndSigns)
{
    EXPECT_TRUE(Util::ConstantTime::equal("abc", "abc"));
    EXPECT_FALSE(Util::ConstantTime::equal("abc", "abd"));
    EXPECT_FALSE(Util::ConstantTime::equal("abc", "abcd"));
    // RFC 4231 test case 2.
    EXPECT_EQ(Secrets::hmacSha256Hex("Jefe", "what do ya want for nothing?"),
              "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

TEST(HeaderRules, DecodesTheBase64SentinelAndRefusesControlCharacters)
{
    EXPECT_EQ(HeaderRules::decode("get_daily_sleep"), "get_daily_sleep");
    EXPECT_EQ(HeaderRules::decode("=?base64?SGVsbG8sIOS4lueVjA==?="), "Hello, \xe4\xb8\x96\xe7\x95\x8c");
    EXPECT_EQ(HeaderRules::decode("=?base64?PT9iYXNlNjQ/bGl0ZXJhbD89?="), "=?base64?literal?=");
    EXPECT_FALSE(HeaderRules::decode("a\x01z"));
}

} // namespace OuraMcp::Http::Test

// application/x-www-form-urlencoded decoding of the authorization server's query strings and form bodies.
#include "http/FormFields.h"

#include <gtest/gtest.h>

namespace OuraMcp::Http::Test {

namespace {

std::map<std::string, std::string> decode(const std::string& text,
                                          std::vector<std::string>* repeated = nullptr)
{
    std::map<std::string, std::string> fields;
    std::vector<std::string> names;
    decodeFormFields(text, fields, names);
    if (repeated)
        *repeated = names;
    return fields;
}

} // namespace

TEST(FormFields, PlusIsASpaceAsUrlSearchParamsEncodesIt)
{
    // What the MCP TypeScript SDK (URLSearchParams) sends for scope "daily email".
    const auto fields = decode("response_type=code&scope=daily+email+heartrate&state=a+b");
    EXPECT_EQ(fields.at("scope"), "daily email heartrate");
    EXPECT_EQ(fields.at("state"), "a b");
    EXPECT_EQ(fields.at("response_type"), "code");
}

TEST(FormFields, PercentEncodingDecodesAndAnEncodedPlusStaysAPlus)
{
    const auto fields =
        decode("scope=daily%20email&secret=a%2Bb&redirect_uri=http%3A%2F%2F127.0.0.1%3A5%2Fcb");
    EXPECT_EQ(fields.at("scope"), "daily email");
    EXPECT_EQ(fields.at("secret"), "a+b");
    EXPECT_EQ(fields.at("redirect_uri"), "http://127.0.0.1:5/cb");
}

TEST(FormFields, NamesAreDecodedToo)
{
    const auto fields = decode("a+b=1&c%5Bd%5D=2");
    EXPECT_EQ(fields.at("a b"), "1");
    EXPECT_EQ(fields.at("c[d]"), "2");
}

TEST(FormFields, RepeatedNamesKeepTheFirstValueAndAreReported)
{
    std::vector<std::string> repeated;
    const auto fields = decode("scope=a&state=s&scope=b&&x", &repeated);
    EXPECT_EQ(fields.at("scope"), "a");
    EXPECT_EQ(fields.at("x"), "");
    EXPECT_EQ(repeated, std::vector<std::string>{"scope"});
}

TEST(FormFields, EmptyTextHasNoFields)
{
    EXPECT_TRUE(decode("").empty());
    EXPECT_TRUE(decode("&&").empty());
}

} // namespace OuraMcp::Http::Test

#include "oura/PageIndex.h"
#include "util/Json.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

using namespace OuraMcp;
using namespace OuraMcp::Oura;

namespace {

std::string slice(const std::string& text, std::uint32_t begin, std::uint32_t end)
{
    return text.substr(begin, end - begin);
}

} // namespace

// The scan replaces Json::accept as the API client's check: it must accept and refuse exactly the same
// texts, or a malformed answer would reach a plugin (or a good one be refused).
TEST(PageIndex, AcceptsAndRefusesWhatNlohmannJsonDoes)
{
    const std::vector<std::string> texts = {
        "{}", "[]", "null", "true", "false", "0", "-0", "1.5e-3", "-12.25E+10", "\"\"",
        " {\"a\" : [1, 2, {}]} ", "\xEF\xBB\xBF{}", "{\"data\":[]}",
        "{\"data\":[1,\"x\",null,[],{}],\"next_token\":null}",
        R"({"s":"\"\\\/\b\f\n\r\t\u00e9\ud83d\ude00"})", "{\"s\":\"\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80\"}",
        // refused
        "", " ", "{", "}", "[1,]", "{\"a\":1,}", "{\"a\"}", "{\"a\":}", "{1:2}", "[1 2]", "01", "1.", ".5",
        "-", "1e", "+1", "tru", "nul", "\"abc", "\"a\x01\"", R"("\x")", R"("\u12")", R"("\ud800")",
        R"("\udc00")", R"("\ud800\u0041")", "\"\xC0\xAF\"", "\"\xED\xA0\x80\"", "\"\xF5\x80\x80\x80\"",
        "\"\xE2\x82\"", "{} {}", "[1]x", "[[[[[]]]]", "{\"a\":[}]", "NaN"};
    for (const auto& text : texts)
    {
        PageIndex index;
        EXPECT_EQ(PageIndex::scan(text, "day", index), Json::accept(text)) << "text: " << text;
    }
}

TEST(PageIndex, LocatesDocumentsAndTheirKeyAsWritten)
{
    const std::string text =
        R"({"data": [ {"id":"a","day":"2024-05-01","n":{"day":"nested"}}, 7 ,{"day":null}, {"x":[{"day":"no"}],"day":"2024-05-03T00:00:00+00:00"} ], "next_token" : "abc"})";
    PageIndex index;
    ASSERT_TRUE(PageIndex::scan(text, "day", index));
    EXPECT_TRUE(index.isObject());
    ASSERT_TRUE(index.hasData());
    ASSERT_EQ(index.documents().size(), 4u);
    const auto& d = index.documents();
    EXPECT_EQ(slice(text, d[0].begin, d[0].end), R"({"id":"a","day":"2024-05-01","n":{"day":"nested"}})");
    EXPECT_TRUE(d[0].hasKey);
    EXPECT_EQ(slice(text, d[0].keyBegin, d[0].keyEnd),
              "2024-05-01"); // the document's own, not the nested one
    EXPECT_EQ(slice(text, d[1].begin, d[1].end), "7");
    EXPECT_FALSE(d[1].hasKey);
    EXPECT_FALSE(d[2].hasKey); // null is not a day
    EXPECT_EQ(slice(text, d[3].keyBegin, d[3].keyEnd), "2024-05-03T00:00:00+00:00");
    EXPECT_EQ(index.nextTokenKind(), PageIndex::NextToken::String);
    EXPECT_EQ(index.nextToken(text), "abc");
    EXPECT_TRUE(index.onlyDataAndNextToken());
}

TEST(PageIndex, ReadsNextTokenKindsAndEscapes)
{
    PageIndex index;
    ASSERT_TRUE(PageIndex::scan(R"({"data":[],"next_token":null})", "", index));
    EXPECT_EQ(index.nextTokenKind(), PageIndex::NextToken::Null);
    const std::string escaped = R"({"next_token":"a\/b\u0041","data":[1]})";
    ASSERT_TRUE(PageIndex::scan(escaped, "", index));
    EXPECT_EQ(index.nextToken(escaped), "a/bA");
    ASSERT_TRUE(PageIndex::scan(R"({"data":[],"next_token":5})", "", index));
    EXPECT_EQ(index.nextTokenKind(), PageIndex::NextToken::Other);
    ASSERT_TRUE(PageIndex::scan(R"({"data":[],"extra":1})", "", index));
    EXPECT_EQ(index.nextTokenKind(), PageIndex::NextToken::Absent);
    EXPECT_FALSE(index.onlyDataAndNextToken());
}

TEST(PageIndex, OnlyATopLevelDataArrayHoldsDocuments)
{
    PageIndex index;
    ASSERT_TRUE(PageIndex::scan(R"({"id":"u1","age":42})", "day", index));
    EXPECT_TRUE(index.isObject());
    EXPECT_FALSE(index.hasData());
    ASSERT_TRUE(PageIndex::scan(R"({"data":{"day":"2024-05-01"}})", "day", index));
    EXPECT_FALSE(index.hasData());
    EXPECT_TRUE(index.documents().empty());
    ASSERT_TRUE(PageIndex::scan(R"([{"data":[1]}])", "day", index));
    EXPECT_FALSE(index.isObject());
    EXPECT_FALSE(index.hasData());
    ASSERT_TRUE(PageIndex::scan(R"({"a":{"data":[1]},"data":[2,3]})", "day", index));
    EXPECT_EQ(index.documents().size(), 2u);
}

TEST(PageIndex, DeepNestingIsCheckedWithoutRecursion)
{
    const std::string deep = std::string(200000, '[') + std::string(200000, ']');
    PageIndex index;
    EXPECT_TRUE(PageIndex::scan(deep, "", index));
    EXPECT_FALSE(PageIndex::scan(deep + "]", "", index));
}

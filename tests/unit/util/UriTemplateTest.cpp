#include "util/UriTemplate.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

using OuraMcp::Util::UriTemplate;

TEST(UriTemplate, MatchesOneSegmentPerVariable)
{
    std::string error;
    auto t = UriTemplate::parse("oura://summary/{date}/{kind}.json", error);
    ASSERT_TRUE(t) << error;
    EXPECT_EQ(t->variables(), (std::vector<std::string>{"date", "kind"}));
    std::map<std::string, std::string> vars;
    ASSERT_TRUE(t->match("oura://summary/2024-05-01/sleep.json", vars));
    EXPECT_EQ(vars["date"], "2024-05-01");
    EXPECT_EQ(vars["kind"], "sleep");
    EXPECT_FALSE(t->match("oura://summary/2024/05/sleep.json", vars)); // '/' never inside a variable
    EXPECT_FALSE(t->match("oura://summary//sleep.json", vars));        // empty values do not match
    EXPECT_FALSE(t->match("oura://summary/2024-05-01/sleep.jsonx", vars));
}

TEST(UriTemplate, DecodesPercentEscapes)
{
    std::string error;
    auto t = UriTemplate::parse("echo://items/{id}", error);
    ASSERT_TRUE(t);
    std::map<std::string, std::string> vars;
    ASSERT_TRUE(t->match("echo://items/a%20b%C3%A9", vars));
    EXPECT_EQ(vars["id"], "a b\xC3\xA9");
    EXPECT_FALSE(t->match("echo://items/%zz", vars));
    EXPECT_FALSE(t->match("echo://items/%FF", vars)); // not UTF-8 once decoded
}

TEST(UriTemplate, LiteralRegexCharactersAreLiteral)
{
    std::string error;
    auto t = UriTemplate::parse("x://a.b+c/{v}", error);
    ASSERT_TRUE(t);
    std::map<std::string, std::string> vars;
    EXPECT_TRUE(t->match("x://a.b+c/1", vars));
    EXPECT_FALSE(t->match("x://aXb+c/1", vars));
}

TEST(UriTemplate, CopiesMadeBeforeTheFirstMatchMatchAlike)
{
    // The matcher is compiled on the first match() and shared by copies, so a copy taken right after
    // parse() (as the registry keeps them) must match exactly like the original, in either order.
    std::string error;
    auto original = UriTemplate::parse("oura://summary/{date}", error);
    ASSERT_TRUE(original) << error;
    const UriTemplate copy = *original;
    std::map<std::string, std::string> vars;
    ASSERT_TRUE(copy.match("oura://summary/2024-05-01", vars));
    EXPECT_EQ(vars["date"], "2024-05-01");
    ASSERT_TRUE(original->match("oura://summary/yesterday", vars));
    EXPECT_EQ(vars["date"], "yesterday");
    EXPECT_FALSE(copy.match("oura://summary/2024/05", vars));
}

TEST(UriTemplate, FirstMatchesFromSeveralThreadsAgree)
{
    // resources/read runs on the worker threads: several may be the first to match one template.
    std::string error;
    const auto t = UriTemplate::parse("oura://summary/{date}/{kind}", error);
    ASSERT_TRUE(t) << error;
    std::atomic<int> matched{0};
    std::atomic<int> refused{0};
    std::vector<std::thread> threads;
    for (int i = 0; i < 8; ++i)
    {
        threads.emplace_back([&, i] {
            std::map<std::string, std::string> vars;
            const std::string day = "2024-05-0" + std::to_string(i + 1);
            if (t->match("oura://summary/" + day + "/sleep", vars) && vars["date"] == day &&
                vars["kind"] == "sleep")
                ++matched;
            if (!t->match("oura://summary/" + day, vars))
                ++refused;
        });
    }
    for (auto& thread : threads)
        thread.join();
    EXPECT_EQ(matched.load(), 8);
    EXPECT_EQ(refused.load(), 8);
}

TEST(UriTemplate, RefusesWhatLevelOneCannotExpress)
{
    std::string error;
    EXPECT_FALSE(UriTemplate::parse("oura://x/{+path}", error));
    EXPECT_NE(error.find("level 2 or higher"), std::string::npos) << error;
    EXPECT_FALSE(UriTemplate::parse("oura://x/{a}{b}", error));
    EXPECT_NE(error.find("side by side"), std::string::npos);
    EXPECT_FALSE(UriTemplate::parse("oura://x/{a", error));
    EXPECT_FALSE(UriTemplate::parse("oura://x/a}", error));
    EXPECT_FALSE(UriTemplate::parse("oura://x/{a}/{a}", error));
    EXPECT_FALSE(UriTemplate::parse("oura://x/{list*}", error));
    EXPECT_FALSE(UriTemplate::parse("oura://x/plain", error));
    EXPECT_NE(error.find("no {variable}"), std::string::npos);
    EXPECT_FALSE(UriTemplate::parse("/x/{a}", error));
    EXPECT_FALSE(UriTemplate::parse("{s}://x", error));
}

TEST(UriTemplate, PlainUriChecks)
{
    std::string error;
    EXPECT_TRUE(UriTemplate::isValidUri("oura://summary/today", error));
    EXPECT_FALSE(UriTemplate::isValidUri("summary/today", error));
    EXPECT_FALSE(UriTemplate::isValidUri("oura://a b", error));
    EXPECT_FALSE(UriTemplate::isValidUri("oura://{a}", error));
    EXPECT_NE(error.find("resource template"), std::string::npos);
    EXPECT_FALSE(UriTemplate::isValidUri("", error));
}

#include "util/Log.h"

#include <gtest/gtest.h>

#include <vector>

using OuraMcp::Util::Log;

TEST(Log, RedactsRegisteredSecretsEverywhere)
{
    Log::addSecret("s3cr3t-token-value");
    EXPECT_EQ(Log::redact("Bearer s3cr3t-token-value and s3cr3t-token-value"),
              "Bearer [redacted] and [redacted]");
}

TEST(Log, IgnoresTooShortSecretsAndFlattensLines)
{
    Log::addSecret("abc");
    EXPECT_EQ(Log::redact("abc\ndef"), "abc def");
}

TEST(Log, ListenerSeesRedactedLine)
{
    Log::addSecret("another-secret-123");
    std::vector<std::string> seen;
    Log::setListener([&](Log::Level, const std::string&, const std::string& m) { seen.push_back(m); });
    Log::debug("test", "value another-secret-123");
    Log::setListener({});
    ASSERT_EQ(seen.size(), 1u);
    EXPECT_EQ(seen[0], "value [redacted]");
}

TEST(Log, ParsesLevels)
{
    Log::Level l;
    EXPECT_TRUE(Log::parseLevel("WARN", l));
    EXPECT_EQ(l, Log::Level::Warning);
    EXPECT_FALSE(Log::parseLevel("loud", l));
}

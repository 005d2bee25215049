#include "platform/ExecutablePath.h"

#include <gtest/gtest.h>

#include <filesystem>

namespace OuraMcp::Platform {
namespace {

TEST(ExecutablePathTest, NamesThisTestProgram)
{
    const std::string path = ExecutablePath::get();
    ASSERT_FALSE(path.empty());
    const std::filesystem::path file = std::filesystem::u8path(path);
    EXPECT_TRUE(file.is_absolute()) << path;
    EXPECT_EQ(file.stem().u8string(), "platform_unit_tests") << path;
    EXPECT_TRUE(std::filesystem::is_regular_file(file)) << path;
}

TEST(ExecutablePathTest, PathListSeparatorIsThePlatformsOwn)
{
#ifdef _WIN32
    EXPECT_EQ(ExecutablePath::kPathListSeparator, ';');
#else
    EXPECT_EQ(ExecutablePath::kPathListSeparator, ':');
#endif
}

} // namespace
} // namespace OuraMcp::Platform

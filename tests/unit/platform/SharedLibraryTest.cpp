#include "platform/SharedLibrary.h"

#include <gtest/gtest.h>

#include <string>

namespace OuraMcp::Platform {
namespace {

// Loading real plugins is covered by tests/unit/loader and tests/abi; these are the edges.

TEST(SharedLibraryTest, SuffixIsThePlatformsOwn)
{
#ifdef _WIN32
    EXPECT_STREQ(SharedLibrary::suffix(), ".dll");
#else
    EXPECT_STREQ(SharedLibrary::suffix(), ".so");
#endif
}

TEST(SharedLibraryTest, AMissingFileFailsWithTheSystemsReason)
{
    SharedLibrary library;
    std::string error;
    const std::string path = std::string("/no/such/folder/plugin") + SharedLibrary::suffix();
    EXPECT_FALSE(library.open(path, error));
    EXPECT_FALSE(error.empty());
    EXPECT_FALSE(library.isOpen());
    EXPECT_EQ(library.symbol("omcp_plugin_describe"), nullptr);
    library.close(); // harmless when not open
}

} // namespace
} // namespace OuraMcp::Platform

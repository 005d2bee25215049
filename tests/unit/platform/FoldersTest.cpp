#include "platform/KnownFolders.h"
#include "platform/Paths.h"

#include <gtest/gtest.h>

using namespace OuraMcp::Platform;

TEST(Paths, TheWorkingDirectoryIsAbsoluteAndBareNamesAreNot)
{
    const std::string cwd = Paths::currentDirectory();
    ASSERT_FALSE(cwd.empty());
    EXPECT_TRUE(Paths::isAbsolute(cwd)) << cwd;
    EXPECT_FALSE(Paths::isAbsolute(""));
    EXPECT_FALSE(Paths::isAbsolute("tokens.json"));
    EXPECT_FALSE(Paths::isAbsolute("state/tokens.json"));
    EXPECT_FALSE(Paths::isAbsolute("~/tokens.json"));
}

#ifdef _WIN32

TEST(Paths, WindowsSpellings)
{
    EXPECT_TRUE(Paths::isAbsolute("C:\\Users\\me"));
    EXPECT_TRUE(Paths::isAbsolute("c:/Users/me"));
    EXPECT_TRUE(Paths::isAbsolute("\\\\server\\share\\x"));
    EXPECT_FALSE(Paths::isAbsolute("\\Users\\me")); // relative to the current drive
    EXPECT_FALSE(Paths::isAbsolute("C:Users"));     // relative to drive C's current folder
    EXPECT_EQ(Paths::listSeparator(), ';');
}

TEST(KnownFolders, TheEnvironmentWinsAndTheSystemFillsIn)
{
    const KnownFolders::Environment env = {
        {"APPDATA", "D:\\roaming"}, {"LOCALAPPDATA", "D:\\local"}, {"USERPROFILE", "D:\\me"}};
    EXPECT_EQ(KnownFolders::config(env), "D:\\roaming");
    EXPECT_EQ(KnownFolders::state(env), "D:\\local");
    EXPECT_EQ(KnownFolders::home(env), "D:\\me");
    // A scrubbed environment (as some MCP clients give): the system still knows the folders.
    EXPECT_TRUE(Paths::isAbsolute(KnownFolders::config({})));
    EXPECT_TRUE(Paths::isAbsolute(KnownFolders::state({})));
    EXPECT_TRUE(Paths::isAbsolute(KnownFolders::home({})));
    // XDG variables mean nothing here; a relative APPDATA is ignored.
    EXPECT_NE(KnownFolders::state({{"XDG_STATE_HOME", "D:\\xdg"}}), "D:\\xdg");
    EXPECT_NE(KnownFolders::config({{"APPDATA", "relative"}}), "relative");
}

#else

TEST(Paths, PosixSpellings)
{
    EXPECT_TRUE(Paths::isAbsolute("/home/me"));
    EXPECT_FALSE(Paths::isAbsolute("C:\\Users\\me"));
    EXPECT_EQ(Paths::listSeparator(), ':');
}

TEST(KnownFolders, XdgVariablesThenHomeThenNothing)
{
    EXPECT_EQ(KnownFolders::config({{"HOME", "/home/me"}}), "/home/me/.config");
    EXPECT_EQ(KnownFolders::state({{"HOME", "/home/me/"}}), "/home/me/.local/state");
    EXPECT_EQ(KnownFolders::home({{"HOME", "/home/me"}}), "/home/me");
    const KnownFolders::Environment xdg = {
        {"HOME", "/home/me"}, {"XDG_CONFIG_HOME", "/cfg"}, {"XDG_STATE_HOME", "/state"}};
    EXPECT_EQ(KnownFolders::config(xdg), "/cfg");
    EXPECT_EQ(KnownFolders::state(xdg), "/state");
    // The XDG spec ignores relative values; a relative HOME is no home.
    EXPECT_EQ(KnownFolders::state({{"HOME", "/home/me"}, {"XDG_STATE_HOME", "rel"}}),
              "/home/me/.local/state");
    EXPECT_EQ(KnownFolders::state({{"HOME", "rel"}}), "");
    EXPECT_EQ(KnownFolders::config({}), "");
    EXPECT_EQ(KnownFolders::home({}), "");
    // Windows variables mean nothing here.
    EXPECT_EQ(KnownFolders::state({{"LOCALAPPDATA", "/x"}}), "");
}

#endif

#include "TestHttp.h"

#include "auth/TokenFileLock.h"
#include "auth/TokenStore.h"
#include "platform/FileLock.h"
#include "platform/PrivateFile.h"

#include <gtest/gtest.h>

using OuraMcp::Auth::TokenFileLock;
using OuraMcp::Testing::TempDir;

namespace {

/// Whether another lock on the file (as another process would take) can be had right now.
bool othersCanLock(const std::string& lockFile)
{
    return OuraMcp::Platform::FileLock(lockFile, OuraMcp::Platform::FileLock::Wait::No).held();
}

/// Private to the user: mode 0600 / 0700 on POSIX, an owner-only access list on Windows.
void expectPrivate(const std::string& path, unsigned posixMode)
{
    const auto access = OuraMcp::Platform::PrivateFile::inspect(path);
    ASSERT_TRUE(access) << path;
    EXPECT_FALSE(access->openToOthers) << path << ": " << access->describe();
    if (access->mode) // POSIX
    {
        EXPECT_EQ(*access->mode, posixMode) << path;
    }
}

} // namespace

TEST(TokenFileLock, HoldsAnExclusiveLockBesideTheTokenFileUntilDestroyed)
{
    TempDir dir;
    const std::string tokenFile = dir.path() + "/tokens.json";
    {
        TokenFileLock lock(tokenFile);
        ASSERT_TRUE(lock.held());
        EXPECT_FALSE(othersCanLock(tokenFile + ".lock"));
        expectPrivate(tokenFile + ".lock", 0600);
    }
    EXPECT_TRUE(othersCanLock(tokenFile + ".lock"));
}

TEST(TokenFileLock, WithoutATokenFileOrItsFolderNothingIsLocked)
{
    EXPECT_FALSE(TokenFileLock("").held());
    TempDir dir;
    EXPECT_FALSE(TokenFileLock(dir.path() + "/missing-folder/tokens.json").held());
}

TEST(TokenFileLock, TheStoreCreatesAMissingFolderPrivatelySoTheFirstRefreshIsLockedToo)
{
    TempDir dir;
    const std::string tokenFile = dir.path() + "/state/oura-mcp/tokens.json";
    const OuraMcp::Auth::TokenStore store(tokenFile);
    const auto lock = store.lockExclusive();
    ASSERT_TRUE(lock->held());
    EXPECT_FALSE(othersCanLock(tokenFile + ".lock"));
    expectPrivate(dir.path() + "/state", 0700);
    expectPrivate(dir.path() + "/state/oura-mcp", 0700);
    EXPECT_FALSE(OuraMcp::Auth::TokenStore("").lockExclusive()->held());
}

#include "TestHttp.h"

#include "auth/TokenFileLock.h"
#include "auth/TokenStore.h"

#include <gtest/gtest.h>

#include <cerrno>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

using OuraMcp::Auth::TokenFileLock;
using OuraMcp::Testing::TempDir;

namespace {

/// Whether another open file description (as another process would have) can take the lock right now.
bool othersCanLock(const std::string& lockFile)
{
    const int fd = ::open(lockFile.c_str(), O_RDWR | O_CLOEXEC);
    if (fd < 0)
        return true;
    const bool free = ::flock(fd, LOCK_EX | LOCK_NB) == 0;
    ::close(fd);
    return free;
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
        struct stat st
        {};
        ASSERT_EQ(::stat((tokenFile + ".lock").c_str(), &st), 0);
        EXPECT_EQ(st.st_mode & 0777, 0600u);
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
    struct stat st
    {};
    ASSERT_EQ(::stat((dir.path() + "/state/oura-mcp").c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0700u);
    EXPECT_FALSE(OuraMcp::Auth::TokenStore("").lockExclusive()->held());
}

#include "TempDir.h"

#include "platform/FileLock.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>

using OuraMcp::Platform::FileLock;
using OuraMcp::Testing::TempDir;

TEST(FileLock, IsExclusiveUntilDestroyedEvenWithinOneProcess)
{
    TempDir dir;
    const std::string path = dir.file("tokens.json.lock");
    {
        FileLock lock(path);
        ASSERT_TRUE(lock.held()) << lock.problem();
        EXPECT_TRUE(lock.problem().empty());
        FileLock other(path, FileLock::Wait::No);
        EXPECT_TRUE(other.opened());
        EXPECT_FALSE(other.held());
        EXPECT_NE(other.problem().find("is locked"), std::string::npos) << other.problem();
    }
    FileLock again(path, FileLock::Wait::No);
    EXPECT_TRUE(again.held()) << again.problem();
}

TEST(FileLock, AWaitingLockIsGrantedWhenTheHolderLetsGo)
{
    TempDir dir;
    const std::string path = dir.file("x.lock");
    auto first = std::make_unique<FileLock>(path);
    ASSERT_TRUE(first->held());
    std::atomic<bool> granted{false};
    std::thread waiter([&] {
        FileLock second(path);
        granted = second.held();
    });
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    EXPECT_FALSE(granted.load());
    first.reset();
    waiter.join();
    EXPECT_TRUE(granted.load());
}

TEST(FileLock, WithoutItsFolderNothingIsOpenedOrHeld)
{
    TempDir dir;
    FileLock lock(dir.file("missing/x.lock"));
    EXPECT_FALSE(lock.opened());
    EXPECT_FALSE(lock.held());
    EXPECT_NE(lock.problem().find("cannot open"), std::string::npos) << lock.problem();
}

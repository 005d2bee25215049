#include "platform/FileTrust.h"

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>

namespace OuraMcp::Platform {
namespace {

namespace fs = std::filesystem;

/// A fresh folder of this user's, removed afterwards.
class FileTrustTest : public ::testing::Test
{
protected:
    void SetUp() override
    {
        const auto stamp = std::chrono::steady_clock::now().time_since_epoch().count();
        _dir = fs::temp_directory_path() / ("oura-mcp-filetrust-" + std::to_string(stamp));
        fs::create_directories(_dir);
        fs::permissions(_dir, fs::perms::owner_all, fs::perm_options::replace);
        _file = _dir / "plugin.bin";
        std::ofstream(_file) << "x";
        fs::permissions(_file, fs::perms::owner_read | fs::perms::owner_write, fs::perm_options::replace);
    }
    void TearDown() override
    {
        std::error_code ignored;
        fs::permissions(_dir, fs::perms::owner_all, fs::perm_options::replace, ignored);
        fs::remove_all(_dir, ignored);
    }
    std::string dir() const { return _dir.u8string(); }
    std::string file() const { return _file.u8string(); }

    fs::path _dir;
    fs::path _file;
};

// Under Wine every file belongs to the one user and no other account exists, so on Windows only this
// accepted case runs; the refusals are POSIX-only here (docs/platforms.md lists the Windows ones as untested).
TEST_F(FileTrustTest, AcceptsAFolderAndAFileOnlyTheUserCanChange)
{
    EXPECT_EQ(FileTrust::untrustedReason(dir(), true), "");
    EXPECT_EQ(FileTrust::untrustedReason(file(), false), "");
}

TEST_F(FileTrustTest, RefusesTheWrongKind)
{
    EXPECT_EQ(FileTrust::untrustedReason(file(), true), file() + " is not a folder");
    EXPECT_EQ(FileTrust::untrustedReason(dir(), false), dir() + " is not a regular file");
}

TEST_F(FileTrustTest, NamesAPathThatDoesNotExist)
{
    const std::string missing = (_dir / "missing").u8string();
    const std::string reason = FileTrust::untrustedReason(missing, true);
    EXPECT_EQ(reason.rfind("cannot check the folder " + missing + ": ", 0), 0u) << reason;
}

TEST_F(FileTrustTest, FinalPathResolvesDotsAndNamesErrors)
{
    std::string error;
    const std::string viaDots = (_dir / "." / "plugin.bin").u8string();
    EXPECT_EQ(fs::u8path(FileTrust::finalPath(viaDots, error)), fs::canonical(_file)) << error;
    const std::string none = FileTrust::finalPath((_dir / "missing").u8string(), error);
    EXPECT_EQ(none, "");
    EXPECT_FALSE(error.empty());
}

#ifndef _WIN32
TEST_F(FileTrustTest, PosixRefusesWhatGroupOrOthersCanWrite)
{
    fs::permissions(_dir, fs::perms::all, fs::perm_options::replace);
    EXPECT_EQ(FileTrust::untrustedReason(dir(), true),
              "the folder " + dir() +
                  " is writable by group or others (mode 0777), so anyone could put code into oura-mcp; run: "
                  "chmod go-w " +
                  dir());
    fs::permissions(_file, fs::perms::group_write, fs::perm_options::add);
    EXPECT_EQ(FileTrust::untrustedReason(file(), false),
              "the file " + file() +
                  " is writable by group or others (mode 0620), so anyone could put code into oura-mcp; run: "
                  "chmod go-w " +
                  file());
}

TEST_F(FileTrustTest, PosixFinalPathFollowsSymbolicLinks)
{
    const fs::path link = _dir / "link.bin";
    fs::create_symlink(_file, link);
    std::string error;
    EXPECT_EQ(fs::u8path(FileTrust::finalPath(link.u8string(), error)), fs::canonical(_file)) << error;
}
#endif

} // namespace
} // namespace OuraMcp::Platform

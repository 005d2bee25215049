#include "store/StoreKey.h"
#include "store/StoreError.h"

#include "TempDir.h"

#include <gtest/gtest.h>

#include <sys/stat.h>

using OuraMcp::Store::StoreError;
using OuraMcp::Store::StoreKey;
using OuraMcp::Testing::readFile;
using OuraMcp::Testing::TempDir;
using OuraMcp::Testing::writeFile;

namespace {

unsigned modeOf(const std::string& path)
{
    struct stat st
    {};
    return ::stat(path.c_str(), &st) == 0 ? static_cast<unsigned>(st.st_mode & 07777) : 0u;
}

const std::string hexA(64, 'a');
const std::string hexB = std::string(32, '0') + std::string(32, 'f');

} // namespace

TEST(StoreKey, IsGeneratedOnFirstStartIntoTheStateFolderWithMode0600AndReadAfterwards)
{
    TempDir dir;
    const std::string state = dir.file("state");
    const StoreKey first = StoreKey::loadOrCreate("", state);
    EXPECT_EQ(modeOf(state + "/store.key"), 0600u);
    EXPECT_EQ(modeOf(state), 0700u);
    ASSERT_EQ(first.entries().size(), 1u);
    EXPECT_EQ(first.current().id.size(), 8u);

    const StoreKey again = StoreKey::loadOrCreate("", state);
    EXPECT_EQ(again.current().id, first.current().id);
    EXPECT_EQ(again.current().bytes, first.current().bytes);
}

TEST(StoreKey, ANamedKeyFileWinsOverTheStateFolder)
{
    TempDir dir;
    const std::string file = dir.file("named.key");
    writeFile(file, "named " + hexA + "\n");
    ::chmod(file.c_str(), 0600);
    const StoreKey key = StoreKey::loadOrCreate(file, dir.file("state"));
    EXPECT_EQ(key.current().id, "named");
    EXPECT_EQ(modeOf(dir.file("state/store.key")), 0u) << "nothing generated when a file is named";
}

TEST(StoreKey, RefusesAKeyFileOthersCanReadWithoutQuotingIt)
{
    TempDir dir;
    const std::string file = dir.file("open.key");
    writeFile(file, "k1 " + hexA + "\n");
    ::chmod(file.c_str(), 0644);
    try
    {
        StoreKey::load(file);
        FAIL() << "a world-readable key file was accepted";
    }
    catch (const StoreError& e)
    {
        EXPECT_NE(std::string(e.what()).find("chmod 600"), std::string::npos) << e.what();
        EXPECT_EQ(std::string(e.what()).find(hexA), std::string::npos);
    }
}

TEST(StoreKey, ReadsTheCurrentKeyFirstAndThePreviousOnesAfterIt)
{
    TempDir dir;
    const std::string file = dir.file("ring.key");
    writeFile(file, "# rotated\nnew " + hexB + "\n\nold " + hexA + "\n");
    ::chmod(file.c_str(), 0600);
    const StoreKey key = StoreKey::load(file);
    EXPECT_EQ(key.current().id, "new");
    EXPECT_EQ(key.current().bytes[31], 0xff);
    ASSERT_NE(key.find("old"), nullptr);
    EXPECT_EQ(key.find("old")->bytes[0], 0xaa);
    EXPECT_EQ(key.find("gone"), nullptr);
}

TEST(StoreKey, RefusesMalformedLinesAndDuplicateIdsWithoutQuotingThem)
{
    TempDir dir;
    const std::string file = dir.file("bad.key");
    for (const std::string& text :
         {"k1 " + hexA.substr(2) + "\n", "k1 " + hexA.substr(1) + "z\n", "k/1 " + hexA + "\n",
          "k1 " + hexA + "\nk1 " + hexB + "\n", std::string("# only a comment\n")})
    {
        writeFile(file, text);
        ::chmod(file.c_str(), 0600);
        try
        {
            StoreKey::load(file);
            ADD_FAILURE() << "accepted a bad key file";
        }
        catch (const StoreError& e)
        {
            EXPECT_EQ(std::string(e.what()).find(hexA.substr(4)), std::string::npos) << e.what();
        }
    }
}

TEST(StoreKey, AGeneratedLineLoadsBack)
{
    TempDir dir;
    const StoreKey::Entry entry = StoreKey::generate();
    const std::string file = dir.file("line.key");
    writeFile(file, StoreKey::formatLine(entry));
    ::chmod(file.c_str(), 0600);
    const StoreKey key = StoreKey::load(file);
    EXPECT_EQ(key.current().id, entry.id);
    EXPECT_EQ(key.current().bytes, entry.bytes);
}

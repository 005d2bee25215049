#include "TempDir.h"

#include "platform/PrivateFile.h"
#include "platform/Process.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <stdexcept>
#include <vector>

#ifdef _WIN32
#include <windows.h>

#include <aclapi.h>
#include <sddl.h>
#endif

using OuraMcp::Platform::FileAccess;
using OuraMcp::Platform::PrivateFile;
using OuraMcp::Platform::Process;
using OuraMcp::Testing::TempDir;

namespace {

std::vector<std::string> listDir(const std::string& dir)
{
    std::vector<std::string> names;
    for (const auto& entry : std::filesystem::directory_iterator(std::filesystem::u8path(dir)))
        names.push_back(entry.path().filename().u8string());
    std::sort(names.begin(), names.end());
    return names;
}

void expectPrivate(const std::string& path, FileAccess::Kind kind, unsigned posixMode)
{
    const auto access = PrivateFile::inspect(path);
    ASSERT_TRUE(access) << path;
    EXPECT_EQ(access->kind, kind) << path;
    EXPECT_FALSE(access->openToOthers) << path << ": " << access->describe();
    EXPECT_FALSE(access->othersCanWrite) << path;
    EXPECT_TRUE(access->ownedByYou) << path << ": " << access->owner;
#ifdef _WIN32
    (void)posixMode;
    EXPECT_FALSE(access->mode);
    EXPECT_EQ(access->describe(), "access list: only you");
#else
    EXPECT_EQ(access->mode, std::optional<unsigned>(posixMode)) << path;
#endif
}

} // namespace

TEST(PrivateFile, MakeFoldersCreatesEveryMissingFolderPrivately)
{
    TempDir dir;
    const std::string deep = dir.path() + "/state/oura-mcp/";
    PrivateFile::makeFolders(deep);
    expectPrivate(dir.path() + "/state", FileAccess::Kind::Folder, 0700);
    expectPrivate(dir.path() + "/state/oura-mcp", FileAccess::Kind::Folder, 0700);
    PrivateFile::makeFolders(deep); // existing: nothing to do
    PrivateFile::makeFolders("");

    PrivateFile::replace(dir.file("plain"), "x");
    EXPECT_THROW(PrivateFile::makeFolders(dir.file("plain") + "/below"), std::runtime_error);
}

TEST(PrivateFile, ReplaceWritesAPrivateFileAtomicallyAndLeavesNoTempFiles)
{
    TempDir dir;
    const std::string path = dir.path() + "/state/tokens.json";
    PrivateFile::replace(path, "one");
    expectPrivate(path, FileAccess::Kind::RegularFile, 0600);
    PrivateFile::replace(path, "two, longer than one");
    const auto contents = PrivateFile::read(path);
    ASSERT_TRUE(contents);
    EXPECT_EQ(contents->text, "two, longer than one");
    EXPECT_EQ(contents->access.kind, FileAccess::Kind::RegularFile);
    EXPECT_EQ(listDir(dir.path() + "/state"), std::vector<std::string>{"tokens.json"});
}

TEST(PrivateFile, ReplaceRemovesTheTempFilesOfDeadProcessesOnly)
{
    TempDir dir;
    const std::string path = dir.file("tokens.json");
    const std::string dead = path + ".tmp.2147483000.1.1";
    const std::string live = path + ".tmp." + std::to_string(Process::currentId()) + ".999.1";
    ASSERT_TRUE(PrivateFile::createExclusive(dead, "half"));
    ASSERT_TRUE(PrivateFile::createExclusive(live, "busy"));
    PrivateFile::replace(path, "new");
    EXPECT_FALSE(PrivateFile::exists(dead));
    EXPECT_TRUE(PrivateFile::exists(live));
}

TEST(PrivateFile, CreateExclusiveCreatesOnceAndNeverOverwrites)
{
    TempDir dir;
    const std::string path = dir.file("store.key");
    EXPECT_TRUE(PrivateFile::createExclusive(path, "first"));
    expectPrivate(path, FileAccess::Kind::RegularFile, 0600);
    EXPECT_FALSE(PrivateFile::createExclusive(path, "second"));
    EXPECT_EQ(PrivateFile::read(path)->text, "first");
    EXPECT_THROW(PrivateFile::createExclusive(dir.file("missing/store.key"), "x"), std::runtime_error);
}

TEST(PrivateFile, OpenOrCreateMakesAnEmptyPrivateFileAndKeepsAnExistingOne)
{
    TempDir dir;
    const std::string path = dir.file("users.db");
    const FileAccess created = PrivateFile::openOrCreate(path);
    EXPECT_EQ(created.kind, FileAccess::Kind::RegularFile);
    EXPECT_FALSE(created.openToOthers);
    EXPECT_EQ(PrivateFile::read(path)->text, "");
    PrivateFile::replace(path, "data");
    PrivateFile::openOrCreate(path);
    EXPECT_EQ(PrivateFile::read(path)->text, "data");
}

TEST(PrivateFile, ReadReportsMissingFilesFoldersAndTheLimit)
{
    TempDir dir;
    EXPECT_FALSE(PrivateFile::read(dir.file("missing")));
    EXPECT_FALSE(PrivateFile::read(dir.file("missing/below")));
    const auto folder = PrivateFile::read(dir.path());
    ASSERT_TRUE(folder);
    EXPECT_EQ(folder->access.kind, FileAccess::Kind::Folder);
    EXPECT_EQ(folder->text, "");

    PrivateFile::replace(dir.file("big"), std::string(10000, 'a'));
    EXPECT_EQ(PrivateFile::read(dir.file("big"), PrivateFile::Links::Follow, 5000)->text.size(), 5000u);
    EXPECT_EQ(PrivateFile::read(dir.file("big"))->text.size(), 10000u);
}

TEST(PrivateFile, RemoveSaysWhetherThereWasAFile)
{
    TempDir dir;
    const std::string path = dir.file("tokens.json");
    PrivateFile::replace(path, "x");
    EXPECT_TRUE(PrivateFile::exists(path));
    EXPECT_TRUE(PrivateFile::remove(path));
    EXPECT_FALSE(PrivateFile::exists(path));
    EXPECT_FALSE(PrivateFile::remove(path));
    EXPECT_FALSE(PrivateFile::inspect(path));
}

TEST(PrivateFile, UnicodePathsWork)
{
    TempDir dir;
    const std::string path = dir.path() + "/Jos\xc3\xa9/\xe6\x97\xa5\xe6\x9c\xac.json";
    PrivateFile::replace(path, "ok");
    EXPECT_EQ(PrivateFile::read(path)->text, "ok");
    EXPECT_EQ(listDir(dir.path() + "/Jos\xc3\xa9"),
              std::vector<std::string>{"\xe6\x97\xa5\xe6\x9c\xac.json"});
}

#ifdef _WIN32

namespace {

/// The current user's SID as text ("S-1-5-21-...").
std::wstring userSid()
{
    HANDLE token = nullptr;
    ::OpenProcessToken(::GetCurrentProcess(), TOKEN_QUERY, &token);
    DWORD size = 0;
    ::GetTokenInformation(token, TokenUser, nullptr, 0, &size);
    std::vector<BYTE> buffer(size);
    ::GetTokenInformation(token, TokenUser, buffer.data(), size, &size);
    ::CloseHandle(token);
    wchar_t* text = nullptr;
    ::ConvertSidToStringSidW(reinterpret_cast<TOKEN_USER*>(buffer.data())->User.Sid, &text);
    std::wstring out = text;
    ::LocalFree(text);
    return out;
}

/// Gives path an access list: full control for the current user, then the entries of others (SDDL, e.g.
/// "(A;;FR;;;WD)": Everyone may read).
void setAccessList(const std::string& path, const std::wstring& others)
{
    const std::wstring sddl = L"D:P(A;;FA;;;" + userSid() + L")" + others;
    PSECURITY_DESCRIPTOR descriptor = nullptr;
    ASSERT_TRUE(::ConvertStringSecurityDescriptorToSecurityDescriptorW(sddl.c_str(), SDDL_REVISION_1,
                                                                       &descriptor, nullptr));
    BOOL present = FALSE;
    BOOL defaulted = FALSE;
    PACL dacl = nullptr;
    ASSERT_TRUE(::GetSecurityDescriptorDacl(descriptor, &present, &dacl, &defaulted));
    std::wstring wide = std::filesystem::u8path(path).wstring();
    EXPECT_EQ(::SetNamedSecurityInfoW(wide.data(), SE_FILE_OBJECT,
                                      DACL_SECURITY_INFORMATION | PROTECTED_DACL_SECURITY_INFORMATION,
                                      nullptr, nullptr, dacl, nullptr),
              static_cast<DWORD>(ERROR_SUCCESS));
    ::LocalFree(descriptor);
}

} // namespace

/// Wine derives a file's access list from its Unix mode and does not store one that is set later.
bool underWine()
{
    const HMODULE ntdll = ::GetModuleHandleW(L"ntdll.dll");
    return ntdll != nullptr && ::GetProcAddress(ntdll, "wine_get_version") != nullptr;
}

TEST(PrivateFile, WindowsAccessListsTellWhoElseMayReadOrWrite)
{
    if (underWine())
        GTEST_SKIP() << "Wine keeps no access list set on an existing file";
    TempDir dir;
    const std::string path = dir.file("tokens.json");
    PrivateFile::replace(path, "x");
    setAccessList(path, L"(A;;FR;;;WD)"); // Everyone: read
    auto access = PrivateFile::inspect(path);
    ASSERT_TRUE(access);
    EXPECT_TRUE(access->openToOthers);
    EXPECT_FALSE(access->othersCanWrite);
    EXPECT_EQ(access->describe(), "access list: open to others");

    setAccessList(path, L"(A;;FA;;;BU)"); // Users: everything
    access = PrivateFile::inspect(path);
    ASSERT_TRUE(access);
    EXPECT_TRUE(access->othersCanWrite);

    setAccessList(path, L"(A;;FA;;;SY)(A;;FA;;;BA)"); // SYSTEM and Administrators are trusted
    access = PrivateFile::inspect(path);
    ASSERT_TRUE(access);
    EXPECT_FALSE(access->openToOthers);

    // Replacing an open file leaves a private one.
    setAccessList(path, L"(A;;FR;;;WD)");
    PrivateFile::replace(path, "y");
    expectPrivate(path, FileAccess::Kind::RegularFile, 0600);
    EXPECT_NE(PrivateFile::makePrivateCommand(path).find("icacls"), std::string::npos);
}

#else

TEST(PrivateFile, PosixModesTellWhoElseMayReadOrWrite)
{
    TempDir dir;
    const std::string path = dir.file("tokens.json");
    PrivateFile::replace(path, "x");
    namespace fs = std::filesystem;
    fs::permissions(path, fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read |
                              fs::perms::others_read);
    auto access = PrivateFile::inspect(path);
    ASSERT_TRUE(access);
    EXPECT_TRUE(access->openToOthers);
    EXPECT_FALSE(access->othersCanWrite);
    EXPECT_EQ(access->describe(), "mode 0644");
    EXPECT_EQ(PrivateFile::read(path)->access.describe(), "mode 0644");

    // Replacing an open file leaves a private one.
    PrivateFile::replace(path, "y");
    EXPECT_EQ(PrivateFile::inspect(path)->mode, std::optional<unsigned>(0600u));

    fs::permissions(dir.path(), fs::perms::group_write, fs::perm_options::add);
    EXPECT_TRUE(PrivateFile::inspect(dir.path())->othersCanWrite);
    EXPECT_EQ(PrivateFile::makePrivateCommand(path), "chmod 600 " + path);
    EXPECT_EQ(PrivateFile::closeFolderCommand(dir.path()), "chmod go-w " + dir.path());
}

TEST(PrivateFile, LinksAreFollowedOnlyWhenAsked)
{
    TempDir dir;
    PrivateFile::replace(dir.file("real"), "secret");
    std::filesystem::create_symlink(dir.file("real"), dir.file("link"));
    EXPECT_EQ(PrivateFile::read(dir.file("link"))->text, "secret");
    const auto link = PrivateFile::read(dir.file("link"), PrivateFile::Links::DontFollow);
    ASSERT_TRUE(link);
    EXPECT_EQ(link->access.kind, FileAccess::Kind::Other);
    EXPECT_EQ(link->text, "");
}

#endif

#include "TestHttp.h"

#include "auth/TokenStore.h"
#include "util/Log.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <csignal>
#include <dirent.h>
#include <mutex>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

using OuraMcp::Auth::TokenSet;
using OuraMcp::Auth::TokenStore;
using OuraMcp::Testing::readFile;
using OuraMcp::Testing::TempDir;
using OuraMcp::Testing::writeFile;
using OuraMcp::Util::Log;

namespace {

TokenSet sample(int n)
{
    TokenSet t;
    t.accessToken = "access-" + std::to_string(n);
    t.refreshToken = "refresh-" + std::to_string(n);
    t.expiresAt = 1700000000 + n;
    t.scope = "extapi:daily extapi:heartrate";
    t.savedAt = 1690000000 + n;
    t.chainOrigin = "login";
    return t;
}

unsigned modeOf(const std::string& path)
{
    struct stat st
    {};
    EXPECT_EQ(::stat(path.c_str(), &st), 0) << path;
    return st.st_mode & 0777;
}

std::vector<std::string> listDir(const std::string& dir)
{
    std::vector<std::string> names;
    DIR* d = ::opendir(dir.c_str());
    if (d == nullptr)
        return names;
    while (dirent* e = ::readdir(d))
    {
        const std::string name = e->d_name;
        if (name != "." && name != "..")
            names.push_back(name);
    }
    ::closedir(d);
    return names;
}

/// Collects log lines for the duration of a test.
struct LogCapture
{
    std::mutex mutex;
    std::vector<std::string> lines;
    LogCapture()
    {
        Log::setListener([this](Log::Level, const std::string&, const std::string& message) {
            std::lock_guard<std::mutex> lock(mutex);
            lines.push_back(message);
        });
    }
    ~LogCapture() { Log::setListener({}); }
    int count(const std::string& needle)
    {
        std::lock_guard<std::mutex> lock(mutex);
        int n = 0;
        for (const auto& l : lines)
            n += l.find(needle) != std::string::npos ? 1 : 0;
        return n;
    }
};

} // namespace

TEST(TokenStore, SaveCreatesPrivateDirectoriesAndFileAndRoundTrips)
{
    TempDir dir;
    const std::string path = dir.path() + "/state/oura-mcp/tokens.json";
    TokenStore store(path);
    EXPECT_FALSE(store.exists());
    EXPECT_EQ(store.load(), std::nullopt);

    store.save(sample(1));
    EXPECT_EQ(modeOf(dir.path() + "/state"), 0700u);
    EXPECT_EQ(modeOf(dir.path() + "/state/oura-mcp"), 0700u);
    EXPECT_EQ(modeOf(path), 0600u);
    EXPECT_EQ(store.permissions(), std::optional<unsigned>(0600u));

    const auto loaded = store.load();
    ASSERT_TRUE(loaded);
    EXPECT_EQ(loaded->accessToken, "access-1");
    EXPECT_EQ(loaded->refreshToken, "refresh-1");
    EXPECT_EQ(loaded->expiresAt, 1700000001);
    EXPECT_EQ(loaded->scope, "extapi:daily extapi:heartrate");
    EXPECT_EQ(loaded->savedAt, 1690000001);
    EXPECT_EQ(loaded->chainOrigin, "login");

    // Overwriting leaves exactly the target behind (no temp files) and keeps 0600.
    store.save(sample(2));
    EXPECT_EQ(store.load()->accessToken, "access-2");
    EXPECT_EQ(listDir(dir.path() + "/state/oura-mcp"), std::vector<std::string>{"tokens.json"});
    EXPECT_EQ(modeOf(path), 0600u);

    const std::string json = readFile(path);
    for (const char* key : {"access_token", "refresh_token", "expires_at", "scope", "token_type", "saved_at"})
        EXPECT_NE(json.find(std::string("\"") + key + "\""), std::string::npos) << key;
}

TEST(TokenStore, SaveReplacesAWorldReadableFileWithA0600One)
{
    TempDir dir;
    const std::string path = dir.file("tokens.json");
    writeFile(path, TokenStore::toJson(sample(1)));
    ::chmod(path.c_str(), 0644);
    TokenStore(path).save(sample(2));
    EXPECT_EQ(modeOf(path), 0600u);
}

TEST(TokenStore, CorruptFileIsIgnoredWithOneWarningAndKept)
{
    TempDir dir;
    const std::string path = dir.file("tokens.json");
    const std::string garbage = "{\"access_token\": \"trunc";
    writeFile(path, garbage);
    ::chmod(path.c_str(), 0600);
    LogCapture logs;
    TokenStore store(path);
    EXPECT_EQ(store.load(), std::nullopt);
    EXPECT_EQ(store.load(), std::nullopt);
    EXPECT_EQ(logs.count("is not valid"), 1);
    EXPECT_EQ(readFile(path), garbage);

    writeFile(path, "{\"unrelated\": 1}");
    EXPECT_EQ(TokenStore(path).load(), std::nullopt);
    writeFile(path, "");
    EXPECT_EQ(TokenStore(path).load(), std::nullopt);
    EXPECT_TRUE(store.exists());
}

TEST(TokenStore, WarnsWhenReadableByOthers)
{
    TempDir dir;
    const std::string path = dir.file("tokens.json");
    writeFile(path, TokenStore::toJson(sample(1)));
    ::chmod(path.c_str(), 0644);
    LogCapture logs;
    TokenStore store(path);
    ASSERT_TRUE(store.load());
    EXPECT_EQ(logs.count("readable by other users"), 1);
    EXPECT_TRUE(TokenStore::tooOpen(*store.permissions()));

    ::chmod(path.c_str(), 0600);
    TokenStore quiet(path);
    ASSERT_TRUE(quiet.load());
    EXPECT_EQ(logs.count("readable by other users"), 1);
}

TEST(TokenStore, LoadedTokensAreRegisteredAsSecrets)
{
    TempDir dir;
    const std::string path = dir.file("tokens.json");
    TokenSet t = sample(0);
    t.accessToken = "stored-access-token-abcdef";
    t.refreshToken = "stored-refresh-token-abcdef";
    writeFile(path, TokenStore::toJson(t));
    ::chmod(path.c_str(), 0600);
    ASSERT_TRUE(TokenStore(path).load());
    const std::string line = Log::redact("x stored-access-token-abcdef y stored-refresh-token-abcdef");
    EXPECT_EQ(line.find("stored-"), std::string::npos);
}

TEST(TokenStore, RemoveDeletesTheFile)
{
    TempDir dir;
    TokenStore store(dir.file("tokens.json"));
    EXPECT_FALSE(store.remove());
    store.save(sample(1));
    EXPECT_TRUE(store.remove());
    EXPECT_FALSE(store.exists());
    EXPECT_FALSE(store.remove());
}

TEST(TokenStore, WithoutPathNothingIsLoadedAndSaveThrows)
{
    TokenStore store("");
    EXPECT_EQ(store.load(), std::nullopt);
    EXPECT_THROW(store.save(sample(1)), std::runtime_error);
    EXPECT_FALSE(store.remove());
}

// A child process saves in a tight loop and is killed with SIGKILL at a different point each round. The
// file must always parse, hold a matching access/refresh pair, and be the last or a later save.
TEST(TokenStore, KillNineDuringSaveLeavesAValidFile)
{
    TempDir dir;
    const std::string path = dir.file("tokens.json");
    TokenStore(path).save(sample(0));

    for (int round = 1; round <= 8; ++round)
    {
        const int before = TokenStore(path).load()->expiresAt - 1700000000;
        int fds[2];
        ASSERT_EQ(::pipe(fds), 0);
        const pid_t pid = ::fork();
        ASSERT_GE(pid, 0);
        if (pid == 0)
        {
            ::close(fds[0]);
            TokenStore store(path);
            for (int i = before + 1;; ++i)
            {
                try
                {
                    store.save(sample(i));
                }
                catch (...)
                {
                    ::_exit(3);
                }
                // One byte per save for the first rounds' worth, so the parent can pick the moment.
                if (i - before <= 16)
                {
                    const char c = 'x';
                    if (::write(fds[1], &c, 1) != 1)
                        ::_exit(4);
                }
            }
        }
        ::close(fds[1]);
        // Wait until the child has completed `round` saves (and is looping), then kill it.
        for (int got = 0; got < round * 2;)
        {
            char c;
            const ssize_t n = ::read(fds[0], &c, 1);
            ASSERT_EQ(n, 1) << "child stopped early";
            ++got;
        }
        ASSERT_EQ(::kill(pid, SIGKILL), 0);
        int status = 0;
        ASSERT_EQ(::waitpid(pid, &status, 0), pid);
        ::close(fds[0]);
        ASSERT_TRUE(WIFSIGNALED(status)) << "child exited with " << WEXITSTATUS(status);

        const auto loaded = TokenStore(path).load();
        ASSERT_TRUE(loaded) << "round " << round << ": file does not parse:\n" << readFile(path);
        const int n = static_cast<int>(loaded->expiresAt - 1700000000);
        EXPECT_GE(n, before + round * 2) << "round " << round;
        EXPECT_EQ(loaded->accessToken, "access-" + std::to_string(n));
        EXPECT_EQ(loaded->refreshToken, "refresh-" + std::to_string(n));
        EXPECT_EQ(modeOf(path), 0600u);
    }
    // Temp files of the killed children are cleaned up by the next save.
    TokenStore(path).save(sample(1000));
    EXPECT_EQ(listDir(dir.path()), std::vector<std::string>{"tokens.json"});
}

TEST(TokenStore, SaveKeepsTempFilesOfLiveProcesses)
{
    TempDir dir;
    const std::string path = dir.file("tokens.json");
    const std::string dead = path + ".tmp.999999999.1.1"; // beyond pid_max: no such process
    const std::string live = path + ".tmp." + std::to_string(::getppid()) + ".1.1";
    writeFile(dead, "partial");
    writeFile(live, "partial");
    TokenStore(path).save(sample(1));
    const auto names = listDir(dir.path());
    EXPECT_EQ(std::count(names.begin(), names.end(), "tokens.json.tmp.999999999.1.1"), 0);
    EXPECT_EQ(
        std::count(names.begin(), names.end(), "tokens.json.tmp." + std::to_string(::getppid()) + ".1.1"), 1);
}

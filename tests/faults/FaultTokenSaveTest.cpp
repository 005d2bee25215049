// Fault matrix, kill -9 during a token save (docs/reliability.md): a separate program saves token versions
// through Auth::TokenStore in a tight loop and is killed with SIGKILL at a different point in each of many
// rounds. The token file must always parse, be exactly one of the saved versions (the last acknowledged one
// or the one in flight), keep mode 0600, and leave at most the one temp file of the killed save behind,
// which the next save removes.
#include "FaultHarness.h"

#include "auth/TokenStore.h"

#include <csignal>
#include <dirent.h>
#include <sys/stat.h>
#include <thread>

using OuraMcp::Auth::TokenStore;
using OuraMcp::Testing::ServerProcess;
using namespace OuraMcp::Testing::Faults;

namespace {

std::vector<std::string> listDir(const std::string& dir)
{
    std::vector<std::string> names;
    if (DIR* d = ::opendir(dir.c_str()))
    {
        while (const dirent* entry = ::readdir(d))
        {
            const std::string name = entry->d_name;
            if (name != "." && name != "..")
                names.push_back(name);
        }
        ::closedir(d);
    }
    return names;
}

/// The version n the file holds (the helper writes access-<n>, refresh-<n>, expires_at 1700000000+n), or -1
/// if it does not parse or its fields do not belong to one version.
long savedVersion(const std::string& path)
{
    const auto tokens = TokenStore::fromJson(readFile(path));
    if (!tokens)
        return -1;
    const long n = static_cast<long>(tokens->expiresAt - 1700000000);
    if (tokens->accessToken != "access-" + std::to_string(n) ||
        tokens->refreshToken != "refresh-" + std::to_string(n) || tokens->savedAt != n)
        return -1;
    return n;
}

} // namespace

TEST(FaultTokenSave, KillNineAtManyPointsOfASaveLoopNeverLosesTheTokenFile)
{
    TempHome home;
    const std::string dir = home.path() + "/state";
    const std::string path = dir + "/tokens.json";
    ServerProcess first(TOKEN_SAVE_LOOP_BIN, {path, "0"}, {});
    ASSERT_EQ(first.nextLine(), "0");
    first.signal(SIGKILL);
    ASSERT_EQ(first.waitForExit(), 128 + SIGKILL);

    constexpr int kRounds = 100;
    int inFlightWon = 0; // rounds where the kill came after the rename but before the acknowledgement
    int tempLeft = 0; // rounds where the kill came inside a save, between creating the temp file and renaming
    int tempsBefore = 0;
    for (int round = 1; round <= kRounds; ++round)
    {
        const long before = savedVersion(path);
        ASSERT_GE(before, 0) << "round " << round << ":\n" << readFile(path);
        const long start = round * 100000L;
        // Kill after 0..12 acknowledged saves: with none, possibly before or inside the very first save.
        const int acks = (round * 7) % 13;
        ServerProcess loop(TOKEN_SAVE_LOOP_BIN, {path, std::to_string(start)}, {});
        for (int i = 0; i < acks; ++i)
            ASSERT_EQ(loop.nextLine(), std::to_string(start + i)) << "round " << round << loop.stderrText();
        // Where the kill lands inside the next save: right away (mostly while the temp file is written and
        // synced) or after up to 4 ms (the rename, the clean-up, the directory sync, the next save). This
        // delay picks the injection point; nothing waits on it and no result depends on its length.
        std::this_thread::sleep_for(std::chrono::microseconds((round * 397) % 4000));
        loop.signal(SIGKILL);
        ASSERT_EQ(loop.waitForExit(), 128 + SIGKILL) << "round " << round << ": " << loop.stderrText();
        long acknowledged = acks > 0 ? start + acks - 1 : -1;
        while (auto line = loop.nextLine(std::chrono::seconds(5)))
            acknowledged = std::stol(*line); // written between our last read and the kill

        const long now = savedVersion(path);
        if (acknowledged >= 0)
        {
            inFlightWon += now == acknowledged + 1;
            EXPECT_TRUE(now == acknowledged || now == acknowledged + 1)
                << "round " << round << ": acknowledged " << acknowledged << ", file holds " << now << ":\n"
                << readFile(path);
        }
        else
        {
            EXPECT_TRUE(now == before || now == start)
                << "round " << round << ": before " << before << ", file holds " << now;
        }
        struct stat st
        {};
        ASSERT_EQ(::stat(path.c_str(), &st), 0);
        EXPECT_EQ(st.st_mode & 0777, 0600u) << "round " << round;
        int temps = 0;
        for (const auto& name : listDir(dir))
        {
            if (name != "tokens.json")
            {
                EXPECT_EQ(name.rfind("tokens.json.tmp.", 0), 0u) << name;
                ++temps;
            }
        }
        // A completed save removes the temp files of dead processes, so after one there is at most the temp
        // file of the save in flight; a round killed before its first save completed may add one.
        EXPECT_LE(temps, acknowledged >= 0 ? 1 : tempsBefore + 1)
            << "round " << round << ": temp files pile up";
        tempLeft += acknowledged >= 0 && temps > 0;
        tempsBefore = temps;
    }
    RecordProperty("rounds", kRounds);
    RecordProperty("killed_after_rename_before_ack", inFlightWon);
    RecordProperty("killed_inside_save_leaving_temp", tempLeft);

    // The next save by anyone removes what the killed saves left.
    OuraMcp::Auth::TokenSet last;
    last.accessToken = "access-final";
    last.refreshToken = "refresh-final";
    TokenStore(path).save(last);
    EXPECT_EQ(listDir(dir), std::vector<std::string>{"tokens.json"});
    EXPECT_EQ(TokenStore(path).load()->refreshToken, "refresh-final");
}

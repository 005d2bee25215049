// The per-request cost of authentication in the store (issue 12: p50 <= 50 us): checking one of our access
// tokens (hash + indexed lookup) and reading the user it names. SQLite on a temp file always; PostgreSQL when
// OURA_MCP_BENCH_PG_URL names a database (postgresql://…) the benchmark may write to.
#include "store/SecretHash.h"
#include "store/UserStore.h"

#include <benchmark/benchmark.h>

#include <cstdlib>
#include <filesystem>
#include <stdexcept>
#include <stdlib.h>
#include <string>

using namespace OuraMcp::Store;

namespace {

constexpr std::int64_t t0 = 1'800'000'000;

struct Fixture
{
    std::unique_ptr<UserStore> store;
    std::string token;
};

Fixture prepare(const std::string& location)
{
    auto key = std::make_shared<const StoreKey>(std::vector<StoreKey::Entry>{StoreKey::generate()});
    Fixture f{UserStore::open(location, key), SecretHash::generateSecret()};
    const User user = f.store->findOrCreateUser("bench-" + SecretHash::randomHex(8), t0);
    const std::string family = f.store->startRefreshFamily("bench-client", user.id, "", t0);
    f.store->saveAccessToken(
        f.token, AccessToken{"bench-client", user.id, "daily", "https://mcp.example.com", family, t0 + 3600});
    return f;
}

void authenticate(benchmark::State& state, Fixture& f)
{
    for (auto _ : state)
    {
        const auto access = f.store->findAccessToken(f.token, t0);
        if (!access)
            throw std::runtime_error("the benchmark's token was not found");
        benchmark::DoNotOptimize(f.store->findUser(access->userId));
    }
}

void BM_Authenticate_SQLite(benchmark::State& state)
{
    std::string pattern = std::filesystem::temp_directory_path().string() + "/oura-mcp-store-bench-XXXXXX";
    if (::mkdtemp(pattern.data()) == nullptr)
        throw std::runtime_error("mkdtemp failed");
    {
        Fixture f = prepare(pattern + "/store.db");
        authenticate(state, f);
    }
    std::filesystem::remove_all(pattern);
}
BENCHMARK(BM_Authenticate_SQLite)->Unit(benchmark::kMicrosecond);

void BM_Authenticate_PostgreSQL(benchmark::State& state)
{
    const char* url = std::getenv("OURA_MCP_BENCH_PG_URL");
    if (url == nullptr || *url == '\0')
    {
        state.SkipWithError("set OURA_MCP_BENCH_PG_URL to a postgresql:// database to measure PostgreSQL");
        return;
    }
    Fixture f = prepare(url);
    authenticate(state, f);
}
BENCHMARK(BM_Authenticate_PostgreSQL)->Unit(benchmark::kMicrosecond);

} // namespace

BENCHMARK_MAIN();

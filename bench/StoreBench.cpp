// The per-request cost of authentication (issue 12: p50 <= 50 us). Authenticate_*: the store alone, checking one
// of our access tokens (hash + indexed lookup) and reading the user it names. BearerCheck_*: what every MCP
// request really pays, OAuth::BearerAuthenticator on the Authorization header (one lookup; the principal is the
// token's user id), with and without the in-process memory of a check that the server uses for PostgreSQL.
// SQLite on a temp file always; PostgreSQL when OURA_MCP_BENCH_PG_URL names a database (postgresql://…) the
// benchmark may write to.
#include "oauth/BearerAuthenticator.h"
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
    f.store->saveAccessToken(f.token, AccessToken{"bench-client", user.id, "daily",
                                                  "https://mcp.example.com/mcp", family, t0 + 3600});
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

void bearerCheck(benchmark::State& state, Fixture& f, std::chrono::seconds memory)
{
    OuraMcp::OAuth::AuthorizationServerOptions options;
    options.publicUrl = "https://mcp.example.com";
    options.now = [] { return t0; };
    options.tokenCheckMemory = memory;
    OuraMcp::OAuth::BearerAuthenticator bearer(options, *f.store);
    const std::string header = "Bearer " + f.token;
    for (auto _ : state)
    {
        const auto outcome = bearer.authenticate(header);
        if (!outcome.principal)
            throw std::runtime_error("the benchmark's token was refused");
        benchmark::DoNotOptimize(outcome.principal->userId.data());
    }
}

std::string pgUrl(benchmark::State& state)
{
    const char* url = std::getenv("OURA_MCP_BENCH_PG_URL");
    if (url == nullptr || *url == '\0')
        state.SkipWithError("set OURA_MCP_BENCH_PG_URL to a postgresql:// database to measure PostgreSQL");
    return url == nullptr ? std::string() : url;
}

void BM_BearerCheck_SQLite(benchmark::State& state)
{
    std::string pattern = std::filesystem::temp_directory_path().string() + "/oura-mcp-store-bench-XXXXXX";
    if (::mkdtemp(pattern.data()) == nullptr)
        throw std::runtime_error("mkdtemp failed");
    {
        Fixture f = prepare(pattern + "/store.db");
        bearerCheck(state, f, std::chrono::seconds(0));
    }
    std::filesystem::remove_all(pattern);
}
BENCHMARK(BM_BearerCheck_SQLite)->Unit(benchmark::kMicrosecond);

void BM_BearerCheck_PostgreSQL(benchmark::State& state)
{
    const std::string url = pgUrl(state);
    if (url.empty())
        return;
    Fixture f = prepare(url);
    bearerCheck(state, f, std::chrono::seconds(0));
}
BENCHMARK(BM_BearerCheck_PostgreSQL)->Unit(benchmark::kMicrosecond);

void BM_BearerCheck_PostgreSQL_Remembered(benchmark::State& state)
{
    const std::string url = pgUrl(state);
    if (url.empty())
        return;
    Fixture f = prepare(url);
    bearerCheck(state, f,
                std::chrono::seconds(2)); // the clock stands still: every check after the first is remembered
}
BENCHMARK(BM_BearerCheck_PostgreSQL_Remembered)->Unit(benchmark::kMicrosecond);

} // namespace

BENCHMARK_MAIN();

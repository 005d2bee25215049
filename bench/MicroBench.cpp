// oura-mcp-microbench: Google Benchmark microbenchmarks of the two hot paths that run on every message:
// the JSON-RPC engine (one input line parsed, validated and dispatched, its answer serialised and written)
// and the date phrase resolver every dated tool argument goes through.

#include "FakeCatalog.h"
#include "dates/DateResolver.h"
#include "dates/FixedClock.h"
#include "dates/TimeZone.h"
#include "mcp/MessageDispatcher.h"
#include "mcp/OutputWriter.h"
#include "mcp/Session.h"
#include "mcp/WorkerPool.h"
#include "platform/StopSignal.h"

#include <benchmark/benchmark.h>

#include <chrono>
#include <fcntl.h>
#include <memory>
#include <string>
#include <unistd.h>

namespace {

using namespace OuraMcp;

/// One engine wired as Server::run wires it, answering into /dev/null (a write() that costs little, so the
/// figure is the engine's own work).
struct Engine
{
    Engine()
        : devNull(::open("/dev/null", O_WRONLY | O_CLOEXEC)),
          writer(std::make_shared<Mcp::OutputWriter>(devNull, wake)),
          session(std::make_shared<Mcp::Session>(catalog, Mcp::ServerInfo{"bench", "1", "", "", ""},
                                                 Mcp::ServerOptions{}, writer)),
          pool(1, 1000), dispatcher(session, pool)
    {
        dispatcher.handleLine(R"({"jsonrpc":"2.0","id":0,"method":"initialize","params":{)"
                              R"("protocolVersion":"2025-06-18","capabilities":{},)"
                              R"("clientInfo":{"name":"bench","version":"1"}}})");
        dispatcher.handleLine(R"({"jsonrpc":"2.0","method":"notifications/initialized"})");
    }
    ~Engine()
    {
        pool.shutdown();
        session->close();
        ::close(devNull);
    }

    void settle() { pool.waitIdle(std::chrono::steady_clock::now() + std::chrono::seconds(10)); }

    int devNull;
    Platform::StopSignal wake;
    Mcp::Test::FakeCatalog catalog;
    std::shared_ptr<Mcp::OutputWriter> writer;
    std::shared_ptr<Mcp::Session> session;
    Mcp::WorkerPool pool;
    Mcp::MessageDispatcher dispatcher;
};

/// Answered on the reader thread: parse, envelope checks, dispatch, serialise, write.
void runInline(benchmark::State& state, const std::string& line)
{
    Engine engine;
    for (auto _ : state)
        engine.dispatcher.handleLine(line);
    state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * line.size()));
}

void BM_JsonRpc_Ping(benchmark::State& state)
{
    runInline(state, R"({"jsonrpc":"2.0","id":7,"method":"ping"})");
}
BENCHMARK(BM_JsonRpc_Ping);

void BM_JsonRpc_ToolsList(benchmark::State& state)
{
    runInline(state, R"({"jsonrpc":"2.0","id":7,"method":"tools/list"})");
}
BENCHMARK(BM_JsonRpc_ToolsList);

void BM_JsonRpc_ParseError(benchmark::State& state)
{
    runInline(state, R"({"jsonrpc":"2.0","id":7,"method":"ping")");
}
BENCHMARK(BM_JsonRpc_ParseError);

/// A tool call goes to the worker pool: the figure includes the hand-off to the worker and back.
void BM_JsonRpc_ToolsCall(benchmark::State& state)
{
    Engine engine;
    int id = 1;
    for (auto _ : state)
    {
        engine.dispatcher.handleLine(R"({"jsonrpc":"2.0","id":)" + std::to_string(id++) +
                                     R"(,"method":"tools/call","params":{"name":"echo",)"
                                     R"("arguments":{"text":"hello"}}})");
        engine.settle();
    }
}
BENCHMARK(BM_JsonRpc_ToolsCall);

/// 2024-05-15 12:00 UTC, a Wednesday, in a zone with daylight saving time.
struct DateFixture
{
    DateFixture() : clock(1715774400000), resolver(clock, zone()) {}
    static OuraMcp::Dates::TimeZone zone()
    {
        try
        {
            return OuraMcp::Dates::TimeZone::fromName("Europe/Berlin");
        }
        catch (const std::exception&)
        {
            return OuraMcp::Dates::TimeZone::fromPosixRule("CET-1CEST,M3.5.0,M10.5.0/3");
        }
    }
    OuraMcp::Dates::FixedClock clock;
    OuraMcp::Dates::DateResolver resolver;
};

void BM_Dates_Resolve(benchmark::State& state, const char* start, const char* end)
{
    DateFixture d;
    if (!d.resolver.resolve(start, end).ok())
    {
        state.SkipWithError("the resolver refused the input");
        return;
    }
    for (auto _ : state)
        benchmark::DoNotOptimize(d.resolver.resolve(start, end));
}
BENCHMARK_CAPTURE(BM_Dates_Resolve, iso_range, "2024-05-01", "2024-05-14");
BENCHMARK_CAPTURE(BM_Dates_Resolve, yesterday, "yesterday", "");
BENCHMARK_CAPTURE(BM_Dates_Resolve, last_30_days, "last 30 days", "");
BENCHMARK_CAPTURE(BM_Dates_Resolve, the_last_3_weeks, "  The_Last 3  Weeks ", "");
BENCHMARK_CAPTURE(BM_Dates_Resolve, weekday, "monday", "today");
BENCHMARK_CAPTURE(BM_Dates_Resolve, previous_month, "previous month", "");

void BM_Dates_Refused(benchmark::State& state)
{
    DateFixture d;
    for (auto _ : state)
        benchmark::DoNotOptimize(d.resolver.resolve("the day after the heat death", ""));
}
BENCHMARK(BM_Dates_Refused);

void BM_Dates_Today(benchmark::State& state)
{
    DateFixture d;
    for (auto _ : state)
        benchmark::DoNotOptimize(d.resolver.today());
}
BENCHMARK(BM_Dates_Today);

} // namespace

BENCHMARK_MAIN();

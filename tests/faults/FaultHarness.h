#pragma once
// Shared pieces of the fault-matrix tests (Fault*Test.cpp, see docs/reliability.md): the real binary over
// stdio against the fake Oura API on loopback, with a frozen clock so date phrases are reproducible.

#include "FakeOuraServer.h"
#include "ServerProcess.h"

#include <gtest/gtest.h>

#include <Poco/TemporaryFile.h>

#include <fstream>
#include <sstream>
#include <string>

namespace OuraMcp::Testing::Faults {

inline const char* const kToday = "2026-11-20";
inline const char* const kNow = "2026-11-20T12:00:00Z";

/// Peak resident memory allowed for a server that was fed a fault meant to make it allocate (a 100 MB
/// line, 1,000 queued calls). A normal session stays around 10-20 MB.
inline constexpr long kMaxPeakRssKb = 64 * 1024;

inline FakeOuraServer::Options fakeOptions()
{
    FakeOuraServer::Options o;
    o.today = kToday;
    return o;
}

/// A private HOME for one server process (deleted with the object).
class TempHome
{
public:
    TempHome() { _dir.createDirectories(); }
    std::string path() const { return _dir.path(); }

private:
    Poco::TemporaryFile _dir;
};

inline ServerProcess::Env apiEnv(const std::string& baseUrl, const std::string& home)
{
    return {{"HOME", home},
            {"OURA_API_BASE_URL", baseUrl},
            {"OURA_MCP_NOW", kNow},
            {"OURA_MCP_TIME_ZONE", "Europe/Berlin"}};
}

inline Json toolCall(int id, const std::string& name, const Json& args)
{
    return {{"jsonrpc", "2.0"},
            {"id", id},
            {"method", "tools/call"},
            {"params", {{"name", name}, {"arguments", args}}}};
}

/// tools/call and its result object (the test fails if the reply is a JSON-RPC error).
inline Json callTool(ServerProcess& server, const std::string& name, const Json& args, int id)
{
    Json reply = server.request("tools/call", {{"name", name}, {"arguments", args}}, id);
    EXPECT_TRUE(reply.contains("result")) << reply.dump();
    return reply.value("result", Json::object());
}

inline bool isError(const Json& result)
{
    return result.value("isError", false);
}

/// The server still serves: ping answers and a real tool call against the (now healthy) fake succeeds. The
/// day depends on id so that a cached answer of an earlier check cannot stand in for a fresh request.
inline void expectStillServing(ServerProcess& server, int id, const std::string& tool = "get_daily_sleep")
{
    Json pong = server.request("ping", Json::object(), id);
    EXPECT_EQ(pong["result"], Json::object()) << pong.dump();
    if (tool.empty())
        return;
    const int day = 1 + id % 19;
    const std::string date = std::string("2026-11-") + (day < 10 ? "0" : "") + std::to_string(day);
    Json result = callTool(server, tool, {{"start_date", date}}, id + 1);
    EXPECT_FALSE(isError(result)) << textOf(result);
}

/// VmHWM (peak resident set) of a live process in kB, or -1 if /proc does not say.
inline long peakRssKb(int pid)
{
    std::ifstream in("/proc/" + std::to_string(pid) + "/status");
    std::string line;
    while (std::getline(in, line))
    {
        if (line.rfind("VmHWM:", 0) == 0)
            return std::stol(line.substr(6));
    }
    return -1;
}

inline std::string readFile(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

} // namespace OuraMcp::Testing::Faults

namespace OuraMcp::Testing::Faults {

/// The server's peak resident set stays below kMaxPeakRssKb. Not checked under AddressSanitizer, whose
/// shadow memory and quarantine of freed blocks make RSS say nothing about the program's own allocations.
inline void expectPeakRssBounded(int pid, const std::string& after)
{
#ifdef OURA_MCP_TEST_UNDER_ASAN
    (void)pid;
    (void)after;
#else
    const long peak = peakRssKb(pid);
    EXPECT_GT(peak, 0) << "no VmHWM in /proc/" << pid << "/status";
    EXPECT_LT(peak, kMaxPeakRssKb) << "peak RSS " << peak << " kB after " << after;
    ::testing::Test::RecordProperty("peak_rss_kb", static_cast<int>(peak));
#endif
}

} // namespace OuraMcp::Testing::Faults

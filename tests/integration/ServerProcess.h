#pragma once

// OURA_MCP_TEST_UNDER_ASAN: the tests (and so the oura-mcp they start, built by the same preset) run under
// AddressSanitizer, whose shadow memory and quarantine of freed blocks make a process's RSS say nothing about
// its own allocations: memory bounds are not checked there.
#if defined(__SANITIZE_ADDRESS__)
#define OURA_MCP_TEST_UNDER_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define OURA_MCP_TEST_UNDER_ASAN 1
#endif
#endif

#include "util/Json.h"

#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace OuraMcp::Testing {

/// The real oura-mcp binary (or any command) running as a child process with its stdin, stdout and stderr
/// on pipes and an explicit, otherwise empty environment -- the way MCP clients start servers.
/// Reader threads collect stdout lines and stderr text; waits are bounded by a deadline so a broken server
/// fails the test instead of hanging it (the bound is a failure limit, never a synchronisation delay).
class ServerProcess
{
public:
    using Env = std::map<std::string, std::string>;

    ServerProcess(const std::string& program, const std::vector<std::string>& args, const Env& env = {},
                  const std::string& workingDir = {});
    ~ServerProcess();
    /// Kills the process if it still runs.

    ServerProcess(const ServerProcess&) = delete;
    ServerProcess& operator=(const ServerProcess&) = delete;

    void send(const std::string& line);
    /// Writes line + '\n' to the child's stdin.

    void sendJson(const Json& message) { send(message.dump()); }

    void closeStdin();

    std::optional<std::string> nextLine(std::chrono::milliseconds limit = std::chrono::seconds(20));
    /// The next stdout line, or nullopt if none arrived in time or stdout closed.

    Json nextMessage(std::chrono::milliseconds limit = std::chrono::seconds(20));
    /// The next stdout line parsed as JSON; fails the current test (and returns null) if there is none or
    /// it is not a single compact JSON value.

    Json request(const std::string& method, const Json& params = Json::object(), const Json& id = 1);
    /// Sends a request and returns the response with that id, collecting notifications meanwhile.

    Json initialize(const std::string& version = "2025-11-25");
    /// initialize + notifications/initialized; returns the initialize result.

    const std::vector<Json>& notifications() const { return _notifications; }

    std::optional<int> waitForExit(std::chrono::milliseconds limit = std::chrono::seconds(10));
    /// The exit status (or 128+signal), or nullopt if it still runs after limit.

    void signal(int sig);

    std::string stderrText() const;
    /// What the child wrote to stderr so far.

    std::string stderrUntilClosed(std::chrono::milliseconds limit = std::chrono::seconds(10));
    /// Everything the child wrote to stderr, after its stderr closed (it exited).
    std::vector<std::string> allStdoutLines() const;
    /// Every line read from stdout so far, including those already consumed.

    int pid() const { return _pid; }

private:
    void readStdout();
    void readStderr();

    int _pid = -1;
    int _stdin = -1;
    int _stdout = -1;
    int _stderr = -1;
    std::thread _outThread;
    std::thread _errThread;
    mutable std::mutex _mutex;
    std::condition_variable _cv;
    std::deque<std::string> _lines;
    std::vector<std::string> _allLines;
    bool _stdoutClosed = false;
    bool _stderrClosed = false;
    std::string _stderr_text;
    std::optional<int> _exitStatus;
    std::vector<Json> _notifications;
};

std::string textOf(const Json& result);
/// The text blocks of a tool result, concatenated.

std::string binaryPath();
/// The oura-mcp binary under test (from the OURA_MCP_BIN compile definition).

} // namespace OuraMcp::Testing

#include "ServerProcess.h"

#include <gtest/gtest.h>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <stdexcept>
#include <sys/wait.h>
#include <unistd.h>

namespace OuraMcp::Testing {

namespace {

void pipeOrThrow(int fds[2])
{
    if (::pipe2(fds, O_CLOEXEC) != 0)
        throw std::runtime_error(std::string("pipe: ") + std::strerror(errno));
}

} // namespace

std::string textOf(const Json& result)
{
    std::string text;
    for (const auto& block : result.value("content", Json::array()))
        text += block.value("text", "");
    return text;
}

std::string binaryPath()
{
    return OURA_MCP_BIN;
}

ServerProcess::ServerProcess(const std::string& program, const std::vector<std::string>& args, const Env& env,
                             const std::string& workingDir)
{
    int in[2], out[2], err[2];
    pipeOrThrow(in);
    pipeOrThrow(out);
    pipeOrThrow(err);

    std::vector<std::string> argStrings{program};
    argStrings.insert(argStrings.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (auto& a : argStrings)
        argv.push_back(a.data());
    argv.push_back(nullptr);
    std::vector<std::string> envStrings;
    for (const auto& [k, v] : env)
        envStrings.push_back(k + "=" + v);
    std::vector<char*> envp;
    for (auto& e : envStrings)
        envp.push_back(e.data());
    envp.push_back(nullptr);

    _pid = ::fork();
    if (_pid < 0)
        throw std::runtime_error("fork failed");
    if (_pid == 0)
    {
        ::dup2(in[0], 0);
        ::dup2(out[1], 1);
        ::dup2(err[1], 2);
        if (!workingDir.empty() && ::chdir(workingDir.c_str()) != 0)
            ::_exit(126);
        ::execve(program.c_str(), argv.data(), envp.data());
        ::_exit(127);
    }
    ::close(in[0]);
    ::close(out[1]);
    ::close(err[1]);
    _stdin = in[1];
    _stdout = out[0];
    _stderr = err[0];
    _outThread = std::thread([this] { readStdout(); });
    _errThread = std::thread([this] { readStderr(); });
}

ServerProcess::~ServerProcess()
{
    if (!waitForExit(std::chrono::milliseconds(0)))
    {
        ::kill(_pid, SIGKILL);
        waitForExit(std::chrono::seconds(10));
    }
    closeStdin();
    if (_outThread.joinable())
        _outThread.join();
    if (_errThread.joinable())
        _errThread.join();
    ::close(_stdout);
    ::close(_stderr);
}

void ServerProcess::send(const std::string& line)
{
    std::string data = line + "\n";
    const char* p = data.data();
    std::size_t left = data.size();
    while (left > 0)
    {
        ssize_t n = ::write(_stdin, p, left);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            throw std::runtime_error("write to server stdin failed");
        p += n;
        left -= static_cast<std::size_t>(n);
    }
}

void ServerProcess::closeStdin()
{
    if (_stdin >= 0)
    {
        ::close(_stdin);
        _stdin = -1;
    }
}

void ServerProcess::readStdout()
{
    std::string buffer;
    char chunk[65536];
    for (;;)
    {
        ssize_t n = ::read(_stdout, chunk, sizeof(chunk));
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        buffer.append(chunk, static_cast<std::size_t>(n));
        std::size_t pos;
        while ((pos = buffer.find('\n')) != std::string::npos)
        {
            std::lock_guard<std::mutex> lock(_mutex);
            _lines.push_back(buffer.substr(0, pos));
            _allLines.push_back(_lines.back());
            buffer.erase(0, pos + 1);
            _cv.notify_all();
        }
    }
    std::lock_guard<std::mutex> lock(_mutex);
    if (!buffer.empty())
    {
        _lines.push_back(
            buffer); // an unterminated last line is still reported (and fails compactness checks)
        _allLines.push_back(buffer);
    }
    _stdoutClosed = true;
    _cv.notify_all();
}

void ServerProcess::readStderr()
{
    char chunk[4096];
    for (;;)
    {
        ssize_t n = ::read(_stderr, chunk, sizeof(chunk));
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        std::lock_guard<std::mutex> lock(_mutex);
        _stderr_text.append(chunk, static_cast<std::size_t>(n));
    }
    std::lock_guard<std::mutex> lock(_mutex);
    _stderrClosed = true;
    _cv.notify_all();
}

std::string ServerProcess::stderrUntilClosed(std::chrono::milliseconds limit)
{
    std::unique_lock<std::mutex> lock(_mutex);
    _cv.wait_for(lock, limit, [this] { return _stderrClosed; });
    return _stderr_text;
}

std::optional<std::string> ServerProcess::nextLine(std::chrono::milliseconds limit)
{
    std::unique_lock<std::mutex> lock(_mutex);
    _cv.wait_for(lock, limit, [this] { return !_lines.empty() || _stdoutClosed; });
    if (_lines.empty())
        return std::nullopt;
    std::string line = std::move(_lines.front());
    _lines.pop_front();
    return line;
}

Json ServerProcess::nextMessage(std::chrono::milliseconds limit)
{
    auto line = nextLine(limit);
    if (!line)
    {
        ADD_FAILURE() << "no message from the server; stderr:\n" << stderrText();
        return nullptr;
    }
    Json message = Json::parse(*line, nullptr, false);
    if (message.is_discarded())
    {
        ADD_FAILURE() << "stdout line is not JSON: " << *line;
        return nullptr;
    }
    EXPECT_EQ(message.dump(), *line) << "stdout line is not compact JSON";
    return message;
}

Json ServerProcess::request(const std::string& method, const Json& params, const Json& id)
{
    Json message = {{"jsonrpc", "2.0"}, {"id", id}, {"method", method}, {"params", params}};
    sendJson(message);
    for (;;)
    {
        Json reply = nextMessage();
        if (reply.is_null())
            return nullptr;
        if (reply.contains("id") && reply["id"] == id)
            return reply;
        _notifications.push_back(reply);
    }
}

Json ServerProcess::initialize(const std::string& version)
{
    Json reply = request("initialize",
                         {{"protocolVersion", version},
                          {"capabilities", Json::object()},
                          {"clientInfo", {{"name", "integration-test"}, {"version", "1"}}}},
                         0);
    sendJson({{"jsonrpc", "2.0"}, {"method", "notifications/initialized"}});
    return reply.value("result", Json());
}

std::optional<int> ServerProcess::waitForExit(std::chrono::milliseconds limit)
{
    if (_exitStatus)
        return _exitStatus;
    auto deadline = std::chrono::steady_clock::now() + limit;
    for (;;)
    {
        int status = 0;
        pid_t r = ::waitpid(_pid, &status, WNOHANG);
        if (r == _pid)
        {
            _exitStatus = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
            return _exitStatus;
        }
        if (std::chrono::steady_clock::now() >= deadline)
            return std::nullopt;
        // Polling waitpid is the portable way to bound a wait for a child; it is not used to order events.
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
}

void ServerProcess::signal(int sig)
{
    ::kill(_pid, sig);
}

std::string ServerProcess::stderrText() const
{
    std::lock_guard<std::mutex> lock(_mutex);
    return _stderr_text;
}

std::vector<std::string> ServerProcess::allStdoutLines() const
{
    std::lock_guard<std::mutex> lock(_mutex);
    return _allLines;
}

} // namespace OuraMcp::Testing

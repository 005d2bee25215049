// mcp-session-bench: spawns an MCP server over stdio (or any program that answers one line) N times, the
// way MCP clients do (explicit, otherwise empty environment, pipes), and reports medians of:
//   first   - spawn until the first answer line is read (the initialize result; not until exit)
//   call k  - each scripted request, from writing it until its answer is read, and the answer's bytes
//   exit    - spawn until the process has exited after stdin closed
//   rss     - the child's peak resident set (ru_maxrss from wait4, the same figure as VmHWM)
//   cpu     - the child's user + system CPU time
// Optionally starts fake-oura-api first and points the server at it with a bearer token.
// Exit status 1 if any answer is a JSON-RPC error or a tool result with isError (so a smoke test can tell
// a working measurement from a broken one); timings are never judged here.

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <iostream>
#include <map>
#include <optional>
#include <poll.h>
#include <spawn.h>
#include <sstream>
#include <stdexcept>
#include <string>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

namespace {

using Json = nlohmann::ordered_json;
using Clock = std::chrono::steady_clock;

const char* const kInitialize = R"({"jsonrpc":"2.0","id":0,"method":"initialize","params":{)"
                                R"("protocolVersion":"2025-06-18","capabilities":{},)"
                                R"("clientInfo":{"name":"mcp-session-bench","version":"1"}}})";
const char* const kInitialized = R"({"jsonrpc":"2.0","method":"notifications/initialized"})";
const int kAnswerLimitMs = 60000; // a failure bound for a hung child, never a synchronisation delay

double msSince(Clock::time_point start)
{
    return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

/// A child process with stdin and stdout on pipes; stderr goes to /dev/null unless kept.
class Child
{
public:
    Child(const std::vector<std::string>& argv, const std::vector<std::string>& env, bool keepStderr)
    {
        int in[2];
        int out[2];
        if (::pipe2(in, O_CLOEXEC) != 0 || ::pipe2(out, O_CLOEXEC) != 0)
            throw std::runtime_error(std::string("pipe: ") + std::strerror(errno));
        posix_spawn_file_actions_t actions;
        posix_spawn_file_actions_init(&actions);
        posix_spawn_file_actions_adddup2(&actions, in[0], STDIN_FILENO);
        posix_spawn_file_actions_adddup2(&actions, out[1], STDOUT_FILENO);
        if (!keepStderr)
            posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, "/dev/null", O_WRONLY, 0);
        std::vector<char*> args;
        for (const auto& a : argv)
            args.push_back(const_cast<char*>(a.c_str()));
        args.push_back(nullptr);
        std::vector<char*> envp;
        for (const auto& e : env)
            envp.push_back(const_cast<char*>(e.c_str()));
        envp.push_back(nullptr);
        const int rc = ::posix_spawn(&_pid, args[0], &actions, nullptr, args.data(), envp.data());
        posix_spawn_file_actions_destroy(&actions);
        ::close(in[0]);
        ::close(out[1]);
        _stdin = in[1];
        _stdout = out[0];
        if (rc != 0)
        {
            closeStdin();
            ::close(_stdout);
            throw std::runtime_error("cannot start " + argv[0] + ": " + std::strerror(rc));
        }
    }

    ~Child()
    {
        closeStdin();
        if (_stdout >= 0)
            ::close(_stdout);
        if (_pid > 0)
        {
            ::kill(_pid, SIGKILL);
            ::waitpid(_pid, nullptr, 0);
        }
    }

    Child(const Child&) = delete;
    Child& operator=(const Child&) = delete;

    void send(const std::string& line)
    {
        std::string text = line + "\n";
        const char* p = text.data();
        std::size_t left = text.size();
        while (left > 0)
        {
            const ssize_t n = ::write(_stdin, p, left);
            if (n < 0 && errno == EINTR)
                continue;
            if (n <= 0)
                throw std::runtime_error(std::string("write to the child: ") + std::strerror(errno));
            p += n;
            left -= static_cast<std::size_t>(n);
        }
    }

    /// The next line on the child's stdout; nullopt at end of output or after the failure bound.
    std::optional<std::string> readLine(int limitMs = kAnswerLimitMs)
    {
        const auto deadline = Clock::now() + std::chrono::milliseconds(limitMs);
        while (true)
        {
            const auto nl = _buffer.find('\n', _scanned);
            if (nl != std::string::npos)
            {
                std::string line = _buffer.substr(0, nl);
                _buffer.erase(0, nl + 1);
                _scanned = 0;
                return line;
            }
            _scanned = _buffer.size();
            const auto left =
                std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
            if (left <= 0)
                return std::nullopt;
            pollfd p{_stdout, POLLIN, 0};
            const int ready = ::poll(&p, 1, static_cast<int>(left));
            if (ready < 0 && errno == EINTR)
                continue;
            if (ready <= 0)
                return std::nullopt;
            char chunk[65536];
            const ssize_t n = ::read(_stdout, chunk, sizeof chunk);
            if (n < 0 && errno == EINTR)
                continue;
            if (n <= 0)
                return std::nullopt;
            _buffer.append(chunk, static_cast<std::size_t>(n));
        }
    }

    void closeStdin()
    {
        if (_stdin >= 0)
            ::close(_stdin);
        _stdin = -1;
    }

    /// Waits for the exit; returns the status and fills the child's resource usage.
    int wait(rusage& usage)
    {
        int status = 0;
        while (::wait4(_pid, &status, 0, &usage) < 0)
        {
            if (errno != EINTR)
                throw std::runtime_error(std::string("wait4: ") + std::strerror(errno));
        }
        _pid = -1;
        return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    }

private:
    pid_t _pid = -1;
    int _stdin = -1;
    int _stdout = -1;
    std::string _buffer;
    std::size_t _scanned = 0;
};

struct Options
{
    int runs = 20;
    int warmup = 2;
    bool raw = false; ///< no MCP handshake: send --line and time the first answer (baseline programs)
    std::string line = kInitialize;
    std::vector<Json> calls;      ///< requests after the handshake, each {"method":..., "params":...}
    std::vector<std::string> env; ///< NAME=VALUE for the child
    std::string fakeApi;          ///< path of fake-oura-api, or ""
    std::vector<std::string> fakeArgs;
    bool keepStderr = false;
    bool json = false;
    std::string savePrefix; ///< write the first measured run's answers to <prefix><k>.json
    std::string label;
    std::vector<std::string> command;
};

struct Run
{
    double first = 0;
    std::vector<double> callMs;
    std::vector<std::size_t> callBytes;
    std::vector<std::size_t> textBytes; ///< the text content blocks (what a model reads of a tool result)
    std::vector<std::string> answers;
    double exit = 0;
    long maxRssKb = 0;
    double cpuMs = 0;
};

double median(std::vector<double> v)
{
    if (v.empty())
        return 0;
    std::sort(v.begin(), v.end());
    const std::size_t n = v.size();
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/// Why an answer does not count as a success, or "" if it does.
std::string problemIn(const std::string& line, const Json& id)
{
    const Json message = Json::parse(line, nullptr, false);
    if (!message.is_object())
        return "not a JSON object: " + line.substr(0, 200);
    if (message.value("id", Json()) != id)
        return "answer for another id: " + line.substr(0, 200);
    if (message.contains("error"))
        return "JSON-RPC error: " + message["error"].dump();
    const Json& result = message.value("result", Json());
    if (result.is_object() && result.value("isError", false))
        return "tool error: " + line.substr(0, 400);
    return {};
}

/// Bytes of the answer's text: content[].text of a tool result, contents[].text of a resource read.
std::size_t textBytesOf(const std::string& line)
{
    const Json message = Json::parse(line, nullptr, false);
    if (!message.is_object() || !message.contains("result") || !message["result"].is_object())
        return 0;
    std::size_t bytes = 0;
    for (const char* key : {"content", "contents"})
    {
        const Json& blocks = message["result"].value(key, Json::array());
        for (const Json& block : blocks)
            if (block.is_object() && block.contains("text") && block["text"].is_string())
                bytes += block["text"].get_ref<const std::string&>().size();
    }
    return bytes;
}

Run runOnce(const Options& o, std::string& problem)
{
    Run run;
    const auto start = Clock::now();
    Child child(o.command, o.env, o.keepStderr);
    child.send(o.line);
    auto line = child.readLine();
    run.first = msSince(start);
    if (!line)
        problem = "no answer to the first line";
    else if (!o.raw)
        problem = problemIn(*line, Json(0));
    if (problem.empty() && !o.raw)
    {
        child.send(kInitialized);
        int id = 1;
        for (const Json& call : o.calls)
        {
            Json request = {{"jsonrpc", "2.0"}, {"id", id}, {"method", call.at("method")}};
            if (call.contains("params"))
                request["params"] = call["params"];
            const auto sent = Clock::now();
            child.send(request.dump());
            std::optional<std::string> answer;
            // Notifications (progress, log messages) may come first; the answer carries the id.
            while ((answer = child.readLine()))
            {
                const Json m = Json::parse(*answer, nullptr, false);
                if (m.is_object() && m.contains("id"))
                    break;
            }
            run.callMs.push_back(msSince(sent));
            run.callBytes.push_back(answer ? answer->size() : 0);
            run.answers.push_back(answer ? *answer : std::string());
            run.textBytes.push_back(answer ? textBytesOf(*answer) : 0);
            if (!answer)
                problem = "no answer to " + request.dump();
            else
                problem = problemIn(*answer, Json(id));
            if (!problem.empty())
                break;
            ++id;
        }
    }
    child.closeStdin();
    rusage usage{};
    const int status = child.wait(usage);
    run.exit = msSince(start);
    run.maxRssKb = usage.ru_maxrss;
    run.cpuMs = (usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) * 1000.0 +
                (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1000.0;
    if (problem.empty() && status != 0)
        problem = "exit status " + std::to_string(status);
    return run;
}

void usage()
{
    std::cerr
        << "usage: mcp-session-bench [--runs N] [--warmup N] [--label TEXT] [--json] [--stderr]\n"
           "           [--env NAME=VALUE]... [--call METHOD PARAMS_JSON]...\n"
           "           [--raw [--line TEXT]]\n"
           "           [--fake-api PATH [--fake-arg ARG]...] -- PROGRAM [ARG...]\n"
           "Without --raw: initialize, notifications/initialized, then each --call in order, one at a\n"
           "time. --fake-api starts fake-oura-api once and gives the server OURA_API_BASE_URL and\n"
           "OURA_ACCESS_TOKEN for it. Reports medians over --runs runs after --warmup unmeasured ones.\n"
           "--save writes the first measured run's answers to PREFIX1.json, PREFIX2.json, ...\n";
}

Options parse(int argc, char** argv)
{
    Options o;
    int i = 1;
    auto next = [&](const std::string& what) -> std::string {
        if (i + 1 >= argc)
            throw std::invalid_argument(what + " needs a value");
        return argv[++i];
    };
    for (; i < argc; ++i)
    {
        const std::string a = argv[i];
        if (a == "--")
        {
            for (++i; i < argc; ++i)
                o.command.emplace_back(argv[i]);
            break;
        }
        if (a == "--runs")
            o.runs = std::stoi(next(a));
        else if (a == "--warmup")
            o.warmup = std::stoi(next(a));
        else if (a == "--raw")
            o.raw = true;
        else if (a == "--line")
            o.line = next(a);
        else if (a == "--env")
            o.env.push_back(next(a));
        else if (a == "--call")
        {
            Json call = {{"method", next(a)}};
            const std::string params = next(a);
            call["params"] = Json::parse(params);
            o.calls.push_back(std::move(call));
        }
        else if (a == "--fake-api")
            o.fakeApi = next(a);
        else if (a == "--fake-arg")
            o.fakeArgs.push_back(next(a));
        else if (a == "--stderr")
            o.keepStderr = true;
        else if (a == "--save")
            o.savePrefix = next(a);
        else if (a == "--json")
            o.json = true;
        else if (a == "--label")
            o.label = next(a);
        else if (a == "--help" || a == "-h")
        {
            usage();
            std::exit(0);
        }
        else
            throw std::invalid_argument("unknown option " + a);
    }
    if (o.command.empty())
        throw std::invalid_argument("no program given after --");
    if (o.runs < 1 || o.warmup < 0)
        throw std::invalid_argument("--runs must be >= 1 and --warmup >= 0");
    return o;
}

} // namespace

int main(int argc, char** argv)
{
    Options o;
    try
    {
        o = parse(argc, argv);
    }
    catch (const std::exception& e)
    {
        std::cerr << "mcp-session-bench: " << e.what() << "\n";
        usage();
        return 2;
    }
    ::signal(SIGPIPE, SIG_IGN);
    try
    {
        std::unique_ptr<Child> fake;
        if (!o.fakeApi.empty())
        {
            std::vector<std::string> argvFake = {o.fakeApi, "--access-token", "bench-token"};
            argvFake.insert(argvFake.end(), o.fakeArgs.begin(), o.fakeArgs.end());
            fake = std::make_unique<Child>(argvFake, std::vector<std::string>{}, o.keepStderr);
            const auto hello = fake->readLine(20000);
            const Json info = hello ? Json::parse(*hello, nullptr, false) : Json();
            if (!info.is_object() || !info.contains("base_url"))
                throw std::runtime_error("fake-oura-api did not report its address");
            o.env.push_back("OURA_API_BASE_URL=" + info["base_url"].get<std::string>());
            o.env.push_back("OURA_ACCESS_TOKEN=bench-token");
        }

        std::vector<Run> runs;
        for (int r = 0; r < o.warmup + o.runs; ++r)
        {
            std::string problem;
            Run run = runOnce(o, problem);
            if (!problem.empty())
            {
                std::cerr << "mcp-session-bench: run " << r + 1 << ": " << problem << "\n";
                return 1;
            }
            if (r >= o.warmup)
                runs.push_back(std::move(run));
        }

        auto pick = [&](auto get) {
            std::vector<double> v;
            for (const Run& run : runs)
                v.push_back(get(run));
            return v;
        };
        const std::vector<double> first = pick([](const Run& r) { return r.first; });
        Json out = {{"label", o.label},
                    {"runs", o.runs},
                    {"first_ms_median", median(first)},
                    {"first_ms_min", *std::min_element(first.begin(), first.end())},
                    {"first_ms_max", *std::max_element(first.begin(), first.end())},
                    {"exit_ms_median", median(pick([](const Run& r) { return r.exit; }))},
                    {"cpu_ms_median", median(pick([](const Run& r) { return r.cpuMs; }))},
                    {"max_rss_kb_max", 0}};
        long rss = 0;
        for (const Run& run : runs)
            rss = std::max(rss, run.maxRssKb);
        out["max_rss_kb_max"] = rss;
        Json calls = Json::array();
        for (std::size_t c = 0; c < o.calls.size(); ++c)
        {
            calls.push_back({{"method", o.calls[c]["method"]},
                             {"params", o.calls[c]["params"]},
                             {"ms_median", median(pick([c](const Run& r) { return r.callMs[c]; }))},
                             {"bytes", runs.front().callBytes[c]},
                             {"text_bytes", runs.front().textBytes[c]}});
        }
        out["calls"] = std::move(calls);
        for (std::size_t c = 0; !o.savePrefix.empty() && c < runs.front().answers.size(); ++c)
        {
            const std::string path = o.savePrefix + std::to_string(c + 1) + ".json";
            std::FILE* f = std::fopen(path.c_str(), "w");
            if (!f)
                throw std::runtime_error("cannot write " + path);
            std::fputs((runs.front().answers[c] + "\n").c_str(), f);
            std::fclose(f);
        }

        if (o.json)
        {
            std::cout << out.dump() << "\n";
            return 0;
        }
        std::printf("%s (%d runs)\n", o.label.empty() ? o.command[0].c_str() : o.label.c_str(), o.runs);
        std::printf("  spawn -> first answer: median %.2f ms (min %.2f, max %.2f)\n",
                    out["first_ms_median"].get<double>(), out["first_ms_min"].get<double>(),
                    out["first_ms_max"].get<double>());
        std::printf("  spawn -> exit: median %.2f ms; child CPU median %.2f ms; peak RSS %ld KB\n",
                    out["exit_ms_median"].get<double>(), out["cpu_ms_median"].get<double>(), rss);
        for (const Json& c : out["calls"])
            std::printf("  %s %s: median %.2f ms, %zu bytes (text %zu)\n",
                        c["method"].get<std::string>().c_str(), c["params"].dump().substr(0, 120).c_str(),
                        c["ms_median"].get<double>(), c["bytes"].get<std::size_t>(),
                        c["text_bytes"].get<std::size_t>());
        return 0;
    }
    catch (const std::exception& e)
    {
        std::cerr << "mcp-session-bench: " << e.what() << "\n";
        return 1;
    }
}

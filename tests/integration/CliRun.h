#pragma once

#include "ServerProcess.h"

#include <optional>
#include <sstream>
#include <string>
#include <vector>

namespace OuraMcp::Testing {

/// One run of the oura-mcp binary as a terminal command: its exit code and everything it printed.
struct CliRun
{
    int rc = -1;
    std::string out;
    std::string err;

    std::vector<std::string> lines() const
    {
        std::vector<std::string> result;
        std::istringstream in(out);
        for (std::string line; std::getline(in, line);)
            result.push_back(line);
        return result;
    }
};

/// Runs the binary with args and exactly env (nothing inherited), stdin closed, until it exits.
inline CliRun runCli(const std::vector<std::string>& args, const ServerProcess::Env& env)
{
    ServerProcess process(binaryPath(), args, env);
    process.closeStdin();
    CliRun run;
    while (auto line = process.nextLine())
        run.out += *line + "\n";
    run.err = process.stderrUntilClosed();
    run.rc = process.waitForExit().value_or(-1);
    return run;
}

} // namespace OuraMcp::Testing

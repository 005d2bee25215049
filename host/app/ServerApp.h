#pragma once

#include "app/CommandLine.h"

#include <iosfwd>
#include <string>
#include <vector>

namespace OuraMcp::App {

/// The application: turns a CommandLine into a running configuration (settings, clock and time zone, data
/// service for the chosen mode, loaded plugins) and runs the requested command. The one place where the
/// rooms are wired together.
class ServerApp
{
public:
    static int main(int argc, char** argv);
    /// Entry point of the oura-mcp binary. Exit codes: 0 ok, 1 runtime failure, 2 usage error.

    static int run(const CommandLine& commandLine, std::ostream& out, std::ostream& err);
    /// Runs one command; `out` is used only by the human-facing commands (plugins, auth, help, version),
    /// never while serving MCP (then stdout belongs to the MCP engine).
};

} // namespace OuraMcp::App

#include "app/CommandLine.h"

#include <algorithm>
#include <stdexcept>

namespace OuraMcp::App {

CommandLine CommandLine::parse(const std::vector<std::string>& args)
{
    CommandLine cl;
    bool commandSeen = false;
    for (std::size_t i = 0; i < args.size(); ++i)
    {
        const std::string& a = args[i];
        auto value = [&](const std::string& option) -> std::string {
            if (i + 1 >= args.size())
                throw std::invalid_argument(option + " needs a value");
            return args[++i];
        };
        if (commandSeen && cl.command == Command::Auth)
        {
            cl.commandArgs.push_back(a);
            continue;
        }
        if (a == "--help" || a == "-h")
            cl.command = Command::Help;
        else if (a == "--version" || a == "-V")
            cl.command = Command::Version;
        else if (a == "--demo")
            cl.mode = Mode::Demo;
        else if (a == "--sandbox")
            cl.mode = Mode::Sandbox;
        else if (a == "--plugin-dir")
            cl.pluginDirs.push_back(value(a));
        else if (a.rfind("--plugin-dir=", 0) == 0)
            cl.pluginDirs.push_back(a.substr(13));
        else if (a == "--no-bundled-plugins")
            cl.bundledPlugins = false;
        else if (a == "--log-level")
            cl.logLevel = value(a);
        else if (a == "--config")
            cl.configFile = value(a);
        else if (!commandSeen && a == "serve")
            commandSeen = true;
        else if (!commandSeen && a == "plugins")
        {
            cl.command = Command::Plugins;
            commandSeen = true;
        }
        else if (!commandSeen && a == "auth")
        {
            cl.command = Command::Auth;
            commandSeen = true;
        }
        else
            throw std::invalid_argument("unknown argument '" + a + "' (see oura-mcp --help)");
    }
    if (cl.mode == Mode::Demo && args.end() != std::find(args.begin(), args.end(), "--sandbox"))
        throw std::invalid_argument("--demo and --sandbox exclude each other");
    return cl;
}

std::string CommandLine::usage()
{
    return R"(oura-mcp -- a Model Context Protocol server for the Oura Ring API v2

Usage:
  oura-mcp [serve] [options]     serve MCP over stdio (what MCP clients run)
  oura-mcp plugins [options]     list loaded plugins, their tools and scopes, and refused plugin files
  oura-mcp auth login|status|logout
                                 sign in with Oura (OAuth2), show where settings come from, sign out
  oura-mcp --help | --version

Options:
  --demo                 serve the built-in synthetic dataset (no account, no network)
  --sandbox              serve Oura's public sandbox data (network, no account)
  --plugin-dir DIR       also load plugins from DIR (repeatable; OURA_MCP_PLUGIN_PATH adds more, ':'-separated)
  --no-bundled-plugins   do not load the plugins installed with oura-mcp
  --config FILE          configuration file (default: $XDG_CONFIG_HOME/oura-mcp/config.json)
  --log-level LEVEL      debug, info, warning or error (stderr; default info)

stdout carries only MCP messages; every log line goes to stderr.
)";
}

} // namespace OuraMcp::App

#pragma once

#include <optional>
#include <string>
#include <vector>

namespace OuraMcp::App {

/// What the user asked for on the command line.
struct CommandLine
{
    enum class Command
    {
        Serve,     ///< the MCP server over stdio (default)
        Plugins,   ///< `oura-mcp plugins`: what loaded, from where, and what was refused
        Auth,      ///< `oura-mcp auth login|status|logout`
        Tools,     ///< `oura-mcp tools`: the tools, as tools/list gives them
        Call,      ///< `oura-mcp call TOOL key=value...`: one tools/call
        Resources, ///< `oura-mcp resources [read URI]`: resources/list (+ templates) or resources/read
        Doctor,    ///< `oura-mcp doctor`: check settings, token, token file, API, plugins
        Users,     ///< `oura-mcp users list|revoke ID|delete ID`: the remote server's users (the store)
        Help,
        Version
    };
    enum class Mode
    {
        Live,   ///< the real Oura API with the user's credentials (default)
        Demo,   ///< --demo: the synthetic dataset, in-process
        Sandbox ///< --sandbox: Oura's public sandbox routes, no token
    };

    Command command = Command::Serve;
    Mode mode = Mode::Live;
    std::vector<std::string> pluginDirs; ///< --plugin-dir DIR (repeatable), in order
    bool bundledPlugins = true;          ///< --no-bundled-plugins turns the bundled folder off
    bool json = false;                   ///< --json: machine-readable output (tools, call, resources, doctor)
    std::optional<std::string> logLevel; ///< --log-level LEVEL
    std::optional<std::string> configFile; ///< --config FILE
    std::vector<std::string> commandArgs;  ///< the words after a sub-command (auth's, call's, resources')
    std::optional<std::string> http;       ///< --http [HOST:]PORT: serve Streamable HTTP instead of stdio
    std::optional<std::string> tlsCert;    ///< --tls-cert FILE (PEM), with --tls-key: serve https
    std::optional<std::string> tlsKey;     ///< --tls-key FILE (PEM)
    std::optional<std::string>
        publicUrl;                    ///< --public-url URL: serve --http as an OAuth-protected remote server
    std::optional<std::string> store; ///< --store LOCATION: sqlite:PATH or postgresql://… (serve, users)

    static CommandLine parse(const std::vector<std::string>& args);
    /// Throws std::invalid_argument with a message that names the bad argument. Options may come before or
    /// after the sub-command; after `auth` every word goes to commandArgs, and after `--` every word does.

    static std::string usage();
};

} // namespace OuraMcp::App

#include "app/CommandLine.h"

#include <map>
#include <stdexcept>

namespace OuraMcp::App {

namespace {

const std::map<std::string, CommandLine::Command>& commandWords()
{
    static const std::map<std::string, CommandLine::Command> words = {
        {"serve", CommandLine::Command::Serve},   {"plugins", CommandLine::Command::Plugins},
        {"auth", CommandLine::Command::Auth},     {"tools", CommandLine::Command::Tools},
        {"call", CommandLine::Command::Call},     {"resources", CommandLine::Command::Resources},
        {"doctor", CommandLine::Command::Doctor}, {"help", CommandLine::Command::Help},
        {"users", CommandLine::Command::Users}};
    return words;
}

/// --demo-mode=VALUE, the form an MCP Bundle's boolean setting takes on the command line (the manifest passes
/// "--demo-mode=${user_config.demo_mode}"). A host that leaves the setting blank passes "" or the placeholder
/// itself; both mean "not set", as they do for the bundle's environment settings (config/Settings).
bool demoModeRequested(const std::string& value)
{
    if (value == "true")
        return true;
    if (value == "false" || value.empty() || value.rfind("${user_config.", 0) == 0)
        return false;
    throw std::invalid_argument("--demo-mode takes true or false, not '" + value + "'");
}

bool takesWords(CommandLine::Command command)
{
    return command == CommandLine::Command::Call || command == CommandLine::Command::Resources ||
           command == CommandLine::Command::Tools || command == CommandLine::Command::Users;
}

bool printsJson(CommandLine::Command command)
{
    return command == CommandLine::Command::Tools || command == CommandLine::Command::Call ||
           command == CommandLine::Command::Resources || command == CommandLine::Command::Doctor ||
           command == CommandLine::Command::Users;
}

void checkWords(const CommandLine& cl)
{
    if (cl.command == CommandLine::Command::Call && cl.commandArgs.empty())
        throw std::invalid_argument("call needs a tool name: oura-mcp call TOOL [key=value ...] "
                                    "(oura-mcp tools lists them)");
    if (cl.command == CommandLine::Command::Tools && cl.commandArgs.size() > 1)
        throw std::invalid_argument("unknown argument '" + cl.commandArgs[1] +
                                    "' (tools takes at most one tool name; see oura-mcp --help)");
    if (cl.command == CommandLine::Command::Resources && !cl.commandArgs.empty())
    {
        if (cl.commandArgs[0] != "read")
            throw std::invalid_argument("unknown resources sub-command '" + cl.commandArgs[0] +
                                        "' (use: oura-mcp resources, or oura-mcp resources read URI)");
        if (cl.commandArgs.size() != 2)
            throw std::invalid_argument("resources read needs exactly one URI, e.g. "
                                        "oura-mcp resources read oura://summary/yesterday");
    }
    if (cl.command == CommandLine::Command::Users)
    {
        const std::string verb = cl.commandArgs.empty() ? "list" : cl.commandArgs[0];
        const bool named = verb == "revoke" || verb == "delete";
        if (verb != "list" && verb != "reseal" && !named)
            throw std::invalid_argument(
                "unknown users sub-command '" + verb +
                "' (use: oura-mcp users list | revoke USER_ID | delete USER_ID | reseal)");
        if ((named && cl.commandArgs.size() != 2) || (!named && cl.commandArgs.size() > 1))
            throw std::invalid_argument(named ? "users " + verb +
                                                    " needs exactly one user id (see oura-mcp users list)"
                                              : "users " + verb + " takes no argument");
    }
}

} // namespace

CommandLine CommandLine::parse(const std::vector<std::string>& args)
{
    CommandLine cl;
    bool commandSeen = false;
    bool wordsOnly = false; // after "--": every word belongs to the sub-command
    bool jsonSeen = false;
    bool demoAsked = false; // --demo or --demo-mode=true, in either order with --sandbox
    bool sandboxAsked = false;
    for (std::size_t i = 0; i < args.size(); ++i)
    {
        const std::string& a = args[i];
        auto value = [&](const std::string& option) -> std::string {
            if (i + 1 >= args.size())
                throw std::invalid_argument(option + " needs a value");
            return args[++i];
        };
        if (wordsOnly || (commandSeen && cl.command == Command::Auth))
        {
            cl.commandArgs.push_back(a);
            continue;
        }
        if (a == "--help" || a == "-h")
            cl.command = Command::Help;
        else if (a == "--version" || a == "-V")
            cl.command = Command::Version;
        else if (a == "--demo")
            demoAsked = true;
        else if (a.rfind("--demo-mode=", 0) == 0)
        {
            if (demoModeRequested(a.substr(12)))
                demoAsked = true;
        }
        else if (a == "--demo-mode")
            throw std::invalid_argument("--demo-mode needs a value: --demo-mode=true or --demo-mode=false");
        else if (a == "--sandbox")
            sandboxAsked = true;
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
        else if (a == "--json")
            jsonSeen = true;
        else if (a == "--http")
            cl.http = value(a);
        else if (a.rfind("--http=", 0) == 0)
            cl.http = a.substr(7);
        else if (a == "--tls-cert")
            cl.tlsCert = value(a);
        else if (a == "--tls-key")
            cl.tlsKey = value(a);
        else if (a == "--public-url")
            cl.publicUrl = value(a);
        else if (a == "--store")
            cl.store = value(a);
        else if (a == "--" && commandSeen && takesWords(cl.command))
            wordsOnly = true;
        else if (!commandSeen && commandWords().count(a) != 0)
        {
            commandSeen = true;
            if (cl.command != Command::Help && cl.command != Command::Version)
                cl.command = commandWords().at(a);
        }
        else if (commandSeen && takesWords(cl.command) && (a.empty() || a[0] != '-'))
            cl.commandArgs.push_back(a);
        else
            throw std::invalid_argument("unknown argument '" + a + "' (see oura-mcp --help)");
    }
    if (demoAsked && sandboxAsked)
        throw std::invalid_argument("--demo and --sandbox exclude each other");
    if (demoAsked)
        cl.mode = Mode::Demo;
    else if (sandboxAsked)
        cl.mode = Mode::Sandbox;
    if (cl.command == Command::Help || cl.command == Command::Version)
        return cl;
    if ((cl.http || cl.tlsCert || cl.tlsKey) && cl.command != Command::Serve)
        throw std::invalid_argument("--http, --tls-cert and --tls-key apply to serve only");
    if (cl.tlsCert.has_value() != cl.tlsKey.has_value())
        throw std::invalid_argument("--tls-cert and --tls-key go together");
    if (cl.tlsCert && !cl.http)
        throw std::invalid_argument("--tls-cert and --tls-key need --http [HOST:]PORT");
    if (cl.publicUrl && !((cl.command == Command::Serve && cl.http) || cl.command == Command::Doctor))
        throw std::invalid_argument("--public-url applies to serve --http and doctor only");
    if (cl.store && cl.command != Command::Serve && cl.command != Command::Users &&
        cl.command != Command::Doctor)
        throw std::invalid_argument("--store applies to serve --http, users and doctor only");
    if (jsonSeen && !printsJson(cl.command))
        throw std::invalid_argument("--json applies to tools, call, resources and doctor only");
    cl.json = jsonSeen;
    checkWords(cl);
    return cl;
}

std::string CommandLine::usage()
{
    return R"(oura-mcp -- a Model Context Protocol server for the Oura Ring API v2

Usage:
  oura-mcp [serve] [options]          serve MCP over stdio (what MCP clients run)
  oura-mcp serve --http [HOST:]PORT   serve MCP over Streamable HTTP at http://HOST:PORT/mcp (HOST defaults to
                                      127.0.0.1; PORT 0 picks a free one; see "Connect a remote client")
  oura-mcp tools [--json]             list the tools (name and first sentence of the description)
  oura-mcp tools TOOL [--json]        one tool in full: description and parameters
  oura-mcp call TOOL [key=value ...] [--json]
                                      call one tool and print its result
  oura-mcp resources [--json]         list the resources and resource templates
  oura-mcp resources read URI [--json]
                                      read one resource and print its text
  oura-mcp doctor [--json]            check settings, token, token file, API access and plugins
  oura-mcp plugins [options]          list loaded plugins, their tools and scopes, and refused plugin files
  oura-mcp auth login|status|logout   sign in with Oura (OAuth2), show where settings come from, sign out
  oura-mcp users list|revoke ID|delete ID|reseal
                                      the remote server's users: list them (pseudonymous ids), take every
                                      client's access away, delete them with their Oura tokens, or reseal
                                      every Oura token with the current store key (after a key rotation)
  oura-mcp --help | --version

Options (before or after the command):
  --demo                 use the built-in synthetic dataset (no account, no network)
  --demo-mode=true|false the same as --demo when true (the form MCP Bundle hosts pass)
  --sandbox              use Oura's public sandbox data (network, no account)
  --plugin-dir DIR       also load plugins from DIR (repeatable; OURA_MCP_PLUGIN_PATH adds more, separated by ':', on Windows ';')
  --no-bundled-plugins   do not load the plugins installed with oura-mcp
  --config FILE          configuration file (default: $XDG_CONFIG_HOME/oura-mcp/config.json)
  --log-level LEVEL      debug, info, warning or error (stderr; default info)
  --json                 tools, call, resources, doctor: print JSON (the MCP result) instead of text
  --http [HOST:]PORT     serve: Streamable HTTP instead of stdio. A non-loopback HOST needs authentication:
                         --public-url (OAuth), or a bearer token (OURA_MCP_HTTP_TOKEN[_FILE])
  --tls-cert FILE, --tls-key FILE
                         serve --http: https with this PEM certificate chain and private key
  --public-url URL       serve --http: be a remote, multi-user server at this https URL: MCP clients sign
                         people in with OAuth (through your Oura app, OURA_CLIENT_ID/OURA_CLIENT_SECRET);
                         see docs/deployment.md
  --store LOCATION       serve --http --public-url, users: sqlite:PATH (default: the state folder's
                         users.db) or postgresql://... for several replicas

Tool arguments (call):
  key=value              value read as JSON if it is JSON (7, true, ["hrv"], "text"), else as a string;
                         a parameter whose schema type is string always gets the text as it is, and an
                         array parameter also accepts a comma-separated list (include=hrv,spo2)
  key:=JSON              value must be JSON
  --                     every later word is a tool argument or URI, even if it starts with '-'

tools, call and resources go through the same MCP request handling as the server (argument and result
schemas, error messages). Exit codes: 0 ok, 1 the tool or check failed (message on stderr), 2 usage error
(unknown command, tool or resource, malformed key=value).

Examples:
  oura-mcp --demo tools
  oura-mcp tools get_daily_sleep
  oura-mcp call get_daily_sleep start_date=yesterday
  oura-mcp call get_heartrate start_datetime="last 3 days" resolution=hour --json
  oura-mcp call get_sleep_periods start_date=yesterday include='["hrv"]'
  oura-mcp resources read oura://summary/yesterday
  oura-mcp doctor

stdout carries only MCP messages (serve) or the command's output; every log line goes to stderr.
)";
}

} // namespace OuraMcp::App

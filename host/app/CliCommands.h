#pragma once

#include "util/Json.h"

#include <iosfwd>
#include <string>
#include <vector>

namespace OuraMcp::App {

class InProcessClient;

/// `oura-mcp tools`, `oura-mcp call` and `oura-mcp resources`: the MCP methods for people at a terminal.
/// Every command is one or more MCP requests through an InProcessClient, so the answers (and the errors)
/// are exactly those an MCP client gets. Output goes to `out` (the command's result only) and problems to
/// `err`. Return values are exit codes: 0 ok, 1 the tool or read failed, 2 usage error.
class CliCommands
{
public:
    CliCommands(InProcessClient& client, bool json, std::ostream& out, std::ostream& err);

    int tools(const std::vector<std::string>& words = {});
    /// words {}: name and first sentence of every tool's description; --json: the tools/list result.
    /// words {TOOL}: that tool's whole description and its parameters (type, default, required,
    /// description) and an example call; --json: the Tool object. An unknown name is a usage error (2).

    int call(const std::vector<std::string>& words);
    /// words: TOOL key=value... Prints the result's text content (isError: to err, exit 1); --json: the
    /// whole CallToolResult. An unknown tool or a malformed argument is a usage error (2).

    int resources(const std::vector<std::string>& words);
    /// words: {} lists resources and templates; {"read", URI} prints the resource's text.

    static Json parseArguments(const std::vector<std::string>& words, const Json& inputSchema);
    /// key=value and key:=JSON words to an arguments object. key=value: a property whose schema type is
    /// "string" gets the text as is; otherwise the value is JSON if it parses as JSON, an array property
    /// also takes a comma-separated list, and anything else is a string. Throws std::invalid_argument
    /// naming the bad word (no '=', empty key, key given twice, key:= with invalid JSON).

    static std::string firstLine(const std::string& text);
    /// The first line of a description, cut after its first sentence, trimmed.

private:
    int describeTool(const Json& tool);
    int protocolFailure(const std::string& what, int code, const std::string& message);
    void printContent(const Json& blocks, std::ostream& to) const;

    InProcessClient& _client;
    bool _json;
    std::ostream& _out;
    std::ostream& _err;
};

} // namespace OuraMcp::App

#include "app/CliCommands.h"

#include "app/InProcessClient.h"
#include "mcp/ProtocolError.h"

#include <algorithm>
#include <map>
#include <ostream>
#include <set>
#include <stdexcept>

namespace OuraMcp::App {

namespace {

using Mcp::ProtocolError;

/// The schema's type names for one property ("string", "array", ...); empty when it declares none.
std::set<std::string> propertyTypes(const Json& inputSchema, const std::string& key)
{
    std::set<std::string> types;
    if (!inputSchema.is_object())
        return types;
    auto properties = inputSchema.find("properties");
    if (properties == inputSchema.end() || !properties->is_object())
        return types;
    auto property = properties->find(key);
    if (property == properties->end() || !property->is_object())
        return types;
    auto type = property->find("type");
    if (type != property->end() && type->is_string())
        types.insert(type->get<std::string>());
    else if (type != property->end() && type->is_array())
    {
        for (const auto& t : *type)
        {
            if (t.is_string())
                types.insert(t.get<std::string>());
        }
    }
    return types;
}

Json splitList(const std::string& text)
{
    Json items = Json::array();
    std::size_t start = 0;
    while (start <= text.size())
    {
        std::size_t comma = text.find(',', start);
        if (comma == std::string::npos)
            comma = text.size();
        std::string item = text.substr(start, comma - start);
        item.erase(0, item.find_first_not_of(' '));
        item.erase(item.find_last_not_of(' ') + 1);
        if (!item.empty())
            items.push_back(item);
        start = comma + 1;
    }
    return items;
}

Json valueFor(const std::string& key, const std::string& text, const Json& inputSchema)
{
    const auto types = propertyTypes(inputSchema, key);
    // A date such as 2024 or a word such as null stays the text the user typed where the tool wants text.
    if (types.count("string") != 0)
        return text;
    Json parsed = Json::parse(text, nullptr, false);
    if (!parsed.is_discarded())
        return parsed;
    if (types.count("array") != 0)
        return splitList(text);
    return text;
}

/// Text that is a JSON object or array, indented for reading; anything else unchanged.
std::string readable(const std::string& text)
{
    if (text.empty() || (text[0] != '{' && text[0] != '['))
        return text;
    Json parsed = Json::parse(text, nullptr, false);
    return parsed.is_discarded() ? text : parsed.dump(2);
}

std::string paddedName(const std::string& name, std::size_t width)
{
    return "  " + name + std::string(width > name.size() ? width - name.size() : 0, ' ') + "  ";
}

} // namespace

CliCommands::CliCommands(InProcessClient& client, bool json, std::ostream& out, std::ostream& err)
    : _client(client), _json(json), _out(out), _err(err)
{}

std::string CliCommands::firstLine(const std::string& text)
{
    std::string line = text.substr(0, text.find('\n'));
    // Descriptions written for language models are one long paragraph: keep its first sentence (a ". "
    // outside parentheses, so "(e.g. alcohol)" does not end it).
    int depth = 0;
    for (std::size_t i = 0; i + 1 < line.size(); ++i)
    {
        depth += line[i] == '(' ? 1 : line[i] == ')' ? -1 : 0;
        if (depth <= 0 && line[i] == '.' && line[i + 1] == ' ')
        {
            line.resize(i + 1);
            break;
        }
    }
    line.erase(0, line.find_first_not_of(" \t"));
    line.erase(line.find_last_not_of(" \t\r") + 1);
    return line;
}

Json CliCommands::parseArguments(const std::vector<std::string>& words, const Json& inputSchema)
{
    Json arguments = Json::object();
    for (const auto& word : words)
    {
        const auto eq = word.find('=');
        if (eq == std::string::npos)
            throw std::invalid_argument("tool argument '" + word +
                                        "' is not key=value (or key:=JSON), e.g. start_date=yesterday");
        const bool rawJson = eq > 0 && word[eq - 1] == ':';
        const std::string key = word.substr(0, rawJson ? eq - 1 : eq);
        const std::string text = word.substr(eq + 1);
        if (key.empty())
            throw std::invalid_argument("tool argument '" + word + "' has no name before '='");
        if (arguments.contains(key))
            throw std::invalid_argument("tool argument '" + key + "' is given twice");
        if (rawJson)
        {
            Json parsed = Json::parse(text, nullptr, false);
            if (parsed.is_discarded())
                throw std::invalid_argument("tool argument '" + key + ":=' needs a JSON value, got '" + text +
                                            "' (for text use " + key + "=...)");
            arguments[key] = std::move(parsed);
        }
        else
            arguments[key] = valueFor(key, text, inputSchema);
    }
    return arguments;
}

int CliCommands::protocolFailure(const std::string& what, int code, const std::string& message)
{
    _err << "oura-mcp: " << what << ": " << message << "\n";
    // Unknown names and bad parameters are the caller's mistake; anything else is a failure.
    const bool usage = code == ProtocolError::InvalidParams || code == ProtocolError::MethodNotFound ||
                       code == ProtocolError::LegacyResourceNotFound;
    return usage ? 2 : 1;
}

void CliCommands::printContent(const Json& blocks, std::ostream& to) const
{
    if (!blocks.is_array())
        return;
    for (const auto& block : blocks)
    {
        const std::string type = block.value("type", std::string());
        if (type == "text")
            to << readable(block.value("text", std::string())) << "\n";
        else if (block.contains("text") && block["text"].is_string()) // resource contents
            to << readable(block["text"].get<std::string>()) << "\n";
        else
            to << "[" << (type.empty() ? "binary" : type) << " content"
               << (block.contains("mimeType") ? ", " + block.value("mimeType", std::string()) : std::string())
               << "; use --json to see it]\n";
    }
}

int CliCommands::tools(const std::vector<std::string>& words)
{
    std::vector<Json> tools = _client.listAll("tools/list", "tools");
    if (!words.empty())
    {
        for (const auto& tool : tools)
        {
            if (tool.value("name", std::string()) == words[0])
                return describeTool(tool);
        }
        _err << "oura-mcp: unknown tool '" << words[0] << "' (oura-mcp tools lists them)\n";
        return 2;
    }
    if (_json)
    {
        _out << Json{{"tools", tools}}.dump(2) << "\n";
        return 0;
    }
    std::size_t width = 0;
    for (const auto& tool : tools)
        width = std::max(width, tool.value("name", std::string()).size());
    for (const auto& tool : tools)
        _out << paddedName(tool.value("name", std::string()), width)
             << firstLine(tool.value("description", std::string())) << "\n";
    return 0;
}

int CliCommands::describeTool(const Json& tool)
{
    if (_json)
    {
        _out << tool.dump(2) << "\n";
        return 0;
    }
    const std::string name = tool.value("name", std::string());
    const std::string title = tool.value("title", std::string());
    _out << name << (title.empty() ? "" : " -- " + title) << "\n\n"
         << tool.value("description", std::string()) << "\n\nParameters:\n";
    const Json schema = tool.value("inputSchema", Json::object());
    const Json properties = schema.value("properties", Json::object());
    const Json required = schema.value("required", Json::array());
    if (properties.empty())
        _out << "  (none)\n";
    for (const auto& [key, property] : properties.items())
    {
        std::string type = property.contains("type")   ? property["type"].dump()
                           : property.contains("enum") ? std::string("one of")
                                                       : std::string("any");
        type.erase(std::remove(type.begin(), type.end(), '"'), type.end());
        if (type == "array" && property.contains("items") && property["items"].contains("enum"))
            type += " of " + property["items"]["enum"].dump();
        else if (property.contains("enum"))
            type += " " + property["enum"].dump();
        const bool isRequired = std::find(required.begin(), required.end(), key) != required.end();
        _out << "  " << key << " (" << type << (isRequired ? ", required" : "") << ")\n";
        const std::string description = property.value("description", std::string());
        if (!description.empty())
            _out << "      " << description << "\n";
    }
    _out << "\nExample: oura-mcp call " << name;
    for (const auto& [key, property] : properties.items())
    {
        if (property.contains("default"))
        {
            const Json& value = property["default"];
            const std::string text = value.is_string() ? value.get<std::string>() : value.dump();
            _out << " " << key << "=" << (text.find(' ') == std::string::npos ? text : "'" + text + "'");
        }
    }
    _out << "\n";
    return 0;
}

int CliCommands::call(const std::vector<std::string>& words)
{
    const std::string& name = words.at(0);
    Json schema = Json::object();
    for (const auto& tool : _client.listAll("tools/list", "tools"))
    {
        if (tool.value("name", std::string()) == name)
            schema = tool.value("inputSchema", Json::object());
    }
    Json arguments;
    try
    {
        arguments = parseArguments(std::vector<std::string>(words.begin() + 1, words.end()), schema);
    }
    catch (const std::invalid_argument& e)
    {
        _err << "oura-mcp: " << e.what() << "\n";
        return 2;
    }
    // An unknown tool is left to the engine, so the message is the one MCP clients get.
    Json response = _client.request("tools/call", {{"name", name}, {"arguments", arguments}});
    if (response.contains("error"))
    {
        const Json& error = response["error"];
        return protocolFailure(name, error.value("code", 0), error.value("message", std::string()));
    }
    const Json& result = response["result"];
    const bool failed = result.value("isError", false);
    if (_json)
        _out << result.dump(2) << "\n";
    else
        printContent(result.value("content", Json::array()), failed ? _err : _out);
    return failed ? 1 : 0;
}

int CliCommands::resources(const std::vector<std::string>& words)
{
    if (words.empty())
    {
        std::vector<Json> resources = _client.listAll("resources/list", "resources");
        std::vector<Json> templates = _client.listAll("resources/templates/list", "resourceTemplates");
        if (_json)
        {
            _out << Json{{"resources", resources}, {"resourceTemplates", templates}}.dump(2) << "\n";
            return 0;
        }
        std::size_t width = 0;
        for (const auto& r : resources)
            width = std::max(width, r.value("uri", std::string()).size());
        for (const auto& t : templates)
            width = std::max(width, t.value("uriTemplate", std::string()).size());
        auto describe = [](const Json& item) {
            const std::string line = firstLine(item.value("description", std::string()));
            return line.empty() ? item.value("title", item.value("name", std::string())) : line;
        };
        _out << "Resources (oura-mcp resources read URI):\n";
        for (const auto& r : resources)
            _out << paddedName(r.value("uri", std::string()), width) << describe(r) << "\n";
        _out << "Resource templates (fill in the {placeholders}):\n";
        for (const auto& t : templates)
            _out << paddedName(t.value("uriTemplate", std::string()), width) << describe(t) << "\n";
        return 0;
    }
    const std::string& uri = words.at(1);
    Json response = _client.request("resources/read", {{"uri", uri}});
    if (response.contains("error"))
    {
        const Json& error = response["error"];
        return protocolFailure(uri, error.value("code", 0), error.value("message", std::string()));
    }
    const Json& result = response["result"];
    if (_json)
        _out << result.dump(2) << "\n";
    else
        printContent(result.value("contents", Json::array()), _out);
    return 0;
}

} // namespace OuraMcp::App

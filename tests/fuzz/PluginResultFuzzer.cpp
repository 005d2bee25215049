// libFuzzer target: what the host does with what a plugin hands it. The first input byte picks the path:
//   0..4  a handler of the script plugin (tests/fuzz/script_plugin.c) runs the rest of the input as its
//         script of result_text / result_json / result_error / result_message / return-status calls, through
//         the real loader, HostApi and PluginCatalog: tool with an output schema, tool without, resource
//         template, composite section, prompt
//   5     SchemaValidator: a schema and a value (JSON texts separated by the first newline)
//   6     UriTemplate: a template and a URI (separated by the first newline), and URI validation
//   7     Registrar: a tool, a resource (template) and a prompt descriptor made of fuzzed fields
// Oracles besides the sanitizers: tools/call never throws and answers a CallToolResult; structuredContent
// that reaches a client always conforms to the tool's output schema; resources answer contents and
// prompts answer messages (or a ProtocolError); registration refuses with a reason instead of throwing.
#include "catalog/PluginCatalog.h"
#include "loader/PluginHandles.h"
#include "loader/PluginLoader.h"
#include "loader/Registrar.h"
#include "mcp/JsonReader.h"
#include "mcp/ProtocolError.h"
#include "util/Log.h"
#include "util/SchemaValidator.h"
#include "util/UriTemplate.h"

#include <fuzzer/FuzzedDataProvider.h>

#include <cstdio>
#include <cstdlib>
#include <memory>

namespace {

using namespace OuraMcp;

void require(bool condition)
{
    if (!condition)
        std::abort();
}

class QuietContext : public Mcp::RequestContext
{
public:
    bool cancelled() const override { return false; }
    void progress(double, double, const std::string&) override {}
    void log(Util::Log::Level, const std::string&, const std::string&) override {}
};

Catalog::PluginCatalog& registry()
{
    static const std::unique_ptr<Catalog::PluginCatalog> loaded = [] {
        Loader::LoaderOptions options;
        options.directories.push_back(OURA_MCP_FUZZ_PLUGIN_DIR);
        Loader::PluginLoader loader{Loader::HostServices{}};
        auto r = std::make_unique<Catalog::PluginCatalog>(loader.load(options));
        if (r->tools().size() != 2)
        {
            std::fprintf(stderr, "the script plugin did not load from %s\n", OURA_MCP_FUZZ_PLUGIN_DIR);
            std::abort();
        }
        return r;
    }();
    return *loaded;
}

const Json& structuredOutputSchema()
{
    static const Json schema = [] {
        for (const auto& tool : registry().tools())
        {
            if (tool["name"] == "structured")
                return tool["outputSchema"];
        }
        std::abort();
    }();
    return schema;
}

std::string hex(const uint8_t* data, std::size_t size)
{
    static const char digits[] = "0123456789abcdef";
    std::string out;
    out.reserve(size * 2);
    for (std::size_t i = 0; i < size; ++i)
    {
        out += digits[data[i] >> 4];
        out += digits[data[i] & 15];
    }
    return out;
}

void checkToolResult(const Json& result, bool structured)
{
    require(result.is_object() && result.contains("content") && result["content"].is_array());
    const bool isError = result.value("isError", false);
    if (result.contains("structuredContent"))
    {
        require(!isError);
        if (structured)
            require(!Util::SchemaValidator::validate(structuredOutputSchema(), result["structuredContent"],
                                                     "structuredContent"));
    }
    else if (structured)
        require(isError); // a tool with an output schema must send structuredContent on success
    result.dump(-1, ' ', false, Json::error_handler_t::replace);
}

void runHandler(int path, const std::string& script)
{
    QuietContext ctx;
    auto& plugins = registry();
    const Json args{{"hex", script}};
    try
    {
        switch (path)
        {
        case 0:
        case 1:
        {
            const auto result = plugins.callTool(path == 0 ? "structured" : "plain", args, ctx);
            require(result.has_value());
            checkToolResult(*result, path == 0);
            break;
        }
        case 2:
        case 3:
        {
            const auto result = plugins.readResource(
                std::string(path == 2 ? "fuzz://script/" : "fuzz://section/") + script, ctx);
            // nullopt: no such resource (an empty variable, or the handler said OMCP_E_NOT_FOUND).
            if (result)
                require(result->contains("contents") && (*result)["contents"].is_array());
            break;
        }
        default:
        {
            const auto result = plugins.getPrompt("script", args, ctx);
            require(result && result->contains("messages") && (*result)["messages"].is_array());
            break;
        }
        }
    }
    catch (const Mcp::ProtocolError&)
    {
        require(path >= 2); // resources and prompts may refuse with a JSON-RPC error; tools never throw
    }
}

std::optional<Json> parseBounded(const std::string& text)
{
    try
    {
        return Mcp::JsonReader::parse(text, 32); // what clients can send is depth-limited the same way
    }
    catch (const Mcp::ProtocolError&)
    {
        return std::nullopt;
    }
}

void schemaValidator(const std::string& input)
{
    // Patterns are compiled by std::regex, whose own limits are not the host's to fuzz.
    if (input.find("pattern") != std::string::npos)
        return;
    const auto split = input.find('\n');
    const auto schema = parseBounded(input.substr(0, split));
    const auto value = parseBounded(split == std::string::npos ? "null" : input.substr(split + 1));
    if (!schema || !value || Util::SchemaValidator::checkSchema(*schema))
        return;
    Util::SchemaValidator::validate(*schema, *value, "arguments", "structuredContent.");
}

void uriTemplate(const std::string& input)
{
    const auto split = input.find('\n');
    std::string error;
    std::string uri = split == std::string::npos ? std::string() : input.substr(split + 1);
    Util::UriTemplate::isValidUri(uri, error);
    const auto parsed = Util::UriTemplate::parse(input.substr(0, split), error);
    if (!parsed)
    {
        require(!error.empty());
        return;
    }
    require(!parsed->variables().empty());
    std::map<std::string, std::string> variables;
    if (parsed->match(uri, variables))
        require(variables.size() == parsed->variables().size());
}

void registrar(FuzzedDataProvider& in)
{
    omcp_host host;
    host.id = "scratch";
    host.scopes = {"daily", "heartrate"};
    const Loader::NameIndex taken{
        {{"taken_tool", "other"}}, {{"taken_prompt", "other"}}, {{"fuzz://taken", "other"}}, {}, {}, {}};
    host.taken = &taken;
    std::vector<std::string> texts;
    for (int i = 0; i < 8; ++i)
        texts.push_back(in.ConsumeRandomLengthString(256));
    for (const auto& t : texts)
    {
        if (t.find("pattern") != std::string::npos) // see schemaValidator()
            return;
    }
    auto field = [&](std::size_t i) { return in.ConsumeBool() ? nullptr : texts[i].c_str(); };

    omcp_tool_desc tool{};
    tool.struct_size = in.ConsumeBool() ? sizeof tool : in.ConsumeIntegralInRange<uint32_t>(0, sizeof tool);
    tool.flags = in.ConsumeIntegral<uint32_t>() & 0x1F;
    tool.name = field(0);
    tool.title = field(1);
    tool.description = field(2);
    tool.input_schema_json = field(3);
    tool.output_schema_json = field(4);
    tool.required_scope = field(5);
    omcp_tool_fn handler = [](void*, omcp_call*, const char*, size_t) -> omcp_status { return OMCP_OK; };
    tool.handler = in.ConsumeBool() ? handler : nullptr;
    const auto toolStatus = Loader::Registrar::addTool(host, in.ConsumeBool() ? &tool : nullptr);
    require(toolStatus == OMCP_OK || !host.lastRegistrationError.empty());

    omcp_resource_desc resource{};
    resource.struct_size = sizeof resource;
    resource.flags = in.ConsumeIntegral<uint32_t>() & 3;
    resource.uri = field(6);
    resource.name = field(0);
    resource.title = field(1);
    resource.mime_type = field(7);
    resource.handler =
        +[](void*, omcp_call*, const char*, size_t, const char*, size_t) -> omcp_status { return OMCP_OK; };
    Loader::Registrar::addResource(host, &resource, in.ConsumeBool());

    std::vector<const char*> completions{field(1), field(2), nullptr};
    omcp_prompt_argument arguments[2]{};
    arguments[0].name = field(3);
    arguments[0].flags = in.ConsumeIntegral<uint32_t>() & 3; // bit 1 is unknown to the host
    arguments[0].completions = in.ConsumeBool() ? completions.data() : nullptr;
    arguments[1].name = field(4);
    arguments[1].reserved = in.ConsumeIntegral<uint32_t>() & 1;
    omcp_prompt_desc prompt{};
    prompt.struct_size = sizeof prompt;
    prompt.flags = in.ConsumeIntegral<uint32_t>() & 1;
    prompt.name = field(0);
    prompt.description = field(2);
    prompt.arguments = in.ConsumeBool() ? arguments : nullptr;
    prompt.argument_count = in.ConsumeIntegralInRange<std::size_t>(0, prompt.arguments ? 2 : 3);
    prompt.handler = +[](void*, omcp_call*, const char*, size_t) -> omcp_status { return OMCP_OK; };
    const auto promptStatus = Loader::Registrar::addPrompt(host, &prompt);
    require(promptStatus == OMCP_OK || !host.lastRegistrationError.empty());
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***)
{
    Util::Log::setLevel(Util::Log::Level::Error);
    structuredOutputSchema(); // load the plugin before the first input
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size)
{
    if (size == 0)
        return 0;
    const int path = data[0] % 8;
    if (path <= 4)
        runHandler(path, hex(data + 1, size - 1));
    else if (path == 5)
        schemaValidator(std::string(reinterpret_cast<const char*>(data + 1), size - 1));
    else if (path == 6)
        uriTemplate(std::string(reinterpret_cast<const char*>(data + 1), size - 1));
    else
    {
        FuzzedDataProvider in(data + 1, size - 1);
        registrar(in);
    }
    return 0;
}

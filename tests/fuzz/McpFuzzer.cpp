// libFuzzer target: the MCP engine from the first input byte to the last output line. The fuzz input is
// exactly what a client writes to the server's stdin (any bytes, any number of lines); Server::run reads it
// with the real LineReader, parses with JsonReader, dispatches through MessageDispatcher/RequestHandler to
// a small in-memory catalog and writes through OutputWriter. Besides the sanitizers, the oracle is the
// stdio framing rule: every output line must be one JSON-RPC object (or a batch array of them).
#include "mcp/Catalog.h"
#include "mcp/ProtocolError.h"
#include "mcp/Server.h"
#include "util/Log.h"

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <sys/mman.h>
#include <unistd.h>

namespace {

using namespace OuraMcp;

/// A catalog whose handlers are quick and deterministic, honouring the Catalog contract: tool failures are
/// isError results, unreadable resources and bad prompt arguments are ProtocolErrors.
class FuzzCatalog : public Mcp::Catalog
{
public:
    std::vector<Json> tools() const override
    {
        Json object{{"type", "object"}, {"properties", {{"text", {{"type", "string"}}}}}};
        return {Json{{"name", "echo"}, {"description", "Echoes text"}, {"inputSchema", object}},
                Json{{"name", "fail"}, {"description", "Always an error result"}, {"inputSchema", object}}};
    }
    std::optional<Json> callTool(const std::string& name, const Json& arguments,
                                 Mcp::RequestContext& ctx) override
    {
        if (name != "echo" && name != "fail")
            return std::nullopt;
        const auto text = arguments.contains("text") && arguments["text"].is_string()
                              ? arguments["text"].get<std::string>()
                              : arguments.dump(-1, ' ', false, Json::error_handler_t::replace);
        ctx.progress(1, 2, "half way");
        ctx.log(Util::Log::Level::Info, "fuzz", "called " + name);
        Json result{{"content", Json::array({Json{{"type", "text"}, {"text", text}}})}};
        if (name == "fail")
            result["isError"] = true;
        else
            result["structuredContent"] = Json{{"arguments", arguments}};
        return result;
    }
    std::vector<Json> resources() const override
    {
        return {Json{{"uri", "fuzz://static"}, {"name", "static"}, {"mimeType", "text/plain"}},
                Json{{"uri", "fuzz://busy"}, {"name", "busy"}}};
    }
    std::vector<Json> resourceTemplates() const override
    {
        return {Json{{"uriTemplate", "fuzz://item/{id}"}, {"name", "item"}}};
    }
    std::optional<Json> readResource(const std::string& uri, Mcp::RequestContext&) override
    {
        static const std::string item = "fuzz://item/";
        if (uri == "fuzz://busy")
            throw Mcp::ProtocolError(Mcp::ProtocolError::InternalError, "busy now");
        if (uri != "fuzz://static" && uri.compare(0, item.size(), item) != 0)
            return std::nullopt;
        return Json{{"contents", Json::array({Json{{"uri", uri}, {"text", uri.substr(6)}}})}};
    }
    std::vector<Json> prompts() const override
    {
        return {Json{{"name", "greet"},
                     {"arguments", Json::array({Json{{"name", "name"}, {"required", true}}})}}};
    }
    std::optional<Json> getPrompt(const std::string& name, const Json& arguments,
                                  Mcp::RequestContext&) override
    {
        if (name != "greet")
            return std::nullopt;
        if (!arguments.is_object() || !arguments.contains("name") || !arguments["name"].is_string())
            throw Mcp::ProtocolError(Mcp::ProtocolError::InvalidParams, "name is required");
        const auto who = arguments["name"].get<std::string>();
        return Json{
            {"messages", Json::array({Json{{"role", "user"},
                                           {"content", {{"type", "text"}, {"text", "Greet " + who}}}}})}};
    }
    Json complete(const Json&, const std::string&, const std::string& value, const Json&) override
    {
        Json values = Json::array();
        for (const char* name : {"Alice", "Albert", "Bob"})
        {
            if (std::string(name).compare(0, value.size(), value) == 0)
                values.push_back(name);
        }
        return Json{{"values", values}, {"total", values.size()}, {"hasMore", false}};
    }
};

/// An anonymous in-memory file: reads never block and writes never wait for a reader.
int memoryFile(const char* name)
{
    const int fd = ::memfd_create(name, MFD_CLOEXEC);
    if (fd < 0)
    {
        std::perror("memfd_create");
        std::abort();
    }
    return fd;
}

void checkOutputLine(const std::string& line)
{
    const Json message = Json::parse(line); // throws (and so fails the run) on anything but JSON
    auto check = [](const Json& m) {
        if (!m.is_object() || m.value("jsonrpc", "") != "2.0")
            std::abort();
    };
    if (message.is_array())
    {
        if (message.empty())
            std::abort();
        for (const auto& m : message)
            check(m);
    }
    else
        check(message);
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***)
{
    Util::Log::setLevel(
        Util::Log::Level::Error); // the engine's debug and warning lines would drown the fuzzer's
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size)
{
    static FuzzCatalog catalog;
    Mcp::ServerOptions options;
    options.workerThreads = 1;
    options.maxMessageBytes = 4096; // small enough that the fuzzer reaches the oversize path
    options.maxJsonDepth = 16;
    options.pageSize = 1;                                    // every list paginates
    options.shutdownGrace = std::chrono::milliseconds(1000); // quick handlers: every result is written
    options.eofDrain = std::chrono::milliseconds(1000);

    const int in = memoryFile("fuzz-in");
    const int out = memoryFile("fuzz-out");
    if (size > 0 && ::write(in, data, size) != static_cast<ssize_t>(size))
        std::abort();
    ::lseek(in, 0, SEEK_SET);
    {
        Mcp::Server server(catalog, Mcp::ServerInfo{"fuzz", "1.0", "Fuzz", "", "Be quick."}, options);
        server.run(in, out);
    }

    std::string output;
    ::lseek(out, 0, SEEK_SET);
    char buffer[65536];
    ssize_t n;
    while ((n = ::read(out, buffer, sizeof buffer)) > 0)
        output.append(buffer, static_cast<std::size_t>(n));
    ::close(in);
    ::close(out);

    std::size_t start = 0;
    while (start < output.size())
    {
        const auto end = output.find('\n', start);
        if (end == std::string::npos)
            std::abort(); // every message ends with a newline
        checkOutputLine(output.substr(start, end - start));
        start = end + 1;
    }
    return 0;
}

#include "FakeCatalog.h"

#include "mcp/ProtocolError.h"

#include <stdexcept>

namespace OuraMcp::Mcp::Test {

void Latch::open()
{
    {
        std::lock_guard<std::mutex> lock(_mutex);
        _open = true;
    }
    _condition.notify_all();
}

bool Latch::wait(std::chrono::milliseconds guard)
{
    std::unique_lock<std::mutex> lock(_mutex);
    return _condition.wait_for(lock, guard, [this] { return _open; });
}

bool Latch::isOpen()
{
    std::lock_guard<std::mutex> lock(_mutex);
    return _open;
}

void Counter::increment()
{
    {
        std::lock_guard<std::mutex> lock(_mutex);
        ++_count;
    }
    _condition.notify_all();
}

bool Counter::waitFor(int count, std::chrono::milliseconds guard)
{
    std::unique_lock<std::mutex> lock(_mutex);
    return _condition.wait_for(lock, guard, [&] { return _count >= count; });
}

FakeCatalog::FakeCatalog()
{
    const Json emptySchema = {{"type", "object"}, {"additionalProperties", false}};
    toolList.push_back(
        {{"name", "echo"},
         {"title", "Echo"},
         {"description", "Echoes text"},
         {"inputSchema", {{"type", "object"}, {"properties", {{"text", {{"type", "string"}}}}}}},
         {"outputSchema", {{"type", "object"}, {"properties", {{"echo", {{"type", "string"}}}}}}},
         {"annotations", {{"readOnlyHint", true}}},
         {"icons", Json::array({{{"src", "https://example.invalid/i.png"}}})}});
    for (const char* name : {"block", "wait_cancel", "progress", "log", "throw", "protocol_error", "bad_utf8",
                             "big", "log_many"})
        toolList.push_back({{"name", name}, {"inputSchema", emptySchema}});
    resourceList.push_back(
        {{"uri", "test://static"}, {"name", "static"}, {"title", "Static"}, {"mimeType", "text/plain"}});
    templateList.push_back({{"uriTemplate", "test://item/{id}"}, {"name", "item"}, {"title", "Item"}});
    promptList.push_back(
        {{"name", "greet"},
         {"title", "Greet"},
         {"arguments", Json::array({{{"name", "name"}, {"title", "Name"}, {"required", true}}})}});
}

Json FakeCatalog::text(const std::string& text)
{
    return {{"content", Json::array({{{"type", "text"}, {"text", text}}})}};
}

void FakeCatalog::waitIdle()
{
    std::unique_lock<std::mutex> lock(_activeMutex);
    _activeCondition.wait_for(lock, std::chrono::seconds(20), [this] { return _active == 0; });
}

std::optional<Json> FakeCatalog::callTool(const std::string& name, const Json& arguments, RequestContext& ctx)
{
    {
        std::lock_guard<std::mutex> lock(_activeMutex);
        ++_active;
    }
    struct Leave
    {
        FakeCatalog& catalog;
        ~Leave()
        {
            std::lock_guard<std::mutex> lock(catalog._activeMutex);
            --catalog._active;
            catalog._activeCondition.notify_all();
        }
    } leave{*this};
    return callToolImpl(name, arguments, ctx);
}

std::optional<Json> FakeCatalog::callToolImpl(const std::string& name, const Json& arguments,
                                              RequestContext& ctx)
{
    if (name == "echo")
    {
        const std::string value = arguments.value("text", std::string());
        Json result = text(value);
        result["structuredContent"] = {{"echo", value}};
        return result;
    }
    if (name == "block")
    {
        started.increment();
        const bool released = release.wait();
        const bool cancelled = ctx.cancelled();
        returned.increment();
        return text(std::string(released ? "released" : "guard expired") + (cancelled ? " (cancelled)" : ""));
    }
    if (name == "wait_cancel")
    {
        started.increment();
        const bool cancelled = ctx.waitForCancel(std::chrono::seconds(20));
        returned.increment();
        return text(cancelled ? "cancelled" : "not cancelled");
    }
    if (name == "progress")
    {
        ctx.progress(1, 3, "one");
        ctx.progress(1, 3, "repeated");
        ctx.progress(0.5, 3, "backwards");
        ctx.progress(2, 3, "");
        ctx.progress(3, 0, "done");
        return text("progressed");
    }
    if (name == "log")
    {
        Util::Log::debug("fake", "debug line");
        Util::Log::info("fake", "info line");
        Util::Log::warning("fake", "warning line");
        ctx.log(Util::Log::Level::Error, "fake.ctx", "context error line");
        return text("logged");
    }
    if (name == "log_many")
    {
        for (int i = 0; i < arguments.value("count", 1); ++i)
            Util::Log::warning("fake", "line " + std::to_string(i));
        return text("logged");
    }
    if (name == "throw")
        throw std::runtime_error("boom");
    if (name == "protocol_error")
        throw ProtocolError(ProtocolError::InvalidParams, "bad argument");
    if (name == "bad_utf8")
        return text("bad \xff\xfe bytes");
    if (name == "big")
        return text(std::string(arguments.value("size", 1000), 'x'));
    return std::nullopt;
}

std::optional<Json> FakeCatalog::readResource(const std::string& uri, RequestContext&)
{
    if (uri == "test://static" || uri.rfind("test://item/", 0) == 0)
        return Json{
            {"contents", Json::array({{{"uri", uri}, {"mimeType", "text/plain"}, {"text", "content"}}})}};
    return std::nullopt;
}

std::optional<Json> FakeCatalog::getPrompt(const std::string& name, const Json& arguments, RequestContext&)
{
    if (name != "greet")
        return std::nullopt;
    if (!arguments.contains("name"))
        throw ProtocolError(ProtocolError::InvalidParams, "Missing required argument: name");
    const std::string who = arguments["name"].get<std::string>();
    return Json{{"messages", Json::array({{{"role", "user"},
                                           {"content", {{"type", "text"}, {"text", "Hello " + who}}}}})}};
}

Json FakeCatalog::complete(const Json&, const std::string& argument, const std::string& value, const Json&)
{
    Json values = Json::array();
    if (argument == "many")
    {
        for (int i = 0; i < 150; ++i)
            values.push_back("v" + std::to_string(i));
        return {{"values", values}, {"total", 150}};
    }
    for (const char* candidate : {"alpha", "beta", "gamma", "alphabet"})
    {
        if (std::string(candidate).rfind(value, 0) == 0)
            values.push_back(candidate);
    }
    return {{"values", values}};
}

} // namespace OuraMcp::Mcp::Test

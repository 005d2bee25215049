#pragma once

#include "mcp/Catalog.h"

#include <chrono>
#include <condition_variable>
#include <mutex>

namespace OuraMcp::Mcp::Test {

/// A one-shot gate a test opens; waits are bounded only as a guard against a hung test.
class Latch
{
public:
    void open();
    bool wait(std::chrono::milliseconds guard = std::chrono::seconds(20));
    bool isOpen();

private:
    std::mutex _mutex;
    std::condition_variable _condition;
    bool _open = false;
};

/// Counts events (e.g. "a blocking tool has started") and lets a test wait for the n-th.
class Counter
{
public:
    void increment();
    bool waitFor(int count, std::chrono::milliseconds guard = std::chrono::seconds(20));

private:
    std::mutex _mutex;
    std::condition_variable _condition;
    int _count = 0;
};

/// A small, scriptable catalog for driving the engine. Tools:
///   echo {text}        -> text + structuredContent {echo}
///   block              -> waits until `release` opens (counts `started`, `returned`)
///   wait_cancel        -> waits until the request is cancelled; returns text "cancelled"
///   progress           -> reports 1, 1 (dropped), 0.5 (dropped), 2, 3 then returns
///   log                -> logs debug/info/warning through Util::Log and an error through the context
///   throw              -> throws std::runtime_error("boom")
///   protocol_error     -> throws ProtocolError(-32602, "bad argument")
///   bad_utf8           -> returns text with invalid UTF-8 bytes
///   big {size}         -> returns a text of `size` bytes
/// Resources: test://static (text) and template test://item/{id}; prompts: greet {name (required)}.
class FakeCatalog : public Catalog
{
public:
    FakeCatalog();

    std::vector<Json> tools() const override { return toolList; }
    std::optional<Json> callTool(const std::string& name, const Json& arguments,
                                 RequestContext& ctx) override;
    std::optional<std::string> memoVariant(const std::string& name) const override
    {
        // Only echo is pure; the engine memoises it only when the options carry a CallMemo.
        return name == "echo" ? std::optional<std::string>("today") : std::nullopt;
    }
    std::vector<Json> resources() const override { return resourceList; }
    std::vector<Json> resourceTemplates() const override { return templateList; }
    std::optional<Json> readResource(const std::string& uri, RequestContext& ctx) override;
    std::vector<Json> prompts() const override { return promptList; }
    std::optional<Json> getPrompt(const std::string& name, const Json& arguments,
                                  RequestContext& ctx) override;
    Json complete(const Json& ref, const std::string& argument, const std::string& value,
                  const Json& contextArguments) override;

    std::vector<Json> toolList;
    std::vector<Json> resourceList;
    std::vector<Json> templateList;
    std::vector<Json> promptList;

    std::optional<Json> callToolImpl(const std::string& name, const Json& arguments, RequestContext& ctx);

    Latch release;
    Counter started;
    Counter returned;

    void waitIdle();
    /// Waits (bounded) until no callTool is running, so that the catalog can be destroyed safely.

    static Json text(const std::string& text);
    /// A CallToolResult with one text block.

private:
    std::mutex _activeMutex;
    std::condition_variable _activeCondition;
    int _active = 0;
};

} // namespace OuraMcp::Mcp::Test

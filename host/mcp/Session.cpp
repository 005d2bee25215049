#include "mcp/Session.h"

#include "mcp/JsonRpc.h"
#include "mcp/ListCache.h"
#include "mcp/LogLevel.h"
#include "mcp/OutputWriter.h"
#include "mcp/ServerRequestContext.h"

#include <algorithm>

namespace OuraMcp::Mcp {

Session::Session(Catalog& catalog, ServerInfo info, ServerOptions options,
                 std::shared_ptr<OutputWriter> writer, std::shared_ptr<ListCache> lists,
                 std::string principal)
    : _catalog(catalog), _info(std::move(info)), _options(options), _writer(std::move(writer)),
      _lists(lists ? std::move(lists) : std::make_shared<ListCache>()), _principal(std::move(principal)),
      _legacyLogLevel(LogLevel::None), _logTokens(_options.logBurst),
      _logRefill(std::chrono::steady_clock::now())
{}

bool Session::takeLogToken()
{
    std::lock_guard<std::mutex> lock(_logMutex);
    const auto now = std::chrono::steady_clock::now();
    const double elapsed = std::chrono::duration<double>(now - _logRefill).count();
    _logRefill = now;
    _logTokens = std::min<double>(_options.logBurst, _logTokens + elapsed * _options.logPerSecond);
    if (_logTokens >= 1)
    {
        _logTokens -= 1;
        return true;
    }
    // Counted, not logged: a log line about dropped log lines would itself be forwarded.
    ++_logDropped;
    return false;
}

std::string Session::negotiatedVersion() const
{
    std::lock_guard<std::mutex> lock(_mutex);
    return _negotiatedVersion;
}

void Session::setNegotiatedVersion(const std::string& version)
{
    std::lock_guard<std::mutex> lock(_mutex);
    _negotiatedVersion = version;
}

bool Session::inFlight(const std::string& key) const
{
    std::lock_guard<std::mutex> lock(_mutex);
    return _inFlight.count(key) > 0;
}

bool Session::track(const std::string& key, std::shared_ptr<ServerRequestContext> context)
{
    std::lock_guard<std::mutex> lock(_mutex);
    return _inFlight.emplace(key, std::move(context)).second;
}

void Session::untrack(const std::string& key)
{
    std::shared_ptr<ServerRequestContext> context;
    std::lock_guard<std::mutex> lock(_mutex);
    auto it = _inFlight.find(key);
    if (it != _inFlight.end())
    {
        context = std::move(it->second);
        _inFlight.erase(it);
    }
}

void Session::cancel(const std::string& key)
{
    std::shared_ptr<ServerRequestContext> context;
    {
        std::lock_guard<std::mutex> lock(_mutex);
        auto it = _inFlight.find(key);
        if (it == _inFlight.end())
            return; // unknown or already finished: races are normal, ignore
        context = it->second;
    }
    context->cancel(true);
}

void Session::cancelAll()
{
    std::map<std::string, std::shared_ptr<ServerRequestContext>> contexts;
    {
        std::lock_guard<std::mutex> lock(_mutex);
        contexts = _inFlight;
    }
    for (auto& entry : contexts)
        entry.second->cancel(false);
}

void Session::notify(const std::string& method, Json params)
{
    if (!closed() && _writer)
        _writer->write(JsonRpc::notification(method, std::move(params)));
}

void Session::forwardLog(Util::Log::Level level, const std::string& component, const std::string& line)
{
    if (closed() || ServerRequestContext::notifying())
        return;
    ServerRequestContext* current = ServerRequestContext::current();
    if (current != nullptr && &current->session() == this)
    {
        current->forwardLog(level, component, line);
        return;
    }
    const int threshold = legacyLogLevel();
    const int mcpLevel = LogLevel::fromLog(level);
    if (threshold == LogLevel::None || mcpLevel < threshold || !takeLogToken())
        return;
    Json params = Json::object();
    params["level"] = LogLevel::name(mcpLevel);
    params["logger"] = component;
    params["data"] = line;
    notify("notifications/message", std::move(params));
}

void Session::close()
{
    const bool wasClosed = _closed.exchange(true);
    {
        std::lock_guard<std::mutex> lock(_logMutex);
        if (!wasClosed && _logDropped > 0)
            Util::Log::info("mcp",
                            std::to_string(_logDropped) + " log notification(s) dropped by the rate limit");
    }
    if (_writer)
        _writer->close();
    std::map<std::string, std::shared_ptr<ServerRequestContext>> contexts;
    {
        std::lock_guard<std::mutex> lock(_mutex);
        contexts.swap(_inFlight); // breaks the context -> session -> context cycle
    }
}

} // namespace OuraMcp::Mcp

#pragma once

#include "catalog/PluginCatalog.h"
#include "loader/PluginLoader.h"
#include "mcp/RequestContext.h"
#include "oura/DataService.h"
#include "util/Log.h"

#include <condition_variable>
#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace OuraMcp::Testing {

/// The fixture folder of one set (see tests/plugins/CMakeLists.txt).
inline std::string fixtureDir(const std::string& set)
{
    return std::string(OURA_MCP_TEST_PLUGIN_ROOT) + "/" + set;
}

inline std::string fixtureFile(const std::string& set, const std::string& id)
{
    return fixtureDir(set) + "/" + id + ".so";
}

/// A RequestContext that records what a handler did, and lets a test cancel and wait for progress.
class TestContext : public Mcp::RequestContext
{
public:
    struct Progress
    {
        double progress;
        double total;
        std::string message;
    };

    bool cancelled() const override
    {
        std::lock_guard<std::mutex> lock(_mutex);
        return _cancelled;
    }

    void progress(double progress, double total, const std::string& message) override
    {
        std::lock_guard<std::mutex> lock(_mutex);
        _progress.push_back({progress, total, message});
        _changed.notify_all();
    }

    void log(Util::Log::Level level, const std::string& logger, const std::string& message) override
    {
        std::lock_guard<std::mutex> lock(_mutex);
        _logs.push_back({level, logger + ": " + message});
    }

    void cancel()
    {
        std::lock_guard<std::mutex> lock(_mutex);
        _cancelled = true;
    }

    void waitForProgress(std::size_t count)
    {
        std::unique_lock<std::mutex> lock(_mutex);
        _changed.wait(lock, [&] { return _progress.size() >= count; });
    }

    std::vector<Progress> progressReports() const
    {
        std::lock_guard<std::mutex> lock(_mutex);
        return _progress;
    }

    std::vector<std::pair<Util::Log::Level, std::string>> logs() const
    {
        std::lock_guard<std::mutex> lock(_mutex);
        return _logs;
    }

private:
    mutable std::mutex _mutex;
    std::condition_variable _changed;
    bool _cancelled = false;
    std::vector<Progress> _progress;
    std::vector<std::pair<Util::Log::Level, std::string>> _logs;
};

/// Captures every line written through Util::Log while alive.
class LogCapture
{
public:
    struct Line
    {
        Util::Log::Level level;
        std::string component;
        std::string message;
    };

    LogCapture()
    {
        auto lines = _lines;
        auto mutex = _mutex;
        Util::Log::setListener(
            [lines, mutex](Util::Log::Level level, const std::string& c, const std::string& m) {
                std::lock_guard<std::mutex> lock(*mutex);
                lines->push_back({level, c, m});
            });
    }

    ~LogCapture() { Util::Log::setListener({}); }

    std::vector<Line> lines() const
    {
        std::lock_guard<std::mutex> lock(*_mutex);
        return *_lines;
    }

    /// Lines of at least `level` whose message contains `text`.
    std::vector<Line> matching(const std::string& text,
                               Util::Log::Level level = Util::Log::Level::Debug) const
    {
        std::vector<Line> out;
        for (const auto& l : lines())
        {
            if (l.level >= level && l.message.find(text) != std::string::npos)
                out.push_back(l);
        }
        return out;
    }

private:
    std::shared_ptr<std::vector<Line>> _lines = std::make_shared<std::vector<Line>>();
    std::shared_ptr<std::mutex> _mutex = std::make_shared<std::mutex>();
};

/// A data service that answers from a script and records what it was asked.
class FakeDataService : public Oura::DataService
{
public:
    Oura::ApiResponse answer;
    Oura::CollectionQuery lastCollection;
    std::string lastScope;
    bool sawCancelHook = false;

    Oura::ApiResponse getCollection(const Oura::CollectionQuery& query,
                                    const Oura::CallControl& control) override
    {
        lastCollection = query;
        lastScope = control.requiredScope;
        sawCancelHook = static_cast<bool>(control.cancelled);
        if (control.progress)
            control.progress(1, 2, "fetching");
        return answer;
    }

    std::string describe() const override { return "fake data service"; }
};

/// Loads the given fixture folders with the given services.
inline std::unique_ptr<Catalog::PluginCatalog> loadRegistry(const std::vector<std::string>& sets,
                                                            Loader::HostServices services = {})
{
    Loader::LoaderOptions options;
    for (const auto& set : sets)
        options.directories.push_back(fixtureDir(set));
    Loader::PluginLoader loader(std::move(services));
    return std::make_unique<Catalog::PluginCatalog>(loader.load(options));
}

} // namespace OuraMcp::Testing

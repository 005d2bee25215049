#include "loader/PluginLoader.h"

#include "loader/HostApi.h"
#include "loader/PluginHandles.h"
#include "loader/StructSize.h"
#include "platform/FileTrust.h"
#include "platform/SharedLibrary.h"
#include "util/Log.h"
#include "util/Utf8.h"

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <map>
#include <system_error>

namespace OuraMcp::Loader {

namespace {

using Util::Log;

constexpr std::size_t kMaxScopes = 64;

/// Untrusted text from a descriptor, safe to put in a message.
std::string printable(const char* text, std::size_t max = 64)
{
    const std::size_t n = strnlen(text, max + 1);
    std::string out = Util::Utf8::sanitize(text, std::min(n, max));
    if (n > max)
        out += "...";
    return out;
}

std::string hex32(uint32_t value)
{
    char buf[16];
    std::snprintf(buf, sizeof buf, "0x%08X", value);
    return buf;
}

namespace fs = std::filesystem;

/// The path's folder; paths here are UTF-8 on every platform.
std::string parentOf(const std::string& path)
{
    return fs::u8path(path).parent_path().u8string();
}

std::string joinPath(const std::string& dir, const std::string& name)
{
    return (fs::u8path(dir) / fs::u8path(name)).u8string();
}

/// The names of the plugin files (SharedLibrary::suffix()) in dir, sorted; none if dir cannot be read.
std::vector<std::string> sharedLibrariesIn(const std::string& dir)
{
    const std::string suffix = Platform::SharedLibrary::suffix();
    std::vector<std::string> names;
    std::error_code error;
    fs::directory_iterator it(fs::u8path(dir), error);
    for (; !error && it != fs::directory_iterator(); it.increment(error))
    {
        const std::string name = it->path().filename().u8string();
        if (name.size() > suffix.size() &&
            name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0)
            names.push_back(name);
    }
    std::sort(names.begin(), names.end());
    return names;
}

bool isDirectory(const std::string& path)
{
    std::error_code error;
    return fs::is_directory(fs::u8path(path), error);
}

bool isValidId(const char* id)
{
    const std::size_t n = strnlen(id, 65);
    if (n == 0 || n > 64)
        return false;
    for (std::size_t i = 0; i < n; ++i)
    {
        const char c = id[i];
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-'))
            return false;
    }
    return true;
}

bool isValidScope(const char* scope)
{
    const std::size_t n = strnlen(scope, 129);
    if (n == 0 || n > 128)
        return false;
    for (std::size_t i = 0; i < n; ++i)
    {
        const auto c = static_cast<unsigned char>(scope[i]);
        if (c <= 0x20 || c >= 0x7F || c == '"' || c == '\\')
            return false;
    }
    return true;
}

std::string version(uint16_t major, uint16_t minor)
{
    return std::to_string(major) + "." + std::to_string(minor);
}

/// Checks the descriptor in the order plugin_abi.h section 1 gives; the reason for the first failure, or "".
std::string validateDescriptor(const omcp_plugin_desc* raw, const std::string& stem,
                               const std::map<std::string, std::string>& loadedIds, omcp_plugin_desc& d,
                               std::vector<std::string>& scopes)
{
    const uint32_t size = raw->struct_size;
    if (size < OMCP_PLUGIN_DESC_V1_0_SIZE)
        return "the plugin descriptor's struct_size is " + std::to_string(size) +
               " bytes, expected at least " + std::to_string(OMCP_PLUGIN_DESC_V1_0_SIZE) +
               " (rebuild the plugin with OMCP_PLUGIN_DESC_HEADER)";
    std::memset(&d, 0, sizeof d);
    std::memcpy(&d, raw, std::min<std::size_t>(size, sizeof d));

    const std::string host = version(OMCP_ABI_MAJOR, OMCP_ABI_MINOR);
    const std::string built = version(d.abi_major, d.abi_minor);
    if (d.abi_major != OMCP_ABI_MAJOR)
        return "built for plugin ABI " + built + " but this host implements " + host +
               "; the major versions must match, so rebuild the plugin against plugin ABI " +
               std::to_string(OMCP_ABI_MAJOR) + ".x";
    if (d.abi_minor > OMCP_ABI_MINOR)
        return "needs plugin ABI " + built + " but this host implements " + host + "; update oura-mcp";
    // A newer plugin that declares an older minor may load if it leaves the fields this host lacks unset.
    if (const std::string problem = StructSize::copy(raw, OMCP_PLUGIN_DESC_V1_0_SIZE, d); !problem.empty())
        return "the plugin descriptor's " + problem;
    if (d.abi_tag == nullptr)
        return "the ABI tag is NULL, expected \"" OMCP_ABI_TAG "\"";
    if (std::strncmp(d.abi_tag, OMCP_ABI_TAG, sizeof(OMCP_ABI_TAG)) != 0)
        return "the ABI tag is \"" + printable(d.abi_tag) + "\", expected \"" OMCP_ABI_TAG "\"";
    if (d.sizeof_pointer != sizeof(void*))
        return "built for a different platform: pointer size " + std::to_string(d.sizeof_pointer) +
               ", expected " + std::to_string(sizeof(void*));
    if (d.sizeof_size_t != sizeof(std::size_t))
        return "built for a different platform: size_t size " + std::to_string(d.sizeof_size_t) +
               ", expected " + std::to_string(sizeof(std::size_t));
    if (d.byte_order_mark != OMCP_BYTE_ORDER_MARK)
        return "built for a different platform: byte order mark " + hex32(d.byte_order_mark) + ", expected " +
               hex32(OMCP_BYTE_ORDER_MARK);
    if (d.id == nullptr)
        return "the plugin id is NULL";
    if (!isValidId(d.id))
        return "the plugin id \"" + printable(d.id) +
               "\" is invalid; expected 1 to 64 characters of a-z 0-9 _ -";
    const std::string id = d.id;
    if (id != stem)
        return "the plugin id \"" + id + "\" does not match the file name (expected \"" + stem +
               "\"); the file must be named " + id + Platform::SharedLibrary::suffix() + " or the id fixed";
    if (auto it = loadedIds.find(id); it != loadedIds.end())
        return "duplicate plugin id \"" + id + "\": already loaded from " + it->second +
               " (the first one wins)";
    if (d.init == nullptr)
        return "the plugin descriptor's init is NULL";

    scopes.clear();
    if (d.scopes != nullptr)
    {
        for (std::size_t i = 0; d.scopes[i] != nullptr; ++i)
        {
            if (i >= kMaxScopes)
                return "the plugin declares more than " + std::to_string(kMaxScopes) +
                       " scopes (is the list NULL-terminated?)";
            if (!isValidScope(d.scopes[i]))
                return "scope #" + std::to_string(i + 1) + " \"" + printable(d.scopes[i]) +
                       "\" is invalid; expected 1 to 128 printable ASCII characters without spaces";
            if (std::find(scopes.begin(), scopes.end(), d.scopes[i]) == scopes.end())
                scopes.emplace_back(d.scopes[i]);
        }
    }
    return std::string();
}

std::vector<std::string> sortedNames(const std::vector<std::string>& names)
{
    auto out = names;
    std::sort(out.begin(), out.end());
    return out;
}

} // namespace

PluginLoader::PluginLoader(HostServices services)
    : _services(std::make_shared<const HostServices>(std::move(services)))
{}

LoadResult::~LoadResult()
{
    shutdownPlugins(plugins);
}

LoadResult& LoadResult::operator=(LoadResult&& other) noexcept
{
    if (this != &other)
    {
        shutdownPlugins(plugins);
        report = std::move(other.report);
        plugins = std::move(other.plugins);
        failed = std::move(other.failed);
        other.plugins.clear();
        other.failed.clear();
    }
    return *this;
}

void shutdownPlugins(std::vector<std::shared_ptr<omcp_host>>& plugins) noexcept
{
    for (auto it = plugins.rbegin(); it != plugins.rend(); ++it)
    {
        omcp_host& plugin = **it;
        if (plugin.phase.load() != Phase::Running)
            continue;
        if (plugin.desc.shutdown != nullptr)
        {
            try
            {
                plugin.desc.shutdown(plugin.state);
            }
            catch (...)
            {
                Log::error("plugins", "plugin " + plugin.id + ": an exception escaped shutdown()");
            }
        }
        plugin.phase.store(Phase::ShutDown);
    }
}

LoadResult PluginLoader::load(const LoaderOptions& options)
{
    LoadResult result;
    NameIndex taken;
    std::map<std::string, std::string> loadedIds; // id -> path

    auto refuse = [&](const std::string& path, const std::string& reason) {
        result.report.refused.push_back({path, reason});
        Log::error("plugins", "refused plugin file " + path + ": " + reason);
    };
    auto skip = [&](const std::string& path, const std::string& reason) {
        result.report.skipped.push_back({path, reason});
        Log::info("plugins", "skipped plugin file " + path + ": " + reason);
    };

    for (const std::string& dir : options.directories)
    {
        const bool exists = isDirectory(dir);
        result.report.directories.push_back({dir, exists});
        if (!exists)
        {
            Log::debug("plugins", "plugin folder " + dir + " does not exist; nothing to load from it");
            continue;
        }
        const std::string dirProblem = Platform::FileTrust::untrustedReason(dir, true);
        std::string unusedError;
        const std::string realDir = Platform::FileTrust::finalPath(dir, unusedError);
        const std::size_t suffixSize = std::strlen(Platform::SharedLibrary::suffix());

        for (const std::string& name : sharedLibrariesIn(dir))
        {
            const std::string path = joinPath(dir, name);
            const std::string stem = name.substr(0, name.size() - suffixSize);

            if (options.deny.count(stem) != 0)
            {
                skip(path, "plugin \"" + stem + "\" is on the deny list");
                continue;
            }
            if (options.allow && options.allow->count(stem) == 0)
            {
                skip(path, "plugin \"" + stem + "\" is not on the allow list");
                continue;
            }
            if (!dirProblem.empty())
            {
                refuse(path, dirProblem);
                continue;
            }
            std::string resolveError;
            const std::string real = Platform::FileTrust::finalPath(path, resolveError);
            if (real.empty())
            {
                refuse(path, "cannot resolve the file's path: " + resolveError);
                continue;
            }
            std::string problem = Platform::FileTrust::untrustedReason(real, false);
            if (problem.empty() && parentOf(real) != realDir)
                problem =
                    Platform::FileTrust::untrustedReason(parentOf(real), true); // a link into another folder
            if (!problem.empty())
            {
                refuse(path, problem);
                continue;
            }
            // Same id as a loaded plugin: refuse before loading runs any of the second file's code.
            if (auto it = loadedIds.find(stem); it != loadedIds.end())
            {
                refuse(path, "duplicate plugin id \"" + stem + "\": already loaded from " + it->second +
                                 " (the first one wins)");
                continue;
            }

            Platform::SharedLibrary library;
            std::string loadError;
            if (!library.open(path, loadError))
            {
                refuse(path, "not a loadable shared library: " + loadError);
                continue;
            }
            void* symbol = library.symbol(OMCP_ENTRY_SYMBOL);
            if (symbol == nullptr)
            {
                library.close();
                refuse(path, "not an oura-mcp plugin: no " OMCP_ENTRY_SYMBOL " symbol");
                continue;
            }
            omcp_describe_fn describe = nullptr;
            static_assert(sizeof describe == sizeof symbol, "function and object pointers differ in size");
            std::memcpy(&describe, &symbol, sizeof describe);

            const omcp_plugin_desc* raw = nullptr;
            try
            {
                raw = describe();
            }
            catch (...)
            {
                library.close();
                refuse(path, OMCP_ENTRY_SYMBOL " threw an exception; it must be pure and never throw");
                continue;
            }
            if (raw == nullptr)
            {
                library.close();
                refuse(path, OMCP_ENTRY_SYMBOL " returned NULL");
                continue;
            }
            omcp_plugin_desc desc;
            std::vector<std::string> scopes;
            const std::string invalid = validateDescriptor(raw, stem, loadedIds, desc, scopes);
            if (!invalid.empty())
            {
                library.close();
                refuse(path, invalid);
                continue;
            }

            // From here on the plugin's code runs with state we cannot take back: never unload (library is left
            // open when it goes out of scope).
            auto host = std::make_shared<omcp_host>();
            host->id = desc.id;
            host->path = path;
            host->version = desc.version ? printable(desc.version, 64) : std::string();
            host->description = desc.description ? printable(desc.description, 512) : std::string();
            host->scopes = scopes;
            host->desc = desc;
            host->services = _services;
            host->taken = &taken;
            host->phase.store(Phase::Init);

            void* state = nullptr;
            omcp_status status = OMCP_E_INTERNAL;
            std::string thrown;
            try
            {
                status = desc.init(HostApi::table(), host.get(), &state);
            }
            catch (const std::exception& e)
            {
                thrown = std::string("init threw an exception: ") + e.what();
            }
            catch (...)
            {
                thrown = "init threw an exception";
            }
            host->taken = nullptr;

            if (!thrown.empty() || status != OMCP_OK)
            {
                host->phase.store(Phase::Failed);
                host->tools.clear();
                host->resources.clear();
                host->templates.clear();
                host->prompts.clear();
                std::string reason = thrown;
                // One line for the whole failure, including what the host refused during init.
                std::string refusedRegistrations;
                for (const auto& e : host->registrationErrors)
                    refusedRegistrations += (refusedRegistrations.empty() ? "" : "; ") + e;
                if (reason.empty())
                {
                    reason = std::string("init failed with ") + HostApi::statusName(status);
                    if (status > 0)
                        reason += " (" + std::to_string(status) + ")";
                    if (!host->error.empty())
                        reason += ": " + host->error;
                    else if (!refusedRegistrations.empty())
                        reason += " after the host refused " + refusedRegistrations;
                    else
                        reason += " and gave no reason";
                }
                if (!refusedRegistrations.empty() && (!thrown.empty() || !host->error.empty()))
                    reason += " (the host had refused " + refusedRegistrations + ")";
                refuse(path, reason);
                result.failed.push_back(host);
                continue;
            }

            host->state = state;
            host->phase.store(Phase::Running);
            // The plugin chose to load without what the host refused: one warning line per refusal.
            for (const auto& e : host->registrationErrors)
                Log::warning("plugins", "plugin " + host->id + " (" + path + ") cannot register " + e);
            const std::string owner = host->id + " (" + path + ")";
            LoadReport::Loaded entry{host->id, host->version, host->description, path, {}, {},
                                     {},       host->scopes};
            for (const auto& t : host->tools)
            {
                taken.tools[t.name] = owner;
                entry.tools.push_back(t.name);
            }
            for (const auto& r : host->resources)
            {
                if (r.section)
                    taken.sectionResources.emplace(r.uri, owner);
                else
                    taken.resources[r.uri] = owner;
                entry.resources.push_back(r.uri);
            }
            for (const auto& r : host->templates)
            {
                if (r.section)
                    taken.sectionTemplates.emplace(r.uri, owner);
                else
                    taken.templates[r.uri] = owner;
                entry.resources.push_back(r.uri);
            }
            for (const auto& p : host->prompts)
            {
                taken.prompts[p.name] = owner;
                entry.prompts.push_back(p.name);
            }
            entry.tools = sortedNames(entry.tools);
            entry.resources = sortedNames(entry.resources);
            entry.prompts = sortedNames(entry.prompts);
            Log::info("plugins", "loaded plugin " + host->id + " " + host->version + " from " + path + " (" +
                                     std::to_string(entry.tools.size()) + " tools, " +
                                     std::to_string(entry.resources.size()) + " resources, " +
                                     std::to_string(entry.prompts.size()) + " prompts)");
            result.report.loaded.push_back(std::move(entry));
            loadedIds[host->id] = path;
            result.plugins.push_back(std::move(host));
        }
    }
    return result;
}

} // namespace OuraMcp::Loader

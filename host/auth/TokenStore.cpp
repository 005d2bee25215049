#include "auth/TokenStore.h"

#include "util/Json.h"
#include "util/Log.h"

#include <Poco/Path.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <dirent.h>
#include <fcntl.h>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <sys/stat.h>
#include <unistd.h>

namespace OuraMcp::Auth {

std::int64_t unixNowSeconds()
{
    return std::chrono::duration_cast<std::chrono::seconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

namespace {

const char* const kComponent = "auth";

std::string errnoText(int error)
{
    return std::strerror(error);
}

/// mkdir -p with mode 0700 for every directory it creates (existing ones are left alone).
void makeDirectories(const std::string& dir)
{
    if (dir.empty())
        return;
    struct stat st
    {};
    if (::stat(dir.c_str(), &st) == 0)
    {
        if (!S_ISDIR(st.st_mode))
            throw std::runtime_error(dir + " exists and is not a directory");
        return;
    }
    const auto slash = dir.find_last_of('/');
    if (slash != std::string::npos && slash > 0)
        makeDirectories(dir.substr(0, slash));
    if (::mkdir(dir.c_str(), 0700) != 0 && errno != EEXIST)
        throw std::runtime_error("cannot create directory " + dir + ": " + errnoText(errno));
}

void writeAll(int fd, const std::string& data, const std::string& path)
{
    std::size_t written = 0;
    while (written < data.size())
    {
        const ssize_t n = ::write(fd, data.data() + written, data.size() - written);
        if (n < 0)
        {
            if (errno == EINTR)
                continue;
            throw std::runtime_error("cannot write " + path + ": " + errnoText(errno));
        }
        written += static_cast<std::size_t>(n);
    }
}

/// Deletes "<name>.tmp.<pid>.*" files left by a process that died mid-save (kill -9, power loss). Files of
/// live processes are left alone: they may be saving right now.
void removeStaleTempFiles(const std::string& dir, const std::string& name)
{
    DIR* d = ::opendir(dir.c_str());
    if (d == nullptr)
        return;
    const std::string prefix = name + ".tmp.";
    while (const dirent* entry = ::readdir(d))
    {
        const std::string file = entry->d_name;
        if (file.compare(0, prefix.size(), prefix) != 0)
            continue;
        const long pid = std::strtol(file.c_str() + prefix.size(), nullptr, 10);
        if (pid <= 0 || (::kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH))
            ::unlink((dir + "/" + file).c_str());
    }
    ::closedir(d);
}

} // namespace

TokenStore::TokenStore(std::string path) : _path(std::move(path)) {}

std::string TokenStore::toJson(const TokenSet& tokens)
{
    Json j = Json::object();
    j["access_token"] = tokens.accessToken;
    j["refresh_token"] = tokens.refreshToken;
    j["expires_at"] = tokens.expiresAt;
    j["scope"] = tokens.scope;
    j["token_type"] = tokens.tokenType;
    j["saved_at"] = tokens.savedAt;
    j["chain_origin"] = tokens.chainOrigin;
    return j.dump(2) + "\n";
}

std::optional<TokenSet> TokenStore::fromJson(const std::string& text)
{
    const Json j = Json::parse(text, nullptr, false);
    if (j.is_discarded() || !j.is_object())
        return std::nullopt;
    auto str = [&](const char* key) {
        const auto it = j.find(key);
        return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
    };
    auto num = [&](const char* key) -> std::int64_t {
        const auto it = j.find(key);
        return it != j.end() && it->is_number() ? it->get<std::int64_t>() : 0;
    };
    TokenSet tokens;
    tokens.accessToken = str("access_token");
    tokens.refreshToken = str("refresh_token");
    tokens.expiresAt = num("expires_at");
    tokens.scope = str("scope");
    tokens.tokenType = str("token_type");
    if (tokens.tokenType.empty())
        tokens.tokenType = "Bearer";
    tokens.savedAt = num("saved_at");
    tokens.chainOrigin = str("chain_origin");
    if (tokens.empty())
        return std::nullopt;
    return tokens;
}

bool TokenStore::exists() const
{
    return !_path.empty() && ::access(_path.c_str(), F_OK) == 0;
}

std::unique_ptr<TokenFileLock> TokenStore::lockExclusive() const
{
    if (_path.empty())
        return std::make_unique<TokenFileLock>(std::string());
    const auto slash = _path.find_last_of('/');
    if (slash != std::string::npos && slash > 0)
    {
        try
        {
            makeDirectories(_path.substr(0, slash));
        }
        catch (const std::exception& e)
        {
            Util::Log::debug(kComponent, std::string("no refresh lock: ") + e.what());
            return std::make_unique<TokenFileLock>(std::string());
        }
    }
    return std::make_unique<TokenFileLock>(_path);
}

std::optional<unsigned> TokenStore::permissions() const
{
    struct stat st
    {};
    if (_path.empty() || ::stat(_path.c_str(), &st) != 0)
        return std::nullopt;
    return static_cast<unsigned>(st.st_mode & 07777);
}

std::optional<TokenSet> TokenStore::load() const
{
    if (_path.empty())
        return std::nullopt;
    std::ifstream in(_path, std::ios::binary);
    if (!in)
        return std::nullopt; // absent (or unreadable: then permissions() tells the story)
    std::ostringstream buffer;
    buffer << in.rdbuf();
    const auto perms = permissions();
    if (perms && tooOpen(*perms) && !_warnedOpen.exchange(true))
    {
        char mode[16];
        std::snprintf(mode, sizeof mode, "%04o", *perms);
        Util::Log::warning(kComponent, "token file " + _path + " is readable by other users (mode " + mode +
                                           "); run: chmod 600 " + _path);
    }
    auto tokens = fromJson(buffer.str());
    if (!tokens)
    {
        if (!_warnedCorrupt.exchange(true))
        {
            Util::Log::warning(kComponent, "token file " + _path +
                                               " is not valid (no tokens in a JSON object); ignoring it. Run "
                                               "`oura-mcp auth login` to replace it.");
        }
        return std::nullopt;
    }
    Util::Log::addSecret(tokens->accessToken);
    Util::Log::addSecret(tokens->refreshToken);
    return tokens;
}

void TokenStore::save(const TokenSet& tokens)
{
    if (_path.empty())
        throw std::runtime_error("no token file location (set OURA_TOKEN_FILE or HOME)");
    Util::Log::addSecret(tokens.accessToken);
    Util::Log::addSecret(tokens.refreshToken);

    const Poco::Path target(_path);
    const std::string dir = target.parent().toString();
    makeDirectories(dir.size() > 1 && dir.back() == '/' ? dir.substr(0, dir.size() - 1) : dir);

    const std::string data = toJson(tokens);
    static std::atomic<unsigned> counter{0};
    std::string tempPath;
    int fd = -1;
    for (int attempt = 0; attempt < 10 && fd < 0; ++attempt)
    {
        tempPath = _path + ".tmp." + std::to_string(::getpid()) + "." + std::to_string(++counter) + "." +
                   std::to_string(std::chrono::steady_clock::now().time_since_epoch().count() % 1000000);
        fd = ::open(tempPath.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
        if (fd < 0 && errno != EEXIST)
            throw std::runtime_error("cannot create a temporary file beside " + _path + ": " +
                                     errnoText(errno));
    }
    if (fd < 0)
        throw std::runtime_error("cannot create a temporary file beside " + _path);

    try
    {
        writeAll(fd, data, tempPath);
        if (::fsync(fd) != 0)
            throw std::runtime_error("cannot sync " + tempPath + ": " + errnoText(errno));
        if (::close(fd) != 0)
        {
            fd = -1;
            throw std::runtime_error("cannot close " + tempPath + ": " + errnoText(errno));
        }
        fd = -1;
        if (::rename(tempPath.c_str(), _path.c_str()) != 0)
            throw std::runtime_error("cannot replace " + _path + ": " + errnoText(errno));
    }
    catch (...)
    {
        if (fd >= 0)
            ::close(fd);
        ::unlink(tempPath.c_str());
        throw;
    }

    removeStaleTempFiles(dir, target.getFileName());

    // The rename is durable only once the directory entry is on disk.
    const int dirFd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dirFd >= 0)
    {
        if (::fsync(dirFd) != 0)
            Util::Log::warning(kComponent, "cannot sync directory " + dir + ": " + errnoText(errno));
        ::close(dirFd);
    }
}

bool TokenStore::remove()
{
    if (_path.empty())
        return false;
    if (::unlink(_path.c_str()) == 0)
        return true;
    if (errno == ENOENT)
        return false;
    throw std::runtime_error("cannot delete " + _path + ": " + errnoText(errno));
}

} // namespace OuraMcp::Auth

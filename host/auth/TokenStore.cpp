#include "auth/TokenStore.h"

#include "platform/PrivateFile.h"
#include "util/Json.h"
#include "util/Log.h"

#include <Poco/Path.h>

#include <chrono>
#include <stdexcept>

namespace OuraMcp::Auth {

std::int64_t unixNowSeconds()
{
    return std::chrono::duration_cast<std::chrono::seconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

namespace {

const char* const kComponent = "auth";

/// The token file's folder, as Poco reads the platform's paths ("" for a bare file name).
std::string folderOf(const std::string& path)
{
    return Poco::Path(path).parent().toString();
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
    return !_path.empty() && Platform::PrivateFile::exists(_path);
}

std::unique_ptr<TokenFileLock> TokenStore::lockExclusive() const
{
    if (_path.empty())
        return std::make_unique<TokenFileLock>(std::string());
    try
    {
        Platform::PrivateFile::makeFolders(folderOf(_path));
    }
    catch (const std::exception& e)
    {
        Util::Log::debug(kComponent, std::string("no refresh lock: ") + e.what());
        return std::make_unique<TokenFileLock>(std::string());
    }
    return std::make_unique<TokenFileLock>(_path);
}

std::optional<Platform::FileAccess> TokenStore::access() const
{
    if (_path.empty())
        return std::nullopt;
    return Platform::PrivateFile::inspect(_path);
}

std::optional<unsigned> TokenStore::permissions() const
{
    const auto found = access();
    return found ? found->mode : std::nullopt;
}

std::optional<TokenSet> TokenStore::load() const
{
    if (_path.empty())
        return std::nullopt;
    std::optional<Platform::PrivateFile::Contents> contents;
    try
    {
        contents = Platform::PrivateFile::read(_path);
    }
    catch (const std::exception& e)
    {
        Util::Log::debug(kComponent, e.what()); // unreadable: access() tells the story
        return std::nullopt;
    }
    if (!contents)
        return std::nullopt; // absent
    if (contents->access.openToOthers && !_warnedOpen.exchange(true))
        Util::Log::warning(kComponent, "token file " + _path + " is readable by other users (" +
                                           contents->access.describe() +
                                           "); run: " + Platform::PrivateFile::makePrivateCommand(_path));
    auto tokens = fromJson(contents->text);
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

    Platform::PrivateFile::replace(_path, toJson(tokens));
}

bool TokenStore::remove()
{
    if (_path.empty())
        return false;
    return Platform::PrivateFile::remove(_path);
}

} // namespace OuraMcp::Auth

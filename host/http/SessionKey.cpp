#include "http/SessionKey.h"

#include "http/Secrets.h"

#include "platform/PrivateFile.h"

#include <Poco/Path.h>

#include <stdexcept>

namespace OuraMcp::Http {

namespace {

constexpr std::size_t MinimumLength = 32;

std::string trimmed(std::string text)
{
    while (!text.empty() && (text.back() == '\n' || text.back() == '\r' || text.back() == ' '))
        text.pop_back();
    return text;
}

std::string readKey(const std::string& path)
{
    std::optional<Platform::PrivateFile::Contents> contents;
    try
    {
        contents = Platform::PrivateFile::read(path, Platform::PrivateFile::Links::Follow, 4096);
    }
    catch (const std::exception& e)
    {
        throw std::runtime_error(std::string("the session key file: ") + e.what());
    }
    if (!contents)
        throw std::runtime_error("cannot read the session key file " + path + ": it does not exist");
    const std::string text = trimmed(contents->text);
    if (text.size() < MinimumLength)
        throw std::runtime_error("the session key file " + path + " holds fewer than " +
                                 std::to_string(MinimumLength) + " characters");
    return text;
}

} // namespace

std::string SessionKey::loadOrCreate(const std::string& path)
{
    if (path.empty())
        return Secrets::random(MinimumLength);
    // Like the token file's folder: private to the user (0700; an owner-only access list on Windows).
    Platform::PrivateFile::makeFolders(Poco::Path(path).parent().toString());
    const std::string key = Secrets::hex(Secrets::random(MinimumLength));
    // Exclusively: two processes starting together must not both write; the loser reads the winner's key.
    try
    {
        if (!Platform::PrivateFile::createExclusive(path, key + "\n"))
            return readKey(path);
    }
    catch (const std::exception& e)
    {
        throw std::runtime_error(std::string("the session key file: ") + e.what());
    }
    return key;
}

} // namespace OuraMcp::Http

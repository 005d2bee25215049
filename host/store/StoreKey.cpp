#include "store/StoreKey.h"

#include "store/SecretHash.h"
#include "store/StoreError.h"

#include "platform/PrivateFile.h"

#include <openssl/crypto.h>
#include <openssl/rand.h>

#include <Poco/Path.h>

#include <charconv>
#include <optional>
#include <sstream>

namespace OuraMcp::Store {

namespace {

bool validId(const std::string& id)
{
    if (id.empty() || id.size() > 16)
        return false;
    for (char c : id)
        if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' ||
              c == '-'))
            return false;
    return true;
}

std::string readSecretFile(const std::string& path)
{
    std::optional<Platform::PrivateFile::Contents> contents;
    try
    {
        contents = Platform::PrivateFile::read(path, Platform::PrivateFile::Links::DontFollow, 1u << 20);
    }
    catch (const std::exception& e)
    {
        throw StoreError(std::string("the store key file: ") + e.what()); // names the path and the reason
    }
    if (!contents)
        throw StoreError("cannot open the store key file " + path + ": it does not exist");
    if (contents->access.kind != Platform::FileAccess::Kind::RegularFile)
        throw StoreError("the store key file " + path + " is not a regular file");
    if (contents->access.openToOthers)
    {
        OPENSSL_cleanse(contents->text.data(), contents->text.size());
        throw StoreError("the store key file " + path + " is readable by group or others; run: " +
                         Platform::PrivateFile::makePrivateCommand(path));
    }
    return std::move(contents->text);
}

std::vector<StoreKey::Entry> parse(const std::string& text, const std::string& path)
{
    std::vector<StoreKey::Entry> entries;
    std::istringstream lines(text);
    std::string line;
    int number = 0;
    while (std::getline(lines, line))
    {
        ++number;
        while (!line.empty() && (line.back() == '\r' || line.back() == ' ' || line.back() == '\t'))
            line.pop_back();
        if (line.empty() || line[0] == '#')
            continue;
        const auto space = line.find(' ');
        StoreKey::Entry entry;
        bool ok = space != std::string::npos && line.size() - space - 1 == 64;
        if (ok)
        {
            entry.id = line.substr(0, space);
            ok = validId(entry.id);
            for (std::size_t i = 0; ok && i < 32; ++i)
            {
                const char* first = line.data() + space + 1 + 2 * i;
                unsigned value = 0;
                const auto [end, error] = std::from_chars(first, first + 2, value, 16);
                ok = error == std::errc() && end == first + 2;
                entry.bytes[i] = static_cast<unsigned char>(value);
            }
        }
        OPENSSL_cleanse(line.data(), line.size());
        if (!ok)
            throw StoreError("the store key file " + path + " has a malformed line " +
                             std::to_string(number) + " (expected \"<key id> <64 hex digits>\")");
        entries.push_back(entry);
    }
    if (entries.empty())
        throw StoreError("the store key file " + path + " holds no key");
    return entries;
}

} // namespace

StoreKey::StoreKey(std::vector<Entry> entries) : _entries(std::move(entries))
{
    if (_entries.empty())
        throw StoreError("a store key ring needs at least one key");
    for (std::size_t i = 0; i < _entries.size(); ++i)
    {
        if (!validId(_entries[i].id))
            throw StoreError("a store key id must be 1-16 characters of [A-Za-z0-9_-]");
        for (std::size_t j = 0; j < i; ++j)
            if (_entries[j].id == _entries[i].id)
                throw StoreError("the store key id " + _entries[i].id + " appears twice");
    }
}

StoreKey StoreKey::load(const std::string& keyFile)
{
    std::string text = readSecretFile(keyFile);
    auto entries = parse(text, keyFile);
    OPENSSL_cleanse(text.data(), text.size());
    return StoreKey(std::move(entries));
}

StoreKey StoreKey::loadOrCreate(const std::string& keyFile, const std::string& stateDir)
{
    if (!keyFile.empty())
        return load(keyFile);
    if (stateDir.empty())
        throw StoreError("no store key file is named (OURA_MCP_STORE_KEY_FILE) and there is no state folder");
    try
    {
        Platform::PrivateFile::makeFolders(stateDir);
    }
    catch (const std::exception& e)
    {
        throw StoreError(std::string("the state folder: ") + e.what());
    }
    const std::string path =
        Poco::Path(Poco::Path::forDirectory(stateDir)).setFileName("store.key").toString();
    const Entry entry = generate();
    std::string text =
        "# oura-mcp store key: the first line seals new values; keep older lines below it until\n"
        "# every value has been resealed (docs: StoreKey rotation). Never share this file.\n" +
        formatLine(entry);
    bool created = false;
    try
    {
        // Exclusively: of two processes starting together, the loser reads the winner's key.
        created = Platform::PrivateFile::createExclusive(path, text);
    }
    catch (const std::exception& e)
    {
        OPENSSL_cleanse(text.data(), text.size());
        throw StoreError(std::string("the store key file: ") + e.what());
    }
    OPENSSL_cleanse(text.data(), text.size());
    if (!created)
        return load(path);
    return StoreKey({entry});
}

StoreKey::Entry StoreKey::generate()
{
    Entry entry;
    entry.id = SecretHash::randomHex(4);
    if (RAND_bytes(entry.bytes.data(), static_cast<int>(entry.bytes.size())) != 1)
        throw StoreError("the system's random number generator failed");
    return entry;
}

std::string StoreKey::formatLine(const Entry& entry)
{
    static const char digits[] = "0123456789abcdef";
    std::string line = entry.id + " ";
    for (unsigned char byte : entry.bytes)
    {
        line += digits[byte >> 4];
        line += digits[byte & 0x0f];
    }
    return line + "\n";
}

const StoreKey::Entry& StoreKey::current() const
{
    return _entries.front();
}

const StoreKey::Entry* StoreKey::find(const std::string& id) const
{
    for (const auto& entry : _entries)
        if (entry.id == id)
            return &entry;
    return nullptr;
}

} // namespace OuraMcp::Store

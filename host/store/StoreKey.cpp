#include "store/StoreKey.h"

#include "store/SecretHash.h"
#include "store/StoreError.h"

#include <openssl/crypto.h>
#include <openssl/rand.h>

#include <cerrno>
#include <charconv>
#include <cstring>
#include <fcntl.h>
#include <sstream>
#include <sys/stat.h>
#include <unistd.h>

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
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
    if (fd < 0)
        throw StoreError("cannot open the store key file " + path + ": " + std::strerror(errno));
    struct stat st
    {};
    if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode))
    {
        ::close(fd);
        throw StoreError("the store key file " + path + " is not a regular file");
    }
    if ((st.st_mode & 077) != 0)
    {
        ::close(fd);
        throw StoreError("the store key file " + path + " is readable by group or others; chmod 600 it");
    }
    std::string text;
    char buffer[4096];
    for (;;)
    {
        const ssize_t n = ::read(fd, buffer, sizeof buffer);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        text.append(buffer, static_cast<std::size_t>(n));
    }
    OPENSSL_cleanse(buffer, sizeof buffer);
    ::close(fd);
    return text;
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
    if (::mkdir(stateDir.c_str(), 0700) != 0 && errno != EEXIST)
        throw StoreError("cannot create the state folder " + stateDir + ": " + std::strerror(errno));
    const std::string path = stateDir + "/store.key";
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
    if (fd < 0)
    {
        if (errno == EEXIST)
            return load(path);
        throw StoreError("cannot create the store key file " + path + ": " + std::strerror(errno));
    }
    const Entry entry = generate();
    std::string text =
        "# oura-mcp store key: the first line seals new values; keep older lines below it until\n"
        "# every value has been resealed (docs: StoreKey rotation). Never share this file.\n" +
        formatLine(entry);
    const bool written =
        ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size()) && ::fsync(fd) == 0;
    OPENSSL_cleanse(text.data(), text.size());
    ::close(fd);
    if (!written)
    {
        ::unlink(path.c_str());
        throw StoreError("cannot write the store key file " + path);
    }
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

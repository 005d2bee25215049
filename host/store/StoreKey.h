#pragma once

#include <array>
#include <string>
#include <vector>

namespace OuraMcp::Store {

/// The key ring that seals Oura tokens at rest: a current AES-256 key, which every new value is sealed with,
/// and the previous keys, which still open values sealed before a rotation.
///
/// The key file is text, one key per line, "<key id> <64 hex digits>", the current key first; empty lines
/// and lines starting with '#' are ignored. It must be a regular file that neither group nor others can
/// read (mode 0600 or stricter), as the token file must be.
///
/// Rotation: put a new line (StoreKey::generateLine()) at the top of the file and restart every replica;
/// new writes then use the new key and reads still accept the old one. Call UserStore::resealOuraTokens()
/// (or wait until every user's tokens have been refreshed once), then delete the old line.
class StoreKey
{
public:
    struct Entry
    {
        std::string id; ///< 1–16 characters of [A-Za-z0-9_-]; carried by every sealed value
        std::array<unsigned char, 32> bytes{};
    };

    explicit StoreKey(std::vector<Entry> entries);
    /// Throws StoreError if entries is empty, an id is malformed, or two entries share an id.

    static StoreKey load(const std::string& keyFile);
    /// Reads the key file. Throws StoreError (naming the path, never a key) if it is missing, readable by
    /// group or others, or malformed.

    static StoreKey loadOrCreate(const std::string& keyFile, const std::string& stateDir);
    /// The key file keyFile names (OURA_MCP_STORE_KEY_FILE) if it is not empty; otherwise stateDir/store.key,
    /// generated with one fresh key (mode 0600, created exclusively, the folder made 0700 if missing) the
    /// first time and read on every later start.

    static Entry generate();
    /// A fresh key with a random 8-hex-digit id.

    static std::string formatLine(const Entry& entry);
    /// "<id> <hex>\n": one line of a key file.

    const Entry& current() const;
    const Entry* find(const std::string& id) const;
    /// The key with that id, or nullptr.

    const std::vector<Entry>& entries() const { return _entries; }

private:
    std::vector<Entry> _entries;
};

} // namespace OuraMcp::Store

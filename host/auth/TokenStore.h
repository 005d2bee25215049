#pragma once

#include "auth/TokenFileLock.h"
#include "platform/PrivateFile.h"

#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

namespace OuraMcp::Auth {

std::int64_t unixNowSeconds();
/// The system clock in Unix seconds: the default clock of the auth room (token expiry, saved_at).

/// One set of OAuth tokens as kept in the token file.
struct TokenSet
{
    std::string accessToken;
    std::string refreshToken;
    std::int64_t expiresAt = 0; ///< unix seconds; 0 = unknown
    std::string scope;          ///< as granted, space-separated (Oura prefixes them with "extapi:")
    std::string tokenType = "Bearer";
    std::int64_t savedAt = 0; ///< unix seconds
    std::string chainOrigin;
    /// How the refresh chain started: "login" (`oura-mcp auth login`), or "env:<sha256 hex>" of the
    /// OURA_REFRESH_TOKEN it was first refreshed from (a hash, so the file holds no second secret).
    /// Used by TokenManager to decide whether the file or the environment wins.

    bool empty() const { return accessToken.empty() && refreshToken.empty(); }
};

/// The token file: JSON {access_token, refresh_token, expires_at, scope, token_type, saved_at,
/// chain_origin}. The only place a token is ever written.
class TokenStore
{
public:
    explicit TokenStore(std::string path);
    /// path "" = no token file (nothing is loaded or saved).
    virtual ~TokenStore() = default;

    const std::string& path() const { return _path; }

    std::optional<TokenSet> load() const;
    /// The saved tokens, or nothing when the file is absent, unreadable or corrupt. A corrupt file is
    /// reported once (warning) and left in place. Warns if the file is readable by group or others.
    /// Registers the tokens with Util::Log::addSecret.

    virtual void save(const TokenSet& tokens);
    /// Atomically replaces the file with a private one (Platform::PrivateFile::replace: a 0600 temp file in
    /// the same directory, created exclusively, written, synced and renamed over the target; on Windows an
    /// owner-only access list and MoveFileExW). Creates missing directories private (0700). A crash at any
    /// point leaves either the old or the new complete file.
    /// Throws std::runtime_error (message names the path, never a token) on failure.

    std::unique_ptr<TokenFileLock> lockExclusive() const;
    /// Locks "<path>.lock" for a refresh (see TokenFileLock), creating the token file's folder (0700) first
    /// if it is missing, so that even the very first refresh is serialised across processes. The lock is
    /// not held when there is no token file or the folder cannot be created.

    bool remove();
    /// Deletes the file; true if a file was deleted. Throws std::runtime_error if it exists but cannot
    /// be deleted.

    bool exists() const;

    std::optional<Platform::FileAccess> access() const;
    /// Who besides you may read or change the file (Platform::FileAccess), or nothing if it does not exist.

    std::optional<unsigned> permissions() const;
    /// The file's POSIX permission bits (e.g. 0600), or nothing if it does not exist (or on Windows, which
    /// has none: use access()).

    static bool tooOpen(unsigned permissions) { return (permissions & 077) != 0; }

    static std::string toJson(const TokenSet& tokens);
    static std::optional<TokenSet> fromJson(const std::string& text);
    /// nothing if text is not a JSON object with at least one token.

private:
    std::string _path;
    mutable std::atomic<bool> _warnedCorrupt{false};
    mutable std::atomic<bool> _warnedOpen{false};
};

} // namespace OuraMcp::Auth

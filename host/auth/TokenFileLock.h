#pragma once

#include <memory>
#include <string>

namespace OuraMcp::Platform {
class FileLock;
}

namespace OuraMcp::Auth {

/// An exclusive lock on "<token file>.lock" (Platform::FileLock: flock on POSIX, LockFileEx on Windows), held
/// for the lifetime of the object. Several oura-mcp processes share one token file (Claude Desktop and Claude
/// Code each start their own), and Oura's refresh tokens are single-use: whoever refreshes must re-read the
/// file, talk to the token endpoint and save the successor without another process doing the same in
/// between. The lock is released by the system when the process dies, so a crash never leaves it held.
class TokenFileLock
{
public:
    explicit TokenFileLock(const std::string& tokenFile);
    /// Blocks until the lock is held. Without a token file, or when the lock file cannot be opened (its
    /// folder does not exist yet: then no other process can have tokens to share), nothing is locked.
    ~TokenFileLock();
    TokenFileLock(const TokenFileLock&) = delete;
    TokenFileLock& operator=(const TokenFileLock&) = delete;

    bool held() const;

private:
    std::unique_ptr<Platform::FileLock> _lock;
};

} // namespace OuraMcp::Auth

#pragma once

#include <cstddef>
#include <optional>
#include <string>

namespace OuraMcp::Platform {

/// Who besides you may reach a file or folder, as far as the platform can say.
struct FileAccess
{
    enum class Kind
    {
        RegularFile,
        Folder,
        Other ///< a device, pipe, socket, or (where links are not followed) a symbolic link
    };
    Kind kind = Kind::Other;

    bool openToOthers = false;
    /// Someone besides you may read or change it. POSIX: any group or other permission bit (mode & 077).
    /// Windows: its access list (DACL) allows anyone but you, SYSTEM and Administrators to read or change it,
    /// or it has no access list at all (everyone may do everything).

    bool othersCanWrite = false;
    /// Someone besides you may change it; for a folder: add, rename or delete what is in it. POSIX: the group
    /// or other write bit (mode & 022). Windows: write, delete or re-permission rights in the DACL as above.

    bool ownedByYou = true;
    /// POSIX: its owner is the effective user id. Windows: its owner is your account (or Administrators, the
    /// owner of what an elevated process creates).

    std::optional<unsigned> mode; ///< the POSIX permission bits (e.g. 0600); nothing on Windows
    std::string owner;            ///< "uid 1000" or the owner's SID ("S-1-5-21-..."), for messages

    std::string describe() const;
    /// For messages: "mode 0600" on POSIX; "access list: only you" or "access list: open to others" on Windows.
};

/// Files only their user may read: the token file, the store key, the HTTP session key, the SQLite store.
/// POSIX: files are created with mode 0600 and folders with 0700. Windows: files and folders are created
/// with an explicit, protected access list (DACL) that grants full control to the current user and to no
/// one else (no inheritance from the parent folder; SYSTEM and Administrators can still take ownership, as
/// they can of anything). Paths are UTF-8. Errors are std::runtime_error naming the path and the system's
/// reason, never the contents.
class PrivateFile
{
public:
    static void makeFolders(const std::string& dir);
    /// mkdir -p: creates dir and its missing parents, each created one private (0700; the DACL above).
    /// Folders that exist are left as they are. Throws if one cannot be created or a part is not a folder.

    static void replace(const std::string& path, const std::string& data);
    /// Atomically replaces path with data, creating its folder (makeFolders) if missing: a private temp file
    /// "<name>.tmp.<pid>.<n>.<t>" in the same folder is created exclusively (O_EXCL; CREATE_NEW), written,
    /// flushed to disk (fsync; FlushFileBuffers) and renamed over path (rename; MoveFileExW with
    /// MOVEFILE_REPLACE_EXISTING | MOVEFILE_WRITE_THROUGH, retried for up to about a second while a virus
    /// scanner or an indexer holds the target open), then the folder is synced (POSIX; on Windows the write-
    /// through move is durable). A crash at any point leaves either the old or the new complete file. Temp
    /// files of processes that died mid-save are removed afterwards; those of live processes are left alone.
    /// The new file is private even if the old one was not.

    static bool createExclusive(const std::string& path, const std::string& data);
    /// Creates path (private) with data and flushes it to disk, only if it does not exist yet: false if it
    /// does (another process won the race; read it). Does not create folders. On a failed write the file is
    /// removed again and this throws.

    static FileAccess openOrCreate(const std::string& path);
    /// Creates path empty and private if it does not exist (never truncates), without following a symbolic
    /// link at the last component, and returns its access (for a database file that a library then opens).

    struct Contents
    {
        FileAccess access;
        std::string text; ///< empty unless access.kind is RegularFile
    };

    enum class Links
    {
        Follow,
        DontFollow ///< a symbolic link at the last component is reported as Kind::Other (O_NOFOLLOW)
    };

    static std::optional<Contents> read(const std::string& path, Links links = Links::Follow,
                                        std::size_t limit = 16u << 20);
    /// The file's access (from the open file, so both describe the same file) and, for a regular file, its
    /// first limit bytes. Nothing if it does not exist. Throws if it exists but cannot be opened or read.
    /// Windows: opened with FILE_SHARE_DELETE, so a reader never blocks replace() in another process.

    static std::optional<FileAccess> inspect(const std::string& path);
    /// The access of a file or folder (links followed), or nothing if it does not exist or cannot be
    /// examined.

    static bool exists(const std::string& path);

    static bool remove(const std::string& path);
    /// Deletes a file: true if it was deleted, false if there was none. Throws if it cannot be deleted.

    static std::string makePrivateCommand(const std::string& path);
    /// The command a user runs to make a file private: "chmod 600 <path>", or on Windows
    /// icacls "<path>" /inheritance:r /grant:r "%USERNAME%:F".

    static std::string closeFolderCommand(const std::string& dir);
    /// ... to stop others from changing a folder: "chmod go-w <dir>", or an icacls line as above.

    static std::string takeOwnershipCommand(const std::string& path);
    /// ... to make a file theirs: "chown <uid> <path>" (needs root), or takeown /f "<path>".
};

} // namespace OuraMcp::Platform

#include "platform/PrivateFile.h"
#include "platform/PrivateFileNative.h"

#include "platform/Process.h"
#include "platform/WindowsText.h"

#include <windows.h>

#include <aclapi.h>
#include <sddl.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <stdexcept>
#include <thread>
#include <vector>

namespace OuraMcp::Platform {

namespace Windows {

namespace {

/// The current user's SID (from the process token), empty if it cannot be read.
const std::vector<BYTE>& userSid()
{
    static const std::vector<BYTE> sid = [] {
        std::vector<BYTE> out;
        HANDLE token = nullptr;
        if (!::OpenProcessToken(::GetCurrentProcess(), TOKEN_QUERY, &token))
            return out;
        DWORD size = 0;
        ::GetTokenInformation(token, TokenUser, nullptr, 0, &size);
        std::vector<BYTE> buffer(size);
        if (size > 0 && ::GetTokenInformation(token, TokenUser, buffer.data(), size, &size))
        {
            const PSID user = reinterpret_cast<TOKEN_USER*>(buffer.data())->User.Sid;
            out.assign(static_cast<BYTE*>(user), static_cast<BYTE*>(user) + ::GetLengthSid(user));
        }
        ::CloseHandle(token);
        return out;
    }();
    return sid;
}

PSID user()
{
    const auto& sid = userSid();
    return sid.empty() ? nullptr : const_cast<BYTE*>(sid.data());
}

std::string sidText(PSID sid)
{
    wchar_t* text = nullptr;
    if (sid == nullptr || !::ConvertSidToStringSidW(sid, &text))
        return {};
    std::string out = narrow(std::wstring(text));
    ::LocalFree(text);
    return out;
}

/// You, SYSTEM and Administrators: the principals a private file may grant access to.
bool trusted(PSID sid)
{
    return (user() != nullptr && ::EqualSid(sid, user())) || ::IsWellKnownSid(sid, WinLocalSystemSid) ||
           ::IsWellKnownSid(sid, WinBuiltinAdministratorsSid);
}

constexpr ACCESS_MASK kReadRights = FILE_READ_DATA | GENERIC_READ | GENERIC_ALL | MAXIMUM_ALLOWED;
constexpr ACCESS_MASK kWriteRights = FILE_WRITE_DATA | FILE_APPEND_DATA | FILE_WRITE_EA | FILE_DELETE_CHILD |
                                     DELETE | WRITE_DAC | WRITE_OWNER | GENERIC_WRITE | GENERIC_ALL;

} // namespace

PrivateSecurity::PrivateSecurity(For what)
{
    const std::string sid = sidText(user());
    if (sid.empty())
        return;
    // P: protected, no inheritance from the parent; A: allow; OICI: inherited by files and folders inside;
    // FA: full access (FILE_ALL_ACCESS).
    const std::wstring sddl =
        wide(std::string("D:P(A;") + (what == For::Folder ? "OICI" : "") + ";FA;;;" + sid + ")");
    PSECURITY_DESCRIPTOR descriptor = nullptr;
    if (!::ConvertStringSecurityDescriptorToSecurityDescriptorW(sddl.c_str(), SDDL_REVISION_1, &descriptor,
                                                                nullptr))
        return;
    _attributes.nLength = sizeof _attributes;
    _attributes.lpSecurityDescriptor = descriptor;
    _attributes.bInheritHandle = FALSE;
}

PrivateSecurity::~PrivateSecurity()
{
    if (_attributes.lpSecurityDescriptor)
        ::LocalFree(_attributes.lpSecurityDescriptor);
}

FileAccess accessOf(HANDLE file)
{
    FileAccess access;
    BY_HANDLE_FILE_INFORMATION info{};
    if (::GetFileType(file) == FILE_TYPE_DISK && ::GetFileInformationByHandle(file, &info))
    {
        if (info.dwFileAttributes & FILE_ATTRIBUTE_REPARSE_POINT)
            access.kind = FileAccess::Kind::Other; // a link opened without following it
        else if (info.dwFileAttributes & FILE_ATTRIBUTE_DIRECTORY)
            access.kind = FileAccess::Kind::Folder;
        else
            access.kind = FileAccess::Kind::RegularFile;
    }

    PSID owner = nullptr;
    PACL dacl = nullptr;
    PSECURITY_DESCRIPTOR descriptor = nullptr;
    if (::GetSecurityInfo(file, SE_FILE_OBJECT, OWNER_SECURITY_INFORMATION | DACL_SECURITY_INFORMATION,
                          &owner, nullptr, &dacl, nullptr, &descriptor) != ERROR_SUCCESS)
    {
        // Cannot tell: say so the careful way.
        access.openToOthers = true;
        access.owner = "unknown";
        return access;
    }
    access.owner = sidText(owner);
    access.ownedByYou = owner != nullptr && ((user() != nullptr && ::EqualSid(owner, user())) ||
                                             ::IsWellKnownSid(owner, WinBuiltinAdministratorsSid));
    if (dacl == nullptr)
    {
        access.openToOthers = access.othersCanWrite = true; // a NULL DACL grants everyone everything
    }
    else
    {
        for (DWORD i = 0; i < dacl->AceCount; ++i)
        {
            void* entry = nullptr;
            if (!::GetAce(dacl, i, &entry))
                continue;
            const auto* header = static_cast<const ACE_HEADER*>(entry);
            if (header->AceType != ACCESS_ALLOWED_ACE_TYPE || (header->AceFlags & INHERIT_ONLY_ACE))
                continue;
            const auto* allowed = static_cast<const ACCESS_ALLOWED_ACE*>(entry);
            PSID sid = const_cast<DWORD*>(&allowed->SidStart);
            // OWNER RIGHTS stands for whoever owns it.
            if (trusted(sid) || (::IsWellKnownSid(sid, WinCreatorOwnerRightsSid) && access.ownedByYou))
                continue;
            if (allowed->Mask & (kReadRights | kWriteRights))
                access.openToOthers = true;
            if (allowed->Mask & kWriteRights)
                access.othersCanWrite = true;
        }
    }
    ::LocalFree(descriptor);
    return access;
}

} // namespace Windows

namespace {

using Windows::errorText;
using Windows::wide;

bool separator(wchar_t c)
{
    return c == L'\\' || c == L'/';
}

/// The folder part of a path ("" for a bare name); "C:\" and "\\server\share\" keep their separator.
std::string folderOf(const std::string& path)
{
    const auto slash = path.find_last_of("\\/");
    if (slash == std::string::npos)
        return {};
    if (slash == 2 && path.size() > 1 && path[1] == ':')
        return path.substr(0, 3);
    return path.substr(0, slash);
}

std::string nameOf(const std::string& path)
{
    const auto slash = path.find_last_of("\\/");
    return slash == std::string::npos ? path : path.substr(slash + 1);
}

/// A folder that cannot (and need not) be created: a drive root, a UNC share, "".
bool isRoot(const std::wstring& dir)
{
    if (dir.empty() || (dir.size() <= 3 && dir.size() >= 2 && dir[1] == L':'))
        return true;
    if (dir.size() > 2 && separator(dir[0]) && separator(dir[1]))
    {
        // \\server\share: a root; \\server\share\x: not.
        std::size_t parts = 0;
        for (std::size_t i = 2; i < dir.size(); ++i)
            if (separator(dir[i]) && i + 1 < dir.size())
                ++parts;
        return parts < 2;
    }
    return false;
}

/// Windows errors that mean "someone has the file open right now" (virus scanners, indexers, backup).
bool transient(DWORD error)
{
    return error == ERROR_SHARING_VIOLATION || error == ERROR_ACCESS_DENIED || error == ERROR_LOCK_VIOLATION;
}

void writeAll(HANDLE file, const std::string& data, const std::string& path)
{
    std::size_t written = 0;
    while (written < data.size())
    {
        const std::size_t left = data.size() - written;
        const DWORD chunk = left > (1u << 30) ? (1u << 30) : static_cast<DWORD>(left);
        DWORD n = 0;
        if (!::WriteFile(file, data.data() + written, chunk, &n, nullptr))
            throw std::runtime_error("cannot write " + path + ": " + errorText(::GetLastError()));
        written += n;
    }
}

void removeStaleTempFiles(const std::string& dir, const std::string& name)
{
    const std::string prefix = name + ".tmp.";
    const std::string folder = dir.empty() ? std::string() : dir + "\\";
    WIN32_FIND_DATAW found{};
    HANDLE search = ::FindFirstFileW(wide(folder + prefix + "*").c_str(), &found);
    if (search == INVALID_HANDLE_VALUE)
        return;
    do
    {
        const std::string file = Windows::narrow(std::wstring(found.cFileName));
        if (file.compare(0, prefix.size(), prefix) != 0)
            continue;
        const long pid = std::strtol(file.c_str() + prefix.size(), nullptr, 10);
        if (!Process::alive(pid))
            ::DeleteFileW(wide(folder + file).c_str());
    } while (::FindNextFileW(search, &found));
    ::FindClose(search);
}

/// Opens path for examining (and, with readData, reading) without keeping others from replacing or
/// deleting it.
HANDLE openShared(const std::string& path, bool readData, bool follow)
{
    const DWORD flags = FILE_FLAG_BACKUP_SEMANTICS | (follow ? 0 : FILE_FLAG_OPEN_REPARSE_POINT);
    return ::CreateFileW(wide(path).c_str(), (readData ? GENERIC_READ : FILE_READ_ATTRIBUTES) | READ_CONTROL,
                         FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, nullptr, OPEN_EXISTING,
                         flags, nullptr);
}

bool missing(DWORD error)
{
    return error == ERROR_FILE_NOT_FOUND || error == ERROR_PATH_NOT_FOUND;
}

} // namespace

void PrivateFile::makeFolders(const std::string& dir)
{
    std::wstring path = wide(dir);
    while (path.size() > 1 && separator(path.back()) && !isRoot(path))
        path.pop_back();
    if (isRoot(path))
        return;
    const DWORD attributes = ::GetFileAttributesW(path.c_str());
    if (attributes != INVALID_FILE_ATTRIBUTES)
    {
        if (!(attributes & FILE_ATTRIBUTE_DIRECTORY))
            throw std::runtime_error(dir + " exists and is not a directory");
        return;
    }
    const auto slash = path.find_last_of(L"\\/");
    if (slash != std::wstring::npos && slash > 0)
        makeFolders(Windows::narrow(path.substr(0, slash == 2 && path[1] == L':' ? 3 : slash)));
    Windows::PrivateSecurity security(Windows::PrivateSecurity::For::Folder);
    if (!::CreateDirectoryW(path.c_str(), security.get()) && ::GetLastError() != ERROR_ALREADY_EXISTS)
        throw std::runtime_error("cannot create directory " + Windows::narrow(path) + ": " +
                                 errorText(::GetLastError()));
}

void PrivateFile::replace(const std::string& path, const std::string& data)
{
    const std::string dir = folderOf(path);
    makeFolders(dir);

    static std::atomic<unsigned> counter{0};
    Windows::PrivateSecurity security(Windows::PrivateSecurity::For::File);
    std::string tempPath;
    HANDLE file = INVALID_HANDLE_VALUE;
    for (int attempt = 0; attempt < 10 && file == INVALID_HANDLE_VALUE; ++attempt)
    {
        tempPath = path + ".tmp." + std::to_string(Process::currentId()) + "." + std::to_string(++counter) +
                   "." +
                   std::to_string(std::chrono::steady_clock::now().time_since_epoch().count() % 1000000);
        file = ::CreateFileW(wide(tempPath).c_str(), GENERIC_WRITE, 0, security.get(), CREATE_NEW,
                             FILE_ATTRIBUTE_NORMAL, nullptr);
        if (file == INVALID_HANDLE_VALUE && ::GetLastError() != ERROR_FILE_EXISTS)
            throw std::runtime_error("cannot create a temporary file beside " + path + ": " +
                                     errorText(::GetLastError()));
    }
    if (file == INVALID_HANDLE_VALUE)
        throw std::runtime_error("cannot create a temporary file beside " + path);

    try
    {
        writeAll(file, data, tempPath);
        if (!::FlushFileBuffers(file))
            throw std::runtime_error("cannot sync " + tempPath + ": " + errorText(::GetLastError()));
        ::CloseHandle(file);
        file = INVALID_HANDLE_VALUE;
        const std::wstring from = wide(tempPath);
        const std::wstring to = wide(path);
        // A virus scanner or the indexer may hold the target open for a moment: retry for about a second.
        for (int attempt = 0;; ++attempt)
        {
            if (::MoveFileExW(from.c_str(), to.c_str(), MOVEFILE_REPLACE_EXISTING | MOVEFILE_WRITE_THROUGH))
                break;
            const DWORD error = ::GetLastError();
            if (!transient(error) || attempt >= 20)
                throw std::runtime_error("cannot replace " + path + ": " + errorText(error));
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
    }
    catch (...)
    {
        if (file != INVALID_HANDLE_VALUE)
            ::CloseHandle(file);
        ::DeleteFileW(wide(tempPath).c_str());
        throw;
    }

    removeStaleTempFiles(dir, nameOf(path));
}

bool PrivateFile::createExclusive(const std::string& path, const std::string& data)
{
    Windows::PrivateSecurity security(Windows::PrivateSecurity::For::File);
    HANDLE file = ::CreateFileW(wide(path).c_str(), GENERIC_WRITE, 0, security.get(), CREATE_NEW,
                                FILE_ATTRIBUTE_NORMAL, nullptr);
    if (file == INVALID_HANDLE_VALUE)
    {
        const DWORD error = ::GetLastError();
        if (error == ERROR_FILE_EXISTS || error == ERROR_ALREADY_EXISTS)
            return false;
        throw std::runtime_error("cannot create " + path + ": " + errorText(error));
    }
    try
    {
        writeAll(file, data, path);
        if (!::FlushFileBuffers(file))
            throw std::runtime_error("cannot sync " + path + ": " + errorText(::GetLastError()));
    }
    catch (...)
    {
        ::CloseHandle(file);
        ::DeleteFileW(wide(path).c_str());
        throw;
    }
    ::CloseHandle(file);
    return true;
}

FileAccess PrivateFile::openOrCreate(const std::string& path)
{
    Windows::PrivateSecurity security(Windows::PrivateSecurity::For::File);
    HANDLE file = ::CreateFileW(wide(path).c_str(), GENERIC_READ | GENERIC_WRITE | READ_CONTROL,
                                FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, security.get(),
                                OPEN_ALWAYS, FILE_ATTRIBUTE_NORMAL | FILE_FLAG_OPEN_REPARSE_POINT, nullptr);
    if (file == INVALID_HANDLE_VALUE)
        throw std::runtime_error("cannot open " + path + ": " + errorText(::GetLastError()));
    const FileAccess access = Windows::accessOf(file);
    ::CloseHandle(file);
    return access;
}

std::optional<PrivateFile::Contents> PrivateFile::read(const std::string& path, Links links,
                                                       std::size_t limit)
{
    HANDLE file = openShared(path, true, links == Links::Follow);
    if (file == INVALID_HANDLE_VALUE)
    {
        const DWORD error = ::GetLastError();
        if (missing(error))
            return std::nullopt;
        throw std::runtime_error("cannot open " + path + ": " + errorText(error));
    }
    Contents contents;
    contents.access = Windows::accessOf(file);
    if (contents.access.kind == FileAccess::Kind::RegularFile)
    {
        char buffer[4096];
        while (contents.text.size() < limit)
        {
            const std::size_t want = std::min(sizeof buffer, limit - contents.text.size());
            DWORD n = 0;
            if (!::ReadFile(file, buffer, static_cast<DWORD>(want), &n, nullptr))
            {
                const DWORD error = ::GetLastError();
                ::CloseHandle(file);
                throw std::runtime_error("cannot read " + path + ": " + errorText(error));
            }
            if (n == 0)
                break;
            contents.text.append(buffer, n);
        }
        ::SecureZeroMemory(buffer, sizeof buffer);
    }
    ::CloseHandle(file);
    return contents;
}

std::optional<FileAccess> PrivateFile::inspect(const std::string& path)
{
    if (path.empty())
        return std::nullopt;
    HANDLE file = openShared(path, false, true);
    if (file == INVALID_HANDLE_VALUE)
        return std::nullopt;
    const FileAccess access = Windows::accessOf(file);
    ::CloseHandle(file);
    return access;
}

bool PrivateFile::exists(const std::string& path)
{
    return !path.empty() && ::GetFileAttributesW(wide(path).c_str()) != INVALID_FILE_ATTRIBUTES;
}

bool PrivateFile::remove(const std::string& path)
{
    const std::wstring target = wide(path);
    for (int attempt = 0;; ++attempt)
    {
        if (::DeleteFileW(target.c_str()))
            return true;
        const DWORD error = ::GetLastError();
        if (missing(error))
            return false;
        if (!transient(error) || attempt >= 20)
            throw std::runtime_error("cannot delete " + path + ": " + errorText(error));
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
}

std::string PrivateFile::makePrivateCommand(const std::string& path)
{
    return "icacls \"" + path + "\" /inheritance:r /grant:r \"%USERNAME%:F\"";
}

std::string PrivateFile::closeFolderCommand(const std::string& dir)
{
    return "icacls \"" + dir + "\" /inheritance:r /grant:r \"%USERNAME%:(OI)(CI)F\"";
}

std::string PrivateFile::takeOwnershipCommand(const std::string& path)
{
    return "takeown /f \"" + path + "\"";
}

} // namespace OuraMcp::Platform

#include "platform/FileTrust.h"

#include "platform/WideString.h"
#include "platform/WindowsErrorText.h"

#include <windows.h>

#include <aclapi.h>
#include <sddl.h>

#include <cstdio>
#include <memory>
#include <vector>

namespace OuraMcp::Platform {

namespace {

struct LocalFreeDeleter
{
    void operator()(void* memory) const noexcept { ::LocalFree(memory); }
};

struct HandleCloser
{
    void operator()(HANDLE handle) const noexcept { ::CloseHandle(handle); }
};
using UniqueHandle = std::unique_ptr<void, HandleCloser>;

std::wstring nativePath(const std::string& path)
{
    std::wstring wide = widen(path);
    for (wchar_t& c : wide)
    {
        if (c == L'/')
            c = L'\\';
    }
    return wide;
}

/// "S-1-5-32-545": shown next to an account name, and what icacls accepts as *S-1-5-32-545.
std::string sidString(PSID sid)
{
    wchar_t* text = nullptr;
    if (!::ConvertSidToStringSidW(sid, &text))
        return "an unreadable SID";
    std::unique_ptr<void, LocalFreeDeleter> owned(text);
    return narrow(text);
}

/// "BUILTIN\Users (S-1-5-32-545)", or the SID alone for an account this machine cannot name.
std::string accountName(PSID sid)
{
    wchar_t name[256];
    wchar_t domain[256];
    DWORD nameSize = 256;
    DWORD domainSize = 256;
    SID_NAME_USE use;
    const std::string id = sidString(sid);
    if (!::LookupAccountSidW(nullptr, sid, name, &nameSize, domain, &domainSize, &use))
        return id;
    std::wstring shown = domainSize > 0 ? std::wstring(domain) + L"\\" + name : std::wstring(name);
    return narrow(shown) + " (" + id + ")";
}

/// The SID of a well-known account or group, in a buffer that owns it.
std::vector<unsigned char> wellKnownSid(WELL_KNOWN_SID_TYPE type)
{
    std::vector<unsigned char> sid(SECURITY_MAX_SID_SIZE);
    DWORD size = SECURITY_MAX_SID_SIZE;
    if (!::CreateWellKnownSid(type, nullptr, sid.data(), &size))
        return {};
    sid.resize(size);
    return sid;
}

/// NT SERVICE\TrustedInstaller owns and may change what Windows itself installs (and, by inheritance,
/// folders below Program Files): as trusted as SYSTEM.
std::vector<unsigned char> trustedInstallerSid()
{
    PSID sid = nullptr;
    if (!::ConvertStringSidToSidW(L"S-1-5-80-956008885-3418522649-1831038044-1853292631-2271478464", &sid))
        return {};
    std::unique_ptr<void, LocalFreeDeleter> owned(sid);
    const auto* bytes = static_cast<const unsigned char*>(sid);
    return std::vector<unsigned char>(bytes, bytes + ::GetLengthSid(sid));
}

/// The user this process runs as (its token's user), or "" with error set.
std::vector<unsigned char> currentUserSid(std::string& error)
{
    HANDLE rawToken = nullptr;
    if (!::OpenProcessToken(::GetCurrentProcess(), TOKEN_QUERY, &rawToken))
    {
        error = "cannot read the access token of oura-mcp: " + windowsErrorText(::GetLastError());
        return {};
    }
    UniqueHandle token(rawToken);
    DWORD size = 0;
    ::GetTokenInformation(rawToken, TokenUser, nullptr, 0, &size);
    std::vector<unsigned char> buffer(size);
    if (size == 0 || !::GetTokenInformation(rawToken, TokenUser, buffer.data(), size, &size))
    {
        error = "cannot read the user of oura-mcp's access token: " + windowsErrorText(::GetLastError());
        return {};
    }
    PSID sid = reinterpret_cast<TOKEN_USER*>(buffer.data())->User.Sid;
    const auto* bytes = static_cast<const unsigned char*>(sid);
    return std::vector<unsigned char>(bytes, bytes + ::GetLengthSid(sid));
}

bool sameSid(PSID sid, const std::vector<unsigned char>& other)
{
    return !other.empty() && ::EqualSid(sid, const_cast<unsigned char*>(other.data()));
}

std::string hex32(DWORD value)
{
    char buf[16];
    std::snprintf(buf, sizeof buf, "0x%08lX", static_cast<unsigned long>(value));
    return buf;
}

/// Rights that let someone replace or change what oura-mcp would run: write or append data (for a folder:
/// add files or subfolders), delete it or its children, change its permissions or owner.
constexpr DWORD kChangingRights = FILE_WRITE_DATA | FILE_APPEND_DATA | FILE_DELETE_CHILD | DELETE |
                                  WRITE_DAC | WRITE_OWNER | GENERIC_WRITE | GENERIC_ALL;

} // namespace

std::string FileTrust::untrustedReason(const std::string& path, bool isDirectory)
{
    const char* noun = isDirectory ? "the folder " : "the file ";
    const std::wstring native = nativePath(path);
    const DWORD attributes = ::GetFileAttributesW(native.c_str());
    if (attributes == INVALID_FILE_ATTRIBUTES)
        return std::string("cannot check ") + noun + path + ": " + windowsErrorText(::GetLastError());
    const bool directory = (attributes & FILE_ATTRIBUTE_DIRECTORY) != 0;
    if (isDirectory && !directory)
        return path + " is not a folder";
    if (!isDirectory && (directory || (attributes & FILE_ATTRIBUTE_DEVICE) != 0))
        return path + " is not a regular file";

    PSID owner = nullptr;
    PACL dacl = nullptr;
    PSECURITY_DESCRIPTOR descriptor = nullptr;
    const DWORD status = ::GetNamedSecurityInfoW(native.c_str(), SE_FILE_OBJECT,
                                                 OWNER_SECURITY_INFORMATION | DACL_SECURITY_INFORMATION,
                                                 &owner, nullptr, &dacl, nullptr, &descriptor);
    if (status != ERROR_SUCCESS)
        return std::string("cannot read the owner and permissions of ") + noun + path + ": " +
               windowsErrorText(status);
    std::unique_ptr<void, LocalFreeDeleter> ownedDescriptor(descriptor);

    std::string error;
    const std::vector<unsigned char> me = currentUserSid(error);
    if (me.empty())
        return std::string("cannot check ") + noun + path + ": " + error;
    const std::vector<unsigned char> system = wellKnownSid(WinLocalSystemSid);
    const std::vector<unsigned char> administrators = wellKnownSid(WinBuiltinAdministratorsSid);
    const std::vector<unsigned char> trustedInstaller = trustedInstallerSid();
    auto trusted = [&](PSID sid) {
        return sameSid(sid, me) || sameSid(sid, system) || sameSid(sid, administrators) ||
               sameSid(sid, trustedInstaller);
    };
    const std::string meName = accountName(const_cast<unsigned char*>(me.data()));

    if (owner == nullptr || !trusted(owner))
        return std::string(noun) + path + " is owned by " + (owner ? accountName(owner) : "no one") +
               ", not by SYSTEM, Administrators or the user running oura-mcp (" + meName +
               "); run: icacls \"" + path + "\" /setowner *" +
               sidString(const_cast<unsigned char*>(me.data()));

    if (dacl == nullptr)
        return std::string(noun) + path +
               " has no access control list (a NULL DACL), so anyone could put code into oura-mcp; run: "
               "icacls \"" +
               path + "\" /reset";
    for (DWORD i = 0; i < dacl->AceCount; ++i)
    {
        void* entry = nullptr;
        if (!::GetAce(dacl, i, &entry))
            return std::string("cannot read rule ") + std::to_string(i + 1) + " of the permissions of " +
                   noun + path + ": " + windowsErrorText(::GetLastError());
        const auto* header = static_cast<const ACE_HEADER*>(entry);
        if ((header->AceFlags & INHERIT_ONLY_ACE) != 0)
            continue; // only for what is created inside the folder later, not for the folder itself
        PSID grantee = nullptr;
        DWORD mask = 0;
        if (header->AceType == ACCESS_ALLOWED_ACE_TYPE)
        {
            const auto* allowed = static_cast<const ACCESS_ALLOWED_ACE*>(entry);
            mask = allowed->Mask;
            grantee = const_cast<DWORD*>(&allowed->SidStart);
        }
        else if (header->AceType == ACCESS_ALLOWED_CALLBACK_ACE_TYPE)
        {
            const auto* allowed = static_cast<const ACCESS_ALLOWED_CALLBACK_ACE*>(entry);
            mask = allowed->Mask;
            grantee = const_cast<DWORD*>(&allowed->SidStart);
        }
        else
        {
            continue; // deny and audit rules take nothing away from the owner's control
        }
        if ((mask & kChangingRights) == 0 || trusted(grantee))
            continue;
        const std::string who = accountName(grantee);
        return std::string(noun) + path + " can be changed by " + who + " (an access rule grants " +
               hex32(mask) + "), so anyone in it could put code into oura-mcp; run: icacls \"" + path +
               "\" /inheritance:d /remove:g *" + sidString(grantee);
    }
    return std::string();
}

std::string FileTrust::finalPath(const std::string& path, std::string& error)
{
    // FILE_FLAG_BACKUP_SEMANTICS opens folders too; no access right is needed to ask for the name.
    HANDLE raw =
        ::CreateFileW(nativePath(path).c_str(), 0, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE,
                      nullptr, OPEN_EXISTING, FILE_FLAG_BACKUP_SEMANTICS, nullptr);
    if (raw == INVALID_HANDLE_VALUE)
    {
        error = windowsErrorText(::GetLastError());
        return std::string();
    }
    UniqueHandle file(raw);
    std::wstring buffer(MAX_PATH, L'\0');
    for (;;)
    {
        const DWORD length = ::GetFinalPathNameByHandleW(
            raw, buffer.data(), static_cast<DWORD>(buffer.size()), FILE_NAME_NORMALIZED | VOLUME_NAME_DOS);
        if (length == 0)
        {
            error = windowsErrorText(::GetLastError());
            return std::string();
        }
        if (length < buffer.size())
        {
            buffer.resize(length);
            break;
        }
        buffer.assign(length + 1, L'\0'); // length is the size needed, with the terminator
    }
    // "\\?\C:\x" -> "C:\x", "\\?\UNC\server\share" -> "\\server\share".
    if (buffer.compare(0, 8, L"\\\\?\\UNC\\") == 0)
        buffer = L"\\\\" + buffer.substr(8);
    else if (buffer.compare(0, 4, L"\\\\?\\") == 0)
        buffer = buffer.substr(4);
    return narrow(buffer);
}

} // namespace OuraMcp::Platform

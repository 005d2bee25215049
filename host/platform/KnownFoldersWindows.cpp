#include "platform/KnownFolders.h"

#include "platform/Paths.h"
#include "platform/WindowsText.h"

#include <windows.h>

// Defines the FOLDERID_* GUIDs here, so that nothing needs uuid.lib / libuuid.a.
#include <initguid.h>

#include <knownfolders.h>
#include <objbase.h>
#include <shlobj.h>

namespace OuraMcp::Platform {

namespace {

std::string value(const KnownFolders::Environment& env, const char* name)
{
    const auto it = env.find(name);
    return it == env.end() ? std::string() : it->second;
}

std::string known(REFKNOWNFOLDERID id)
{
    PWSTR path = nullptr;
    std::string out;
    if (SUCCEEDED(::SHGetKnownFolderPath(id, KF_FLAG_DEFAULT, nullptr, &path)) && path != nullptr)
        out = Windows::narrow(std::wstring(path));
    ::CoTaskMemFree(path);
    return Paths::isAbsolute(out) ? out : std::string();
}

/// The variable if it names an absolute path, else the known folder it stands for.
std::string folder(const KnownFolders::Environment& env, const char* variable, REFKNOWNFOLDERID id)
{
    const std::string own = value(env, variable);
    return Paths::isAbsolute(own) ? own : known(id);
}

} // namespace

std::string KnownFolders::config(const Environment& env)
{
    return folder(env, "APPDATA", FOLDERID_RoamingAppData);
}

std::string KnownFolders::state(const Environment& env)
{
    return folder(env, "LOCALAPPDATA", FOLDERID_LocalAppData);
}

std::string KnownFolders::home(const Environment& env)
{
    return folder(env, "USERPROFILE", FOLDERID_Profile);
}

} // namespace OuraMcp::Platform

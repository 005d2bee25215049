#pragma once

// Windows only: the access lists of PrivateFile, shared with FileLockWindows.cpp.

#include "platform/PrivateFile.h"

#include <windows.h>

namespace OuraMcp::Platform::Windows {

/// SECURITY_ATTRIBUTES whose descriptor is a protected DACL granting full control to the current user only
/// ("D:P(A;OICI;FA;;;<your SID>)" for folders, so that what is created in them inherits it; "D:P(A;;FA;;;
/// <your SID>)" for files), not inheritable by child processes. get() is nullptr (the parent's inherited
/// ACL applies) if the descriptor cannot be built.
class PrivateSecurity
{
public:
    enum class For
    {
        File,
        Folder
    };
    explicit PrivateSecurity(For what);
    ~PrivateSecurity();
    PrivateSecurity(const PrivateSecurity&) = delete;
    PrivateSecurity& operator=(const PrivateSecurity&) = delete;

    SECURITY_ATTRIBUTES* get() { return _attributes.lpSecurityDescriptor ? &_attributes : nullptr; }

private:
    SECURITY_ATTRIBUTES _attributes{};
};

FileAccess accessOf(HANDLE file);
/// The kind (from the handle's attributes), owner and DACL of an open file or folder (opened with READ_CONTROL).

} // namespace OuraMcp::Platform::Windows

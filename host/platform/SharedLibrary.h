#pragma once

#include <string>
#include <utility>

namespace OuraMcp::Platform {

/// One shared library (a plugin) opened by its path: dlopen(RTLD_NOW | RTLD_LOCAL) on POSIX, LoadLibraryExW
/// on Windows (with the library's own folder and the system folders as its search path, never the current
/// directory or PATH). Move-only. The destructor does not unload: a library whose code ran may hold state the
/// host cannot take back, so unloading is always an explicit close().
class SharedLibrary
{
public:
    SharedLibrary() = default;
    ~SharedLibrary() = default;
    SharedLibrary(SharedLibrary&& other) noexcept : _handle(std::exchange(other._handle, nullptr)) {}
    SharedLibrary& operator=(SharedLibrary&& other) noexcept
    {
        if (this != &other)
            _handle = std::exchange(other._handle, nullptr);
        return *this;
    }
    SharedLibrary(const SharedLibrary&) = delete;
    SharedLibrary& operator=(const SharedLibrary&) = delete;

    bool open(const std::string& path, std::string& error);
    /// Loads the library at path (UTF-8) and resolves all its symbols now. On failure returns false and sets
    /// error to the system's reason (dlerror text, or FormatMessageW text with the error number).

    void* symbol(const char* name) const;
    /// The address of the exported symbol name, or nullptr if the library has none (or is not open).

    void close() noexcept;
    /// Unloads the library (dlclose, FreeLibrary); no effect if it is not open.

    bool isOpen() const noexcept { return _handle != nullptr; }

    static const char* suffix() noexcept;
    /// The file name suffix of a loadable library on this platform: ".so" (also on macOS, where the
    /// plugins are built as .so bundles) or ".dll".

private:
    void* _handle = nullptr; ///< dlopen's handle or the HMODULE
};

} // namespace OuraMcp::Platform

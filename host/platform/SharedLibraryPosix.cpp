#include "platform/SharedLibrary.h"

#include <dlfcn.h>
#include <utility>

namespace OuraMcp::Platform {

bool SharedLibrary::open(const std::string& path, std::string& error)
{
    close();
    _handle = ::dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (_handle == nullptr)
    {
        const char* text = ::dlerror();
        error = text ? text : "unknown error";
        return false;
    }
    return true;
}

void* SharedLibrary::symbol(const char* name) const
{
    if (_handle == nullptr)
        return nullptr;
    ::dlerror();
    return ::dlsym(_handle, name);
}

void SharedLibrary::close() noexcept
{
    if (_handle != nullptr)
        ::dlclose(std::exchange(_handle, nullptr));
}

const char* SharedLibrary::suffix() noexcept
{
    return ".so";
}

} // namespace OuraMcp::Platform

#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <string>

namespace OuraMcp::Loader {

/// The growth rule of plugin_abi.h section 2 for structs a plugin writes (descriptors, requests): read
/// min(struct_size, sizeof) bytes into a zeroed copy, refuse less than the struct's 1.0 size, and accept a
/// larger (newer) struct only if every byte this host does not know is zero. That last part is what lets a
/// plugin built against 1.1 load in a 1.0 host as long as it leaves the 1.1 fields unset, the rule Linux
/// uses for its extensible system call structs (copy_struct_from_user).
class StructSize
{
public:
    template <typename T>
    static std::string copy(const T* in, std::size_t v1Size, T& out)
    /// Fills out from in (which starts with uint32_t struct_size); returns "" or what is wrong, as a
    /// sentence to put after the struct's name ("struct_size is 8 bytes, smaller than ...").
    {
        std::memset(&out, 0, sizeof out);
        const uint32_t size = in->struct_size;
        if (size < v1Size)
            return "struct_size is " + std::to_string(size) + " bytes, smaller than the " +
                   std::to_string(v1Size) + " bytes of ABI 1.0 (set it to sizeof the struct)";
        const auto* bytes = reinterpret_cast<const unsigned char*>(in);
        for (std::size_t i = sizeof(T); i < size; ++i)
        {
            if (bytes[i] != 0)
                return "struct_size is " + std::to_string(size) + " bytes and byte " + std::to_string(i) +
                       " is set, but this host knows only " + std::to_string(sizeof(T)) +
                       " bytes: the plugin uses a field of a newer plugin ABI than this host's";
        }
        std::memcpy(&out, in, size < sizeof(T) ? size : sizeof(T));
        return {};
    }

    static std::string hex(uint32_t value)
    /// "0x10": flag bits in messages.
    {
        char buf[16];
        std::snprintf(buf, sizeof buf, "0x%X", value);
        return buf;
    }
};

} // namespace OuraMcp::Loader

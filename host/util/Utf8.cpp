#include "util/Utf8.h"

namespace OuraMcp::Util {

namespace {

/// Length of the well-formed sequence starting at data[i], or 0 if it is not well-formed.
std::size_t sequenceLength(const unsigned char* data, std::size_t size, std::size_t i) noexcept
{
    const unsigned char c = data[i];
    if (c < 0x80)
        return 1;
    std::size_t n = 0;
    unsigned char lo = 0x80;
    unsigned char hi = 0xBF;
    if (c >= 0xC2 && c <= 0xDF)
        n = 2;
    else if (c >= 0xE0 && c <= 0xEF)
    {
        n = 3;
        if (c == 0xE0)
            lo = 0xA0; // overlong
        else if (c == 0xED)
            hi = 0x9F; // surrogates
    }
    else if (c >= 0xF0 && c <= 0xF4)
    {
        n = 4;
        if (c == 0xF0)
            lo = 0x90; // overlong
        else if (c == 0xF4)
            hi = 0x8F; // above U+10FFFF
    }
    else
        return 0;
    if (i + n > size)
        return 0;
    if (data[i + 1] < lo || data[i + 1] > hi)
        return 0;
    for (std::size_t k = 2; k < n; ++k)
    {
        if (data[i + k] < 0x80 || data[i + k] > 0xBF)
            return 0;
    }
    return n;
}

} // namespace

bool Utf8::valid(const char* data, std::size_t size) noexcept
{
    const auto* bytes = reinterpret_cast<const unsigned char*>(data);
    for (std::size_t i = 0; i < size;)
    {
        const std::size_t n = sequenceLength(bytes, size, i);
        if (n == 0)
            return false;
        i += n;
    }
    return true;
}

std::size_t Utf8::codePoints(const std::string& text) noexcept
{
    std::size_t count = 0;
    for (unsigned char c : text)
    {
        if ((c & 0xC0) != 0x80)
            ++count;
    }
    return count;
}

std::string Utf8::sanitize(const char* data, std::size_t size)
{
    std::string out;
    out.reserve(size);
    const auto* bytes = reinterpret_cast<const unsigned char*>(data);
    for (std::size_t i = 0; i < size;)
    {
        const std::size_t n = sequenceLength(bytes, size, i);
        if (n == 0)
        {
            out.push_back('?');
            ++i;
        }
        else
        {
            out.append(data + i, n);
            i += n;
        }
    }
    return out;
}

} // namespace OuraMcp::Util

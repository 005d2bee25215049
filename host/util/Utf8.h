#pragma once

#include <cstddef>
#include <string>

namespace OuraMcp::Util {

/// UTF-8 checks for text arriving from plugins: nlohmann::json refuses to serialise invalid UTF-8, so
/// everything a plugin hands over is checked before the host keeps it.
class Utf8
{
public:
    static bool valid(const char* data, std::size_t size) noexcept;
    /// Well-formed UTF-8 (no overlongs, no surrogates, nothing above U+10FFFF).

    static bool valid(const std::string& text) noexcept { return valid(text.data(), text.size()); }

    static std::size_t codePoints(const std::string& text) noexcept;
    /// Number of code points of valid UTF-8 text (what JSON Schema's minLength/maxLength count).

    static std::string sanitize(const char* data, std::size_t size);
    /// The text with every invalid byte replaced by '?', for log lines.
};

} // namespace OuraMcp::Util

#pragma once

#include <cstddef>
#include <memory>
#include <ostream>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

namespace OuraMcp::Oura {

/// The text of one HTTP answer, held once and never changed after it was read: the transport's response,
/// the API client's answer, the cache entry and the omcp_response lent to a plugin all share the same
/// bytes. Copying a Body copies a reference; giving it a new text replaces the reference, never the bytes
/// others hold. Thread-safe to share (the text is immutable); one Body object is not to be assigned while
/// another thread reads it, like any value.
class Body
{
public:
    Body() = default;

    Body(std::string text) : _text(std::make_shared<const std::string>(std::move(text))) {}
    /// Takes the text (implicit, so `response.body = "..."` and `= json.dump()` keep working).

    Body(const char* text) : Body(std::string(text)) {}

    const std::string& str() const noexcept { return _text ? *_text : none(); }
    /// The text; valid as long as this Body (or any copy of it) holds it.

    operator const std::string&() const noexcept { return str(); }

    std::string_view view() const noexcept { return str(); }

    std::shared_ptr<const std::string> shared() const noexcept { return _text; }
    /// The reference itself, for whoever must keep the bytes alive without a Body (an omcp_call).

    const char* data() const noexcept { return str().data(); }
    std::size_t size() const noexcept { return str().size(); }
    bool empty() const noexcept { return str().empty(); }
    const char* begin() const noexcept { return data(); }
    const char* end() const noexcept { return data() + size(); }
    std::size_t find(std::string_view what, std::size_t from = 0) const noexcept
    {
        return str().find(what, from);
    }

    bool sharesTextWith(const Body& other) const noexcept { return _text && _text == other._text; }
    /// True if both hold the very same bytes (not merely equal ones).

    friend bool operator==(const Body& a, std::string_view b) noexcept { return a.view() == b; }
    friend bool operator==(std::string_view a, const Body& b) noexcept { return b.view() == a; }
    friend bool operator!=(const Body& a, std::string_view b) noexcept { return a.view() != b; }
    friend bool operator!=(std::string_view a, const Body& b) noexcept { return b.view() != a; }
    template <typename Other, typename = std::enable_if_t<std::is_same_v<Other, Body>>>
    friend bool operator==(const Body& a, const Other& b) noexcept
    {
        return a.view() == b.view();
    } ///< Equal texts. A template, so that `body == "text"` is not ambiguous with the string_view form.
    friend std::ostream& operator<<(std::ostream& out, const Body& body) { return out << body.str(); }

private:
    static const std::string& none() noexcept
    {
        static const std::string none;
        return none;
    }

    std::shared_ptr<const std::string> _text;
};

} // namespace OuraMcp::Oura

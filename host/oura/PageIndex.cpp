#include "oura/PageIndex.h"

#include "util/Json.h"

#include <limits>

namespace OuraMcp::Oura {

namespace {

/// One pass over the text: an iterative JSON validator (no recursion, so no nesting depth can exhaust the
/// stack) that notes the offsets PageIndex needs as it goes.
class Scanner
{
public:
    Scanner(std::string_view text, std::string_view key)
        : _base(text.data()), _end(text.data() + text.size()), _key(key)
    {}

    bool run(std::vector<PageIndex::Document>& docs, bool& object, bool& hasData, std::size_t& topMembers,
             PageIndex::NextToken& next, std::uint32_t& tokenBegin, std::uint32_t& tokenEnd,
             bool& tokenEscaped);

private:
    enum Container : unsigned char
    {
        Object,
        Array,
        DataArray ///< the top-level object's "data" array: its elements are the documents
    };

    void skipWhitespace()
    {
        while (_p < _end && (*_p == ' ' || *_p == '\n' || *_p == '\r' || *_p == '\t'))
            ++_p;
    }
    bool literal(const char* word, std::size_t n)
    {
        if (static_cast<std::size_t>(_end - _p) < n)
            return false;
        for (std::size_t i = 0; i < n; ++i)
            if (_p[i] != word[i])
                return false;
        _p += n;
        return true;
    }
    bool number();
    bool string(bool& escaped);
    bool hex4(unsigned& value);
    bool utf8();
    std::uint32_t offset() const { return static_cast<std::uint32_t>(_p - _base); }

    const char* _base;
    const char* _p = nullptr;
    const char* _end;
    std::string_view _key;
    std::vector<Container> _stack;
};

bool Scanner::number()
{
    if (_p < _end && *_p == '-')
        ++_p;
    if (_p >= _end)
        return false;
    if (*_p == '0')
        ++_p;
    else if (*_p >= '1' && *_p <= '9')
    {
        while (_p < _end && *_p >= '0' && *_p <= '9')
            ++_p;
    }
    else
        return false;
    if (_p < _end && *_p == '.')
    {
        ++_p;
        if (_p >= _end || *_p < '0' || *_p > '9')
            return false;
        while (_p < _end && *_p >= '0' && *_p <= '9')
            ++_p;
    }
    if (_p < _end && (*_p == 'e' || *_p == 'E'))
    {
        ++_p;
        if (_p < _end && (*_p == '+' || *_p == '-'))
            ++_p;
        if (_p >= _end || *_p < '0' || *_p > '9')
            return false;
        while (_p < _end && *_p >= '0' && *_p <= '9')
            ++_p;
    }
    return true;
}

bool Scanner::hex4(unsigned& value)
{
    if (_end - _p < 4)
        return false;
    value = 0;
    for (int i = 0; i < 4; ++i)
    {
        const char c = *_p++;
        value <<= 4;
        if (c >= '0' && c <= '9')
            value |= static_cast<unsigned>(c - '0');
        else if (c >= 'a' && c <= 'f')
            value |= static_cast<unsigned>(c - 'a' + 10);
        else if (c >= 'A' && c <= 'F')
            value |= static_cast<unsigned>(c - 'A' + 10);
        else
            return false;
    }
    return true;
}

/// One well-formed UTF-8 sequence of two to four bytes (RFC 3629), _p at its first byte.
bool Scanner::utf8()
{
    const auto byte = [this](std::ptrdiff_t i) { return static_cast<unsigned char>(_p[i]); };
    const auto in = [](unsigned char c, unsigned char lo, unsigned char hi) { return c >= lo && c <= hi; };
    const unsigned char c = byte(0);
    const std::ptrdiff_t left = _end - _p;
    std::ptrdiff_t n = 0;
    if (in(c, 0xC2, 0xDF))
        n = left >= 2 && in(byte(1), 0x80, 0xBF) ? 2 : 0;
    else if (c == 0xE0)
        n = left >= 3 && in(byte(1), 0xA0, 0xBF) && in(byte(2), 0x80, 0xBF) ? 3 : 0;
    else if (in(c, 0xE1, 0xEC) || in(c, 0xEE, 0xEF))
        n = left >= 3 && in(byte(1), 0x80, 0xBF) && in(byte(2), 0x80, 0xBF) ? 3 : 0;
    else if (c == 0xED)
        n = left >= 3 && in(byte(1), 0x80, 0x9F) && in(byte(2), 0x80, 0xBF) ? 3 : 0;
    else if (c == 0xF0)
        n = left >= 4 && in(byte(1), 0x90, 0xBF) && in(byte(2), 0x80, 0xBF) && in(byte(3), 0x80, 0xBF) ? 4
                                                                                                       : 0;
    else if (in(c, 0xF1, 0xF3))
        n = left >= 4 && in(byte(1), 0x80, 0xBF) && in(byte(2), 0x80, 0xBF) && in(byte(3), 0x80, 0xBF) ? 4
                                                                                                       : 0;
    else if (c == 0xF4)
        n = left >= 4 && in(byte(1), 0x80, 0x8F) && in(byte(2), 0x80, 0xBF) && in(byte(3), 0x80, 0xBF) ? 4
                                                                                                       : 0;
    _p += n;
    return n != 0;
}

/// A string, _p at its opening quote; afterwards _p is past the closing quote.
bool Scanner::string(bool& escaped)
{
    escaped = false;
    ++_p;
    while (true)
    {
        while (_p < _end && static_cast<unsigned char>(*_p) >= 0x20 && *_p != '"' && *_p != '\\' &&
               static_cast<unsigned char>(*_p) < 0x80)
            ++_p;
        if (_p >= _end)
            return false;
        const auto c = static_cast<unsigned char>(*_p);
        if (c == '"')
        {
            ++_p;
            return true;
        }
        if (c < 0x20)
            return false;
        if (c >= 0x80)
        {
            if (!utf8())
                return false;
            continue;
        }
        // A backslash.
        escaped = true;
        ++_p;
        if (_p >= _end)
            return false;
        const char e = *_p++;
        if (e == '"' || e == '\\' || e == '/' || e == 'b' || e == 'f' || e == 'n' || e == 'r' || e == 't')
            continue;
        if (e != 'u')
            return false;
        unsigned code = 0;
        if (!hex4(code))
            return false;
        if (code >= 0xDC00 && code <= 0xDFFF)
            return false; // a low surrogate without its high one
        if (code >= 0xD800 && code <= 0xDBFF)
        {
            unsigned low = 0;
            if (_end - _p < 2 || _p[0] != '\\' || _p[1] != 'u')
                return false;
            _p += 2;
            if (!hex4(low) || low < 0xDC00 || low > 0xDFFF)
                return false;
        }
    }
}

bool Scanner::run(std::vector<PageIndex::Document>& docs, bool& object, bool& hasData,
                  std::size_t& topMembers, PageIndex::NextToken& next, std::uint32_t& tokenBegin,
                  std::uint32_t& tokenEnd, bool& tokenEscaped)
{
    if (static_cast<std::size_t>(_end - _base) >= std::numeric_limits<std::uint32_t>::max())
        return false;
    _p = _base;
    if (_end - _p >= 3 && _p[0] == '\xEF' && _p[1] == '\xBB' && _p[2] == '\xBF')
        _p += 3; // a byte order mark, which nlohmann::json skips as well

    // What the value about to be read is, for the index.
    enum class Role
    {
        Plain,
        TopData,      ///< the top-level object's "data" member
        TopNextToken, ///< the top-level object's "next_token" member
        Document,     ///< an element of the data array
        DocumentKey   ///< a document's documentKey member
    };
    Role role = Role::Plain;
    std::size_t documentDepth = 0; // stack size inside the current document's object; 0: none

    while (true)
    {
        // ---- a value
        skipWhitespace();
        if (_p >= _end)
            return false;
        const std::uint32_t start = offset();
        if (role == Role::Document)
            docs.push_back(PageIndex::Document{start, 0, 0, 0, false});
        const char c = *_p;
        if (c == '{' || c == '[')
        {
            ++_p;
            if (_stack.empty() && c == '{')
                object = true;
            if (role == Role::TopData)
            {
                hasData = c == '[';
                docs.clear();
            }
            if (role == Role::TopNextToken)
                next = PageIndex::NextToken::Other;
            _stack.push_back(c == '{' ? Object : (role == Role::TopData ? DataArray : Array));
            if (role == Role::Document && c == '{')
                documentDepth = _stack.size();
            skipWhitespace();
            if (_p >= _end)
                return false;
            if (*_p == '}' || *_p == ']')
            {
                if ((*_p == '}') != (c == '{'))
                    return false;
                ++_p;
                _stack.pop_back();
                if (documentDepth > _stack.size())
                    documentDepth = 0;
                if (role == Role::Document)
                    docs.back().end = offset();
            }
            else if (c == '{')
            {
                if (*_p != '"')
                    return false;
                goto key;
            }
            else
            {
                role = _stack.back() == DataArray ? Role::Document : Role::Plain;
                continue; // the array's first element
            }
        }
        else
        {
            bool escaped = false;
            if (c == '"')
            {
                if (!string(escaped))
                    return false;
            }
            else if (c == 't'   ? !literal("true", 4)
                     : c == 'f' ? !literal("false", 5)
                     : c == 'n' ? !literal("null", 4)
                                : !((c == '-' || (c >= '0' && c <= '9')) && number()))
                return false;
            if (role == Role::TopNextToken)
            {
                next = c == 'n'   ? PageIndex::NextToken::Null
                       : c == '"' ? PageIndex::NextToken::String
                                  : PageIndex::NextToken::Other;
                tokenBegin = start + 1;
                tokenEnd = offset() - 1;
                tokenEscaped = escaped;
            }
            else if (role == Role::TopData)
            {
                hasData = false;
                docs.clear();
            }
            else if (role == Role::DocumentKey && c == '"' && !escaped)
            {
                docs.back().keyBegin = start + 1;
                docs.back().keyEnd = offset() - 1;
                docs.back().hasKey = true;
            }
            else if (role == Role::Document)
                docs.back().end = offset();
        }

        // ---- after a value: close containers, or go on to the next member or element
        while (true)
        {
            if (_stack.empty())
            {
                skipWhitespace();
                return _p == _end;
            }
            skipWhitespace();
            if (_p >= _end)
                return false;
            const Container top = _stack.back();
            if (*_p == ',')
            {
                ++_p;
                skipWhitespace();
                if (top == Object)
                {
                    if (_p >= _end || *_p != '"')
                        return false;
                    goto key;
                }
                role = top == DataArray ? Role::Document : Role::Plain;
                goto value; // the next element
            }
            if (*_p == (top == Object ? '}' : ']'))
            {
                ++_p;
                _stack.pop_back();
                if (documentDepth > _stack.size())
                    documentDepth = 0;
                if (!_stack.empty() && _stack.back() == DataArray)
                    docs.back().end = offset(); // a document that was an object or array ends here
                continue;
            }
            return false;
        }

    key:
    {
        const std::uint32_t keyStart = offset() + 1;
        bool escaped = false;
        if (!string(escaped))
            return false;
        const std::string_view name(_base + keyStart, offset() - 1 - keyStart);
        skipWhitespace();
        if (_p >= _end || *_p != ':')
            return false;
        ++_p;
        role = Role::Plain;
        if (_stack.size() == 1)
        {
            ++topMembers;
            if (name == "data")
                role = Role::TopData;
            else if (name == "next_token")
                role = Role::TopNextToken;
        }
        else if (documentDepth != 0 && _stack.size() == documentDepth && !escaped && !_key.empty() &&
                 name == _key)
        {
            role = Role::DocumentKey;
            docs.back().hasKey = false; // a repeated key: the last one counts, like nlohmann::json
        }
        continue;
    }
    value:
        continue;
    }
}

} // namespace

bool PageIndex::scan(std::string_view text, std::string_view documentKey, PageIndex& index)
{
    index = PageIndex();
    Scanner scanner(text, documentKey);
    const bool ok = scanner.run(index._documents, index._object, index._hasData, index._topMembers,
                                index._next, index._tokenBegin, index._tokenEnd, index._tokenEscaped);
    if (!ok || !index._hasData)
        index._documents.clear();
    if (!ok)
        index = PageIndex();
    return ok;
}

PageIndex PageIndex::ofPage(std::vector<Document> documents)
{
    PageIndex index;
    index._object = true;
    index._hasData = true;
    index._topMembers = 2;
    index._documents = std::move(documents);
    index._next = NextToken::Null;
    return index;
}

std::string PageIndex::nextToken(std::string_view text) const
{
    if (_next != NextToken::String || _tokenEnd > text.size() || _tokenBegin > _tokenEnd)
        return {};
    const std::string_view raw = text.substr(_tokenBegin, _tokenEnd - _tokenBegin);
    if (!_tokenEscaped)
        return std::string(raw);
    // Rare: decode the escapes of this one string with the full parser.
    const Json decoded = Json::parse("\"" + std::string(raw) + "\"", nullptr, false);
    return decoded.is_string() ? decoded.get<std::string>() : std::string();
}

} // namespace OuraMcp::Oura

#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace OuraMcp::Oura {

/// Where the documents of an Oura answer are in its text, found in the one pass that also checks that the
/// text is JSON. Collections are then merged, trimmed to the user's days and moved to the user's zone by
/// copying byte ranges of the text the transport read: no document tree is built and nothing is
/// serialised again. Offsets are into the text that was scanned.
class PageIndex
{
public:
    /// One element of the top-level "data" array.
    struct Document
    {
        std::uint32_t begin = 0; ///< the element's first byte
        std::uint32_t end = 0;   ///< one past its last byte
        std::uint32_t keyBegin = 0;
        std::uint32_t keyEnd = 0; ///< the documentKey member's string value, without quotes; empty if none
        bool hasKey = false;      ///< the document is an object with documentKey as a plain string
    };

    enum class NextToken
    {
        Absent, ///< no next_token member
        Null,   ///< "next_token": null
        String, ///< "next_token": "..." (see nextToken())
        Other   ///< any other value (malformed)
    };

    static bool scan(std::string_view text, std::string_view documentKey, PageIndex& index);
    /// True if text is one JSON value (RFC 8259: the grammar, escapes, surrogate pairs and UTF-8 that
    /// nlohmann::json accepts) with nothing but whitespace after it. index is then filled: the "data"
    /// array of a top-level object, each element's bytes and, for object elements, the string value of
    /// their documentKey member (e.g. "day", "timestamp"); and next_token. A string value holding an escape
    /// does not count as a plain string (hasKey false): days and timestamps never need one.

    static PageIndex ofPage(std::vector<Document> documents);
    /// The index of a text written as {"data":[...],"next_token":null} with these documents (offsets into
    /// that text), as the API client writes merged pages.

    bool isObject() const { return _object; }
    bool hasData() const { return _hasData; }
    /// The top-level value is an object with a "data" member that is an array.

    const std::vector<Document>& documents() const { return _documents; }
    NextToken nextTokenKind() const { return _next; }
    std::string nextToken(std::string_view text) const;
    /// The decoded next_token string (kind String), from the text that was scanned.

    bool onlyDataAndNextToken() const { return _topMembers == 2 && _hasData && _next != NextToken::Absent; }
    /// The object holds exactly "data" and "next_token" (Oura's page as sent).

private:
    bool _object = false;
    bool _hasData = false;
    std::size_t _topMembers = 0;
    std::vector<Document> _documents;
    NextToken _next = NextToken::Absent;
    std::uint32_t _tokenBegin = 0;
    std::uint32_t _tokenEnd = 0;
    bool _tokenEscaped = false;
};

} // namespace OuraMcp::Oura

#include "mcp/Pagination.h"

#include "mcp/ProtocolError.h"

#include <cstdint>

namespace OuraMcp::Mcp {

namespace {

std::uint32_t checksum(const std::string& text)
{
    std::uint32_t hash = 2166136261u; // FNV-1a
    for (unsigned char c : "oura-mcp-cursor:" + text)
    {
        hash ^= c;
        hash *= 16777619u;
    }
    return hash;
}

const char Hex[] = "0123456789abcdef";

std::string toHex(const std::string& bytes)
{
    std::string out;
    for (unsigned char c : bytes)
    {
        out.push_back(Hex[c >> 4]);
        out.push_back(Hex[c & 15]);
    }
    return out;
}

std::optional<std::string> fromHex(const std::string& text)
{
    if (text.size() % 2 != 0)
        return std::nullopt;
    auto digit = [](char c) -> int {
        if (c >= '0' && c <= '9')
            return c - '0';
        if (c >= 'a' && c <= 'f')
            return c - 'a' + 10;
        return -1;
    };
    std::string out;
    for (std::size_t i = 0; i < text.size(); i += 2)
    {
        const int hi = digit(text[i]);
        const int lo = digit(text[i + 1]);
        if (hi < 0 || lo < 0)
            return std::nullopt;
        out.push_back(static_cast<char>(hi * 16 + lo));
    }
    return out;
}

} // namespace

std::string Pagination::encode(const std::string& kind, std::size_t offset)
{
    const std::string payload = kind + ":" + std::to_string(offset);
    return toHex(payload + ":" + std::to_string(checksum(payload)));
}

std::optional<std::size_t> Pagination::decode(const std::string& cursor, const std::string& kind)
{
    if (cursor.size() > 256)
        return std::nullopt;
    const auto text = fromHex(cursor);
    if (!text)
        return std::nullopt;
    const auto last = text->rfind(':');
    if (last == std::string::npos)
        return std::nullopt;
    const std::string payload = text->substr(0, last);
    if (text->substr(last + 1) != std::to_string(checksum(payload)))
        return std::nullopt;
    const std::string prefix = kind + ":";
    if (payload.compare(0, prefix.size(), prefix) != 0)
        return std::nullopt;
    const std::string number = payload.substr(prefix.size());
    if (number.empty() || number.size() > 18 || number.find_first_not_of("0123456789") != std::string::npos)
        return std::nullopt;
    return static_cast<std::size_t>(std::stoull(number));
}

std::size_t Pagination::offset(const Json& params, const std::string& kind)
{
    if (!params.is_object())
        return 0;
    const auto cursor = params.find("cursor");
    if (cursor == params.end() || cursor->is_null())
        return 0;
    std::optional<std::size_t> decoded;
    if (cursor->is_string())
        decoded = decode(cursor->get<std::string>(), kind);
    // Offset 0 is never handed out.
    if (!decoded || *decoded == 0)
        throw ProtocolError(ProtocolError::InvalidParams, "Invalid cursor");
    return *decoded;
}

Pagination::Page Pagination::page(const std::vector<Json>& all, const Json& params, const std::string& kind,
                                  std::size_t pageSize)
{
    const std::size_t offset = Pagination::offset(params, kind);
    // An offset past the end means the list changed or the cursor is forged.
    if (offset > 0 && offset >= all.size())
        throw ProtocolError(ProtocolError::InvalidParams, "Invalid cursor");
    Page page;
    const std::size_t end = pageSize == 0 ? all.size() : std::min(all.size(), offset + pageSize);
    page.items.assign(all.begin() + static_cast<std::ptrdiff_t>(offset),
                      all.begin() + static_cast<std::ptrdiff_t>(end));
    if (end < all.size())
        page.nextCursor = encode(kind, end);
    return page;
}

} // namespace OuraMcp::Mcp

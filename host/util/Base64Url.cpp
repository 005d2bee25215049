#include "util/Base64Url.h"

namespace OuraMcp::Util {

namespace {

const char* const Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

int valueOf(char c)
{
    if (c >= 'A' && c <= 'Z')
        return c - 'A';
    if (c >= 'a' && c <= 'z')
        return c - 'a' + 26;
    if (c >= '0' && c <= '9')
        return c - '0' + 52;
    if (c == '-')
        return 62;
    if (c == '_')
        return 63;
    return -1;
}

} // namespace

std::string Base64Url::encode(const std::string& bytes)
{
    std::string out;
    out.reserve((bytes.size() * 4 + 2) / 3);
    unsigned buffer = 0;
    int bits = 0;
    for (unsigned char c : bytes)
    {
        buffer = (buffer << 8) | c;
        bits += 8;
        while (bits >= 6)
        {
            bits -= 6;
            out.push_back(Alphabet[(buffer >> bits) & 63]);
        }
    }
    if (bits > 0)
        out.push_back(Alphabet[(buffer << (6 - bits)) & 63]);
    return out;
}

std::optional<std::string> Base64Url::decode(const std::string& text)
{
    if (text.size() % 4 == 1)
        return std::nullopt;
    std::string out;
    out.reserve(text.size() * 3 / 4);
    unsigned buffer = 0;
    int bits = 0;
    for (char c : text)
    {
        const int v = valueOf(c);
        if (v < 0)
            return std::nullopt;
        buffer = ((buffer << 6) | static_cast<unsigned>(v)) & 0xffff;
        bits += 6;
        if (bits >= 8)
        {
            bits -= 8;
            out.push_back(static_cast<char>((buffer >> bits) & 0xff));
        }
    }
    if (bits > 0 && (buffer & ((1u << bits) - 1)) != 0)
        return std::nullopt;
    return out;
}

bool Base64Url::isAlphabet(char c)
{
    return valueOf(c) >= 0;
}

} // namespace OuraMcp::Util

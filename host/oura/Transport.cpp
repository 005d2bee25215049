#include "oura/Transport.h"

#include <Poco/String.h>

namespace OuraMcp::Oura {

std::string encodeQuery(const QueryParams& query)
{
    static const char hex[] = "0123456789ABCDEF";
    std::string out;
    auto append = [&out](const std::string& text) {
        for (unsigned char c : text)
        {
            const bool unreserved = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
                                    (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' || c == '~';
            if (unreserved)
            {
                out += static_cast<char>(c);
            }
            else
            {
                out += '%';
                out += hex[c >> 4];
                out += hex[c & 0x0F];
            }
        }
    };
    for (const auto& [name, value] : query)
    {
        if (!out.empty())
            out += '&';
        append(name);
        out += '=';
        append(value);
    }
    return out;
}

std::string HttpResponse::header(const std::string& name) const
{
    for (const auto& [key, value] : headers)
    {
        if (Poco::icompare(key, name) == 0)
            return value;
    }
    return {};
}

} // namespace OuraMcp::Oura

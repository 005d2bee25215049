#include "http/FormFields.h"

#include <Poco/URI.h>

#include <algorithm>

namespace OuraMcp::Http {

namespace {

/// Poco::URI::decode turns '+' into a space only after a '?' it has seen itself, never in a bare field: replace
/// the pluses first (an encoded plus, %2B, is decoded afterwards and stays a plus).
std::string decodeComponent(std::string text)
{
    std::replace(text.begin(), text.end(), '+', ' ');
    std::string decoded;
    Poco::URI::decode(text, decoded);
    return decoded;
}

} // namespace

void decodeFormFields(const std::string& text, std::map<std::string, std::string>& fields,
                      std::vector<std::string>& repeated)
{
    std::size_t start = 0;
    while (start <= text.size())
    {
        std::size_t end = text.find('&', start);
        if (end == std::string::npos)
            end = text.size();
        const std::string pair = text.substr(start, end - start);
        start = end + 1;
        if (pair.empty())
            continue;
        const auto equals = pair.find('=');
        const std::string name = decodeComponent(pair.substr(0, equals));
        const std::string value =
            equals == std::string::npos ? std::string() : decodeComponent(pair.substr(equals + 1));
        if (!fields.emplace(name, value).second)
            repeated.push_back(name);
    }
}

} // namespace OuraMcp::Http

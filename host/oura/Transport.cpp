#include "oura/Transport.h"

#include <Poco/String.h>

namespace OuraMcp::Oura {

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

#pragma once

#include <string>

namespace OuraMcp::Util {

/// The few pages the host writes itself (the `auth login` callback page, the authorization server's consent
/// page) print text that came from elsewhere: a client's name, an error from Oura.
class Html
{
public:
    static std::string escape(const std::string& text);
    /// & < > " ' as character references: safe inside element text and quoted attribute values.
};

} // namespace OuraMcp::Util

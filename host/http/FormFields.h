#pragma once

#include <map>
#include <string>
#include <vector>

namespace OuraMcp::Http {

/// Decodes application/x-www-form-urlencoded text (a query string without its '?', or a form body) into
/// fields: '+' is a space and %XX a byte (WHATWG URL, "application/x-www-form-urlencoded parsing"), so
/// "scope=daily+email" is "daily email", as URLSearchParams and every browser encode it, and "%2B" is '+'.
/// A name given more than once keeps its first value and is recorded in repeated (OAuth refuses repeated
/// parameters, RFC 6749 §3.1). Empty pairs ("a=1&&b=2") are skipped.
void decodeFormFields(const std::string& text, std::map<std::string, std::string>& fields,
                      std::vector<std::string>& repeated);

} // namespace OuraMcp::Http

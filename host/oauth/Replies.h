#pragma once

#include "http/WebExchange.h"
#include "util/Json.h"

#include <string>
#include <utility>
#include <vector>

namespace OuraMcp::OAuth {

/// The answers the authorization server gives, with the headers each kind needs: JSON that carries or may carry
/// secrets is never cached (RFC 6749 §5.1), HTML pages refuse framing (clickjacking of the consent page) and
/// leak no referrer.
class Replies
{
public:
    static Http::WebResponse json(int status, const Json& body, bool noStore = true);
    /// application/json; with Cache-Control: no-store and Pragma: no-cache when noStore.

    static Http::WebResponse error(const std::string& error, const std::string& description,
                                   int status = 400);
    /// {"error", "error_description"} as RFC 6749 §5.2 (and RFC 7591 §3.2.2) shape it, not cached.

    static Http::WebResponse html(int status, std::string body);
    /// text/html with no-store, X-Frame-Options: DENY, CSP frame-ancestors 'none' and no referrer.

    static Http::WebResponse redirect(const std::string& location);
    /// 302 to location, not cached, no referrer.

    static Http::WebResponse methodNotAllowed(const std::string& allowed);
    /// 405 with Allow.
};

} // namespace OuraMcp::OAuth

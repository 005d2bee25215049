#include "oauth/Replies.h"

namespace OuraMcp::OAuth {

Http::WebResponse Replies::json(int status, const Json& body, bool noStore)
{
    Http::WebResponse response;
    response.status = status;
    response.contentType = "application/json";
    // An error may name a parameter a stranger sent; invalid UTF-8 in it must not turn the answer into a 500.
    response.body = body.dump(-1, ' ', false, Json::error_handler_t::replace);
    if (noStore)
    {
        response.headers.emplace_back("Cache-Control", "no-store");
        response.headers.emplace_back("Pragma", "no-cache");
    }
    return response;
}

Http::WebResponse Replies::error(const std::string& error, const std::string& description, int status)
{
    return json(status, Json{{"error", error}, {"error_description", description}});
}

Http::WebResponse Replies::html(int status, std::string body)
{
    Http::WebResponse response;
    response.status = status;
    response.contentType = "text/html; charset=utf-8";
    response.body = std::move(body);
    response.headers.emplace_back("Cache-Control", "no-store");
    response.headers.emplace_back("Pragma", "no-cache");
    response.headers.emplace_back("X-Frame-Options", "DENY");
    // No form-action: browsers apply it to the redirects after the consent form is posted, which go to Oura
    // or to the client's redirect URI (loopback, a private-use scheme), wherever those are.
    response.headers.emplace_back("Content-Security-Policy",
                                  "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; "
                                  "base-uri 'none'");
    response.headers.emplace_back("Referrer-Policy", "no-referrer");
    response.headers.emplace_back("X-Content-Type-Options", "nosniff");
    return response;
}

Http::WebResponse Replies::redirect(const std::string& location)
{
    Http::WebResponse response;
    response.status = 302;
    response.contentType = "text/plain";
    response.headers.emplace_back("Location", location);
    response.headers.emplace_back("Cache-Control", "no-store");
    response.headers.emplace_back("Referrer-Policy", "no-referrer");
    return response;
}

Http::WebResponse Replies::methodNotAllowed(const std::string& allowed)
{
    Http::WebResponse response = error("invalid_request", "this path answers " + allowed + " only", 405);
    response.headers.emplace_back("Allow", allowed);
    return response;
}

} // namespace OuraMcp::OAuth

#pragma once

#include <map>
#include <string>
#include <utility>
#include <vector>

namespace OuraMcp::Http {

/// One HTTP request to a path other than the MCP endpoint, as the transport hands it to a Route: decoded,
/// bounded (the body cap of HttpOptions applies) and free of Poco types, so that what serves it can be tested
/// without a socket.
struct WebRequest
{
    std::string method;                       ///< "GET", "POST", ...
    std::string path;                         ///< without the query string, e.g. "/authorize"
    std::map<std::string, std::string> query; ///< decoded query parameters
    std::map<std::string, std::string> form;  ///< decoded application/x-www-form-urlencoded body (POST)
    std::vector<std::string> repeated;        ///< names given more than once in query or form (OAuth refuses)
    std::string body;                         ///< the raw body (e.g. the JSON of a client registration)
    std::string contentType;                  ///< Content-Type without parameters, lower case
    std::string authorization;                ///< the Authorization header, "" if none; never logged
    std::string cookie;                       ///< the Cookie header, "" if none; never logged
    std::string remoteAddress;                ///< the peer's IP address
};

/// What a Route answers. The transport adds nothing but Content-Length (and Connection handling).
struct WebResponse
{
    int status = 200;
    std::string contentType = "application/json";
    std::string body;
    std::vector<std::pair<std::string, std::string>> headers; ///< e.g. Location, Cache-Control, Set-Cookie
};

} // namespace OuraMcp::Http

#pragma once

#include "http/WebExchange.h"

#include <string>

namespace OuraMcp::Http {

/// Paths served beside the MCP endpoint (the authorization server's, the well-known metadata). The transport
/// applies its Host and Origin checks, its body cap and its concurrency cap first, then asks each Route in
/// order. Implementations are called concurrently from the server's threads and must not throw (an exception
/// becomes a 500 without its text).
class Route
{
public:
    virtual ~Route() = default;

    virtual bool handles(const std::string& method, const std::string& path) const = 0;
    /// True if serve() answers this method and path (a path it knows with a method it does not answers 405
    /// from serve()).

    virtual WebResponse serve(const WebRequest& request) = 0;
};

} // namespace OuraMcp::Http

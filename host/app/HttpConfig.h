#pragma once

#include "app/CommandLine.h"
#include "config/Settings.h"
#include "http/HttpOptions.h"

#include <string>

namespace OuraMcp::App {

/// What `serve --http` takes from the command line and the settings (OURA_MCP_HTTP_*), checked: shared by
/// serve and doctor so that doctor reports exactly what serve would refuse.
class HttpConfig
{
public:
    static Http::HttpOptions options(const CommandLine& cl, const Config::Settings& settings);
    /// Everything but the session key. Throws std::invalid_argument for a bad --http address or path, and
    /// when a non-loopback address has no token (the server refuses to listen without authentication);
    /// std::runtime_error when the token file cannot be used.

    static std::string publicUrl(const CommandLine& cl, const Config::Settings& settings);
    /// --public-url, else OURA_MCP_PUBLIC_URL, checked and without a trailing '/': "" when neither is set.
    /// Throws std::invalid_argument unless it is an absolute https URL without query or fragment (http only
    /// for a loopback host: local use and tests).

    static std::string token(const Config::Settings& settings);
    /// OURA_MCP_HTTP_TOKEN, else the first line of OURA_MCP_HTTP_TOKEN_FILE (at least 16 characters; the
    /// value is registered with the log redaction); "" when neither is set.
};

} // namespace OuraMcp::App

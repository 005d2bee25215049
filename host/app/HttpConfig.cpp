#include "app/HttpConfig.h"

#include "http/AccessPolicy.h"
#include "util/Log.h"

#include <cstdlib>
#include <fstream>
#include <stdexcept>

namespace OuraMcp::App {

namespace {

constexpr std::size_t MinimumTokenLength = 16;

/// "8080", "0.0.0.0:8080", "[::1]:0" -> host (127.0.0.1 if none) and port.
void parseListenAddress(const std::string& text, Http::HttpOptions& options)
{
    std::string host = "127.0.0.1";
    std::string port = text;
    const auto colon = text.rfind(':');
    if (colon != std::string::npos)
    {
        host = text.substr(0, colon);
        port = text.substr(colon + 1);
        if (host.size() >= 2 && host.front() == '[' && host.back() == ']')
            host = host.substr(1, host.size() - 2);
    }
    char* end = nullptr;
    const long number = port.empty() ? -1 : std::strtol(port.c_str(), &end, 10);
    if (host.empty() || number < 0 || number > 65535 || (end != nullptr && *end != '\0'))
        throw std::invalid_argument("--http needs [HOST:]PORT with a port from 0 to 65535, not '" + text +
                                    "'");
    options.host = host;
    options.port = static_cast<unsigned short>(number);
}

} // namespace

std::string HttpConfig::token(const Config::Settings& settings)
{
    if (!settings.httpToken().empty() || settings.httpTokenFile().empty())
        return settings.httpToken();
    std::ifstream in(settings.httpTokenFile());
    std::string token;
    if (!in || !std::getline(in, token))
        throw std::runtime_error("cannot read the HTTP token file " + settings.httpTokenFile());
    while (!token.empty() && (token.back() == '\r' || token.back() == ' ' || token.back() == '\t'))
        token.pop_back();
    if (token.size() < MinimumTokenLength)
        throw std::runtime_error("the HTTP token in " + settings.httpTokenFile() + " is shorter than " +
                                 std::to_string(MinimumTokenLength) + " characters");
    Util::Log::addSecret(token);
    return token;
}

Http::HttpOptions HttpConfig::options(const CommandLine& cl, const Config::Settings& settings)
{
    Http::HttpOptions options;
    if (cl.http)
        parseListenAddress(*cl.http, options);
    options.path = settings.httpPath();
    if (options.path.empty() || options.path[0] != '/')
        throw std::invalid_argument("OURA_MCP_HTTP_PATH must start with '/', not '" + options.path + "'");
    options.allowedOrigins = settings.httpAllowedOrigins();
    options.publicHosts = settings.httpPublicHosts();
    options.bearerToken = token(settings);
    options.maxConcurrentRequests = static_cast<unsigned>(settings.httpMaxConcurrent());
    options.sessionIdle = std::chrono::seconds(settings.httpSessionIdleSeconds());
    if (cl.tlsCert)
    {
        options.tlsCertificate = *cl.tlsCert;
        options.tlsKey = *cl.tlsKey;
    }
    if (!Http::AccessPolicy::isLoopback(options.host) && options.bearerToken.empty())
        throw std::invalid_argument("refusing to listen on " + options.host +
                                    " without authentication: set OURA_MCP_HTTP_TOKEN or "
                                    "OURA_MCP_HTTP_TOKEN_FILE, or listen on 127.0.0.1");
    return options;
}

} // namespace OuraMcp::App

#include "app/HttpConfig.h"

#include "http/AccessPolicy.h"
#include "util/Log.h"

#include <Poco/URI.h>
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

std::string HttpConfig::publicUrl(const CommandLine& cl, const Config::Settings& settings)
{
    std::string url = cl.publicUrl ? *cl.publicUrl : settings.publicUrl();
    if (url.empty())
        return url;
    while (url.size() > 1 && url.back() == '/')
        url.pop_back();
    Poco::URI uri;
    try
    {
        uri = Poco::URI(url);
    }
    catch (const std::exception&)
    {
        throw std::invalid_argument("the public URL '" + url + "' is not a URL");
    }
    const bool https = uri.getScheme() == "https";
    const bool localHttp = uri.getScheme() == "http" && Http::AccessPolicy::isLoopback(uri.getHost());
    if ((!https && !localHttp) || uri.getHost().empty())
        throw std::invalid_argument("the public URL must be https://HOST[/PATH] (http only for a loopback "
                                    "address), not '" +
                                    url + "'");
    if (!uri.getRawQuery().empty() || !uri.getFragment().empty() || !uri.getUserInfo().empty())
        throw std::invalid_argument("the public URL must not carry user info, a query or a fragment: '" +
                                    url + "'");
    return url;
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
    const std::string remote = publicUrl(cl, settings);
    if (!remote.empty())
    {
        if (!options.bearerToken.empty())
            throw std::invalid_argument(
                "--public-url (OAuth, many users) and OURA_MCP_HTTP_TOKEN[_FILE] (one "
                "static token) exclude each other: choose one");
        // People's browsers and MCP clients reach the server by its public name, and its consent page posts
        // back from that origin.
        const Poco::URI uri(remote);
        options.publicHosts.push_back(uri.getAuthority());
        options.allowedOrigins.push_back(uri.getScheme() + "://" + uri.getAuthority());
        // Open to the internet: limits by default (sentry-mcp's choice is 300 a minute per address and 60 per
        // user). Every claude.ai user arrives from Anthropic's few addresses, so the per-address limit only
        // counts requests no token names (sign-in pages, token requests, bad tokens).
        options.ratePerAddress = settings.isSet("OURA_MCP_HTTP_RATE_PER_ADDRESS")
                                     ? static_cast<unsigned>(settings.httpRatePerAddress())
                                     : 600;
        options.ratePerUser = settings.isSet("OURA_MCP_HTTP_RATE_PER_USER")
                                  ? static_cast<unsigned>(settings.httpRatePerUser())
                                  : 120;
    }
    else
    {
        options.ratePerAddress = static_cast<unsigned>(settings.httpRatePerAddress());
        options.ratePerUser = static_cast<unsigned>(settings.httpRatePerUser());
    }
    if (!Http::AccessPolicy::isLoopback(options.host) && options.bearerToken.empty() && remote.empty())
        throw std::invalid_argument(
            "refusing to listen on " + options.host +
            " without authentication: use --public-url (OAuth) or set "
            "OURA_MCP_HTTP_TOKEN or OURA_MCP_HTTP_TOKEN_FILE, or listen on 127.0.0.1");
    return options;
}

} // namespace OuraMcp::App

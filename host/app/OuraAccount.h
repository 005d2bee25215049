#pragma once

#include "auth/TokenEndpoint.h"
#include "config/Settings.h"
#include "oauth/UpstreamAccount.h"

#include <cstdint>
#include <string>

namespace OuraMcp::App {

/// The authorization server's upstream account: Oura's OAuth through the operator's Oura application. Sends
/// the browser to Oura's authorize page with `<public-url>/oauth/oura/callback` as redirect_uri, exchanges
/// the code Oura returns there (the token endpoint of `auth login`, with its fallback for apps of the new
/// developer portal), reads who signed in from personal_info (its `id` needs no scope), and revokes tokens
/// when a user leaves. Errors are sentences for a browser and a log: they carry the HTTP status and Oura's
/// OAuth error code at most, never a code, a token, the client secret or a response body. Thread-safe.
class OuraAccount : public OAuth::UpstreamAccount
{
public:
    struct Options
    {
        std::string authorizeUrl;     ///< OURA_AUTHORIZE_URL, e.g. https://cloud.ouraring.com/oauth/authorize
        std::string tokenUrl;         ///< OURA_TOKEN_URL
        std::string tokenUrlFallback; ///< OURA_TOKEN_URL_FALLBACK; "" = none
        std::string revokeUrl;        ///< OURA_REVOKE_URL
        std::string apiBaseUrl;       ///< OURA_API_BASE_URL, e.g. https://api.ouraring.com
        std::string clientId;
        std::string clientSecret;
        std::string publicUrl; ///< the server's public origin, e.g. https://mcp.example.com (no trailing /)
    };

    static Options fromSettings(const Config::Settings& settings, const std::string& publicUrl);
    /// The endpoints and client credentials from the settings, and the public URL of `serve --public-url`.

    OuraAccount(Options options, Auth::TransportFactory transports);
    /// Throws std::invalid_argument (naming the setting, never a value of a secret one) if the client id or
    /// secret is missing, or a URL is not absolute.

    std::string redirectUri() const; ///< <public-url>/oauth/oura/callback, to register in the Oura app

    std::string authorizeUrl(const std::string& state, const std::string& scopes) const override;
    Linked exchange(const std::string& code, std::int64_t now) override;
    void revoke(const Store::OuraTokens& tokens) override;

private:
    void revokeQuietly(const std::string& accessToken);
    /// Best effort, for tokens issued to a sign-in that then failed.

    Options _options;
    Auth::TokenEndpoint _endpoint; ///< also caches the transports of the API and revoke origins
};

} // namespace OuraMcp::App

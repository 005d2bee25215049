#pragma once

#include "store/Records.h"

#include <stdexcept>
#include <string>

namespace OuraMcp::OAuth {

/// The upstream identity provider every user signs in with: Oura's OAuth, through the operator's Oura app
/// (redirect URI `<public-url>/oauth/oura/callback`). The authorization server never sees how it talks to
/// Oura; host/app wires the implementation (host/auth) in. Thread-safe.
class UpstreamAccount
{
public:
    /// A failure of the upstream; what() is a sentence fit for the user's browser and the log: it never
    /// contains a code, a token or a client secret.
    class Error : public std::runtime_error
    {
    public:
        using std::runtime_error::runtime_error;
    };

    /// The person who signed in, and the tokens Oura issued for them.
    struct Linked
    {
        std::string ouraUserId; ///< Oura's id for the person (personal_info.id)
        Store::OuraTokens tokens;
    };

    virtual ~UpstreamAccount() = default;

    virtual std::string authorizeUrl(const std::string& state, const std::string& scopes) const = 0;
    /// Where to send the browser: Oura's authorize endpoint with the operator's client id, our callback as
    /// redirect_uri, response_type=code, the space-separated scopes and our opaque state.

    virtual Linked exchange(const std::string& code, std::int64_t now) = 0;
    /// Exchanges the code Oura sent to the callback for tokens and reads who signed in. Throws Error.

    virtual void revoke(const Store::OuraTokens& tokens) = 0;
    /// Revokes the tokens at Oura (a user leaving). Throws Error; a token Oura no longer knows is not an error.
};

} // namespace OuraMcp::OAuth

#pragma once

#include <stdexcept>
#include <string>

namespace OuraMcp::OAuth {

/// An OAuth error as the protocol names it (RFC 6749 §4.1.2.1 and §5.2, RFC 7591 §3.2.2, RFC 8707): the code a
/// client acts on, a description for the person reading it, and the HTTP status of a direct answer. The
/// description is written by us and never quotes a token, a code or a secret.
class OAuthError : public std::runtime_error
{
public:
    OAuthError(std::string error, const std::string& description, int status = 400);

    const std::string& error() const { return _error; }
    ///< e.g. "invalid_request", "invalid_grant", "invalid_client"

    int status() const { return _status; }

private:
    std::string _error;
    int _status;
};

} // namespace OuraMcp::OAuth

#include "oauth/OAuthError.h"

namespace OuraMcp::OAuth {

OAuthError::OAuthError(std::string error, const std::string& description, int status)
    : std::runtime_error(description), _error(std::move(error)), _status(status)
{}

} // namespace OuraMcp::OAuth

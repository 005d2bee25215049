#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>

namespace OuraMcp::OAuth {

/// Fetches a Client ID Metadata Document (draft-ietf-oauth-client-id-metadata-document): a `client_id` that is
/// an https URL names a JSON document describing the client. Fetching a URL a stranger chose is a
/// server-side request forgery risk, so an implementation must refuse: anything but https (plain http only for
/// loopback when the operator's test setting allows it), a host resolving to a private, loopback, link-local,
/// multicast or unspecified address (checked on the address actually connected to, not on a second lookup),
/// redirects, a body over its size limit, and a server slower than its time limit. Thread-safe.
class ClientMetadataFetcher
{
public:
    /// Why a document could not be had; what() is one sentence fit for an OAuth error_description (it names
    /// the URL's host at most, never a response body).
    class Error : public std::runtime_error
    {
    public:
        using std::runtime_error::runtime_error;
    };

    struct Document
    {
        std::string json;               ///< the document as received (not yet validated)
        std::int64_t maxAgeSeconds = 0; ///< from Cache-Control max-age, 0 if none was given
    };

    virtual ~ClientMetadataFetcher() = default;

    virtual Document fetch(const std::string& url) = 0;
    /// Throws Error.
};

} // namespace OuraMcp::OAuth

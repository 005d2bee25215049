#pragma once

#include "dates/CivilDate.h"
#include "oura/ApiResponse.h"

#include <oura_mcp/plugin_abi.h>

namespace OuraMcp::Loader {

/// The host function table handed to every plugin's init(), and status helpers. Every function in the
/// table catches everything: no exception ever unwinds into plugin code.
class HostApi
{
public:
    static const omcp_host_api* table() noexcept;
    /// The one table; static storage, valid for the life of the process.

    static const char* statusName(omcp_status status) noexcept;
    /// "OMCP_OK", "OMCP_E_UPSTREAM", ...; "unknown status" for codes the ABI does not define.

    static omcp_status fromApiError(Oura::ApiError error) noexcept;
    /// The ABI status for a data service error (ApiError::None -> OMCP_OK).

    static Dates::CivilDate today(const omcp_host& plugin);
    /// The day the plugin's handlers are told is today (the `today` host function, and the day relative
    /// dates such as "last 7 days" are resolved against): HostServices::today, else the system's local date.
};

} // namespace OuraMcp::Loader

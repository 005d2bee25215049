// Compile check of plugin_abi.h as C++17 with -Wall -Wextra -Werror -pedantic: the header, its extern "C"
// block and its macros must be clean for C++ plugins too.
#include <oura_mcp/plugin_abi.h>

#include <cstddef>

namespace {

omcp_status checkInit(const omcp_host_api* api, omcp_host*, void**)
{
    return OMCP_HAS_FIELD(omcp_host_api, api, is_cancelled) && api->is_cancelled != nullptr
               ? OMCP_OK
               : OMCP_E_UNSUPPORTED;
}

const char* const kScopes[] = {"personal", nullptr};

const omcp_plugin_desc kDesc = {
    OMCP_PLUGIN_DESC_HEADER, "check", "1.0.0", "compile check", kScopes, checkInit, nullptr};

static_assert(OMCP_PLUGIN_DESC_V1_0_SIZE <= sizeof(omcp_plugin_desc), "the 1.0 size is a prefix");

} // namespace

const omcp_plugin_desc* omcpCxx17CheckDesc();
const omcp_plugin_desc* omcpCxx17CheckDesc()
{
    return &kDesc;
}

/*
 * Compile-time checks of plugin_abi.h as C99 (built with -std=c99 -Wall -Wextra -Werror -pedantic):
 * the header compiles cleanly as C, its macros work in C, and on LP64 every struct has the 1.0 layout.
 * Built twice: against the current header (sizes may only have grown at the end) and, with
 * OMCP_EXACT_SIZES, against the frozen 1.0 copy in v1_0/ (sizes exactly as in 1.0).
 */
#include <oura_mcp/plugin_abi.h>

#include "layout_expectations.h"

#include <stddef.h>
#include <stdint.h>

#define CHECK_OFFSET(type, field, offset)                                                                    \
    typedef char check_offset_##type##_##field[(offsetof(type, field) == (offset)) ? 1 : -1];

#ifdef OMCP_EXACT_SIZES
#define CHECK_SIZE(type, size, may_grow) typedef char check_size_##type[(sizeof(type) == (size)) ? 1 : -1];
#else
#define CHECK_SIZE(type, size, may_grow)                                                                     \
    typedef char check_size_##type[((may_grow) ? sizeof(type) >= (size) : sizeof(type) == (size)) ? 1 : -1];
#endif

#if defined(__LP64__) || defined(_LP64)
OMCP_ABI_OFFSETS(CHECK_OFFSET)
OMCP_ABI_SIZES(CHECK_SIZE)
typedef char check_v1_0_size[(OMCP_PLUGIN_DESC_V1_0_SIZE == 72) ? 1 : -1];
#endif

/* The header's macros, used the way a C plugin uses them. */
static omcp_status check_init(const omcp_host_api* api, omcp_host* host, void** state)
{
    (void)host;
    (void)state;
    return OMCP_HAS_FIELD(omcp_host_api, api, is_cancelled) && api->is_cancelled != NULL ? OMCP_OK
                                                                                         : OMCP_E_UNSUPPORTED;
}

static const char* const check_scopes[] = {"personal", NULL};

static const omcp_plugin_desc check_desc = {
    OMCP_PLUGIN_DESC_HEADER, "check", "1.0.0", "compile check", check_scopes, check_init, NULL};

const omcp_plugin_desc* omcp_layout_check_desc(void);
const omcp_plugin_desc* omcp_layout_check_desc(void)
{
    return &check_desc;
}

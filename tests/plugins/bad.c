/*
 * One source, many broken fixture plugins: CMake builds it once per case with FIXTURE_* definitions, each
 * into its own folder, so every refusal reason of the loader can be tested in isolation.
 *
 *   FIXTURE_ID           the file stem / plugin id (required)
 *   FIXTURE_DESC_ID      the id the descriptor claims (default FIXTURE_ID)
 *   FIXTURE_MAJOR/MINOR  the ABI version claimed (default: this header's)
 *   FIXTURE_PTR_SIZE     sizeof_pointer claimed (default: the real one)
 *   FIXTURE_TAG          abi_tag (default OMCP_ABI_TAG)
 *   FIXTURE_STRUCT_SIZE  struct_size claimed (default sizeof(omcp_plugin_desc))
 *   FIXTURE_NULL_INIT    init is NULL
 *   FIXTURE_NO_ENTRY     export a differently named symbol instead of omcp_plugin_describe
 *   FIXTURE_NULL_DESC    omcp_plugin_describe returns NULL
 *   FIXTURE_TAIL         a descriptor from a newer ABI: 8 more bytes after the 1.0 fields, holding this value
 *                        (0: the newer field is unset, so a 1.0 host loads it; else the host must refuse)
 *   FIXTURE_INIT_MODE    0: register one tool and succeed; 1: register a tool, set_error, fail;
 *                        2: register a tool with an undeclared scope; 3: a tool with unknown flag bits;
 *                        4: a tool whose input schema is not JSON; 5: a tool whose input schema is not an
 *                        object schema
 */
#include <oura_mcp/plugin_abi.h>

#include <string.h>

#ifndef FIXTURE_ID
#error FIXTURE_ID must be defined
#endif
#ifndef FIXTURE_DESC_ID
#define FIXTURE_DESC_ID FIXTURE_ID
#endif
#ifndef FIXTURE_MAJOR
#define FIXTURE_MAJOR OMCP_ABI_MAJOR
#endif
#ifndef FIXTURE_MINOR
#define FIXTURE_MINOR OMCP_ABI_MINOR
#endif
#ifndef FIXTURE_PTR_SIZE
#define FIXTURE_PTR_SIZE sizeof(void*)
#endif
#ifndef FIXTURE_TAG
#define FIXTURE_TAG OMCP_ABI_TAG
#endif
#ifndef FIXTURE_STRUCT_SIZE
#define FIXTURE_STRUCT_SIZE sizeof(omcp_plugin_desc)
#endif
#ifndef FIXTURE_INIT_MODE
#define FIXTURE_INIT_MODE 0
#endif
#ifndef FIXTURE_VERSION
#define FIXTURE_VERSION "0.1.0"
#endif

#ifndef FIXTURE_NULL_INIT
static omcp_status tool_handler(void* user_data, omcp_call* call, const char* args, size_t len)
{
    (void)user_data;
    (void)call;
    (void)args;
    (void)len;
    return OMCP_E_INTERNAL;
}

static omcp_status fixture_init(const omcp_host_api* api, omcp_host* host, void** state)
{
    omcp_tool_desc tool;
    omcp_status st;
    (void)state;
    memset(&tool, 0, sizeof tool);
    tool.struct_size = sizeof tool;
    tool.name = FIXTURE_ID "_tool";
    tool.handler = tool_handler;
#if FIXTURE_INIT_MODE == 2
    tool.required_scope = "heartrate";
#elif FIXTURE_INIT_MODE == 3
    tool.flags = 0x100u;
#elif FIXTURE_INIT_MODE == 4
    tool.input_schema_json = "{\"type\": \"object\", ";
#elif FIXTURE_INIT_MODE == 5
    tool.input_schema_json = "{\"type\": \"string\"}";
#endif
    st = api->register_tool(host, &tool);
#if FIXTURE_INIT_MODE == 1
    (void)st;
    {
        static const char reason[] = "the fixture always fails to start: no credentials for the fake service";
        api->set_error(host, reason, sizeof reason - 1);
    }
    return OMCP_E_UNSUPPORTED;
#else
    return st;
#endif
}
#endif

static const char* const fixture_scopes[] = {"personal", NULL};

#ifdef FIXTURE_TAIL
/* What a plugin built against a later minor looks like: its descriptor has a field this host lacks. */
typedef struct newer_plugin_desc
{
    omcp_plugin_desc base;
    uint64_t later_field;
} newer_plugin_desc;
#undef FIXTURE_STRUCT_SIZE
#define FIXTURE_STRUCT_SIZE sizeof(newer_plugin_desc)
#define FIXTURE_DESC_BEGIN static const newer_plugin_desc fixture_newer = {{
#define FIXTURE_DESC_END                                                                                     \
    }                                                                                                        \
    , FIXTURE_TAIL                                                                                           \
    }                                                                                                        \
    ;
#define fixture_desc (fixture_newer.base)
#else
#define FIXTURE_DESC_BEGIN static const omcp_plugin_desc fixture_desc = {
#define FIXTURE_DESC_END                                                                                     \
    }                                                                                                        \
    ;
#endif

FIXTURE_DESC_BEGIN(uint32_t)
(FIXTURE_STRUCT_SIZE), FIXTURE_MAJOR, FIXTURE_MINOR, (uint16_t)(FIXTURE_PTR_SIZE),
    (uint16_t)sizeof(size_t), OMCP_BYTE_ORDER_MARK, FIXTURE_TAG, FIXTURE_DESC_ID, FIXTURE_VERSION,
    "A broken plugin (test fixture)", fixture_scopes,
#ifdef FIXTURE_NULL_INIT
    NULL,
#else
    fixture_init,
#endif
    NULL FIXTURE_DESC_END

#ifdef FIXTURE_NO_ENTRY
    OMCP_EXPORT const omcp_plugin_desc* omcp_plugin_describe_v2(void);
OMCP_EXPORT const omcp_plugin_desc* omcp_plugin_describe_v2(void)
{
    return &fixture_desc;
}
#else
    OMCP_EXPORT const omcp_plugin_desc* omcp_plugin_describe(void)
{
#ifdef FIXTURE_NULL_DESC
    (void)fixture_desc;
    return NULL;
#else
    return &fixture_desc;
#endif
}
#endif

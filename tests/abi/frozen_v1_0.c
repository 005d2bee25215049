/*
 * frozen_v1_0: a plugin compiled against the frozen ABI 1.0 header (tests/abi/v1_0) only. Every later 1.x
 * host must load it and call its tool; if this stops working, the ABI was broken.
 */
#include <oura_mcp/plugin_abi.h>

#include <stdio.h>
#include <string.h>

#if OMCP_ABI_MAJOR != 1 || OMCP_ABI_MINOR != 0
#error "frozen_v1_0 must be built against the frozen 1.0 header only"
#endif

static const omcp_host_api* g_api;

static omcp_status frozen_echo(void* user_data, omcp_call* call, const char* args, size_t len)
{
    char out[512];
    const char* p = strstr(args, "\"text\":\"");
    size_t n = 0;
    omcp_string today = {NULL, 0};
    (void)user_data;
    (void)len;
    if (p == NULL)
        return OMCP_E_INVALID_ARGUMENT;
    p += 8;
    while (p[n] != '"' && p[n] != '\0' && n < 256)
        ++n;
    /* a string the host returns: a view into host memory, with its length */
    if (g_api->today(call, &today) != OMCP_OK || today.data == NULL)
        return OMCP_E_INTERNAL;
    snprintf(out, sizeof out, "frozen 1.0 plugin says: %.*s (today has %lu bytes)", (int)n, p,
             (unsigned long)today.len);
    if (g_api->is_cancelled(call))
        return OMCP_E_CANCELLED;
    return g_api->result_text(call, out, strlen(out));
}

static omcp_status frozen_init(const omcp_host_api* api, omcp_host* host, void** state)
{
    omcp_tool_desc tool;
    (void)state;
    if (api->abi_major != 1 || !OMCP_HAS_FIELD(omcp_host_api, api, is_cancelled))
        return OMCP_E_UNSUPPORTED;
    g_api = api;
    memset(&tool, 0, sizeof tool);
    tool.struct_size = sizeof tool;
    tool.flags = OMCP_TOOL_READ_ONLY;
    tool.name = "frozen_echo";
    tool.description = "Echoes text; built against plugin ABI 1.0.";
    tool.input_schema_json = "{\"type\":\"object\",\"properties\":{\"text\":{\"type\":\"string\"}},"
                             "\"required\":[\"text\"]}";
    tool.handler = frozen_echo;
    return api->register_tool(host, &tool);
}

static const omcp_plugin_desc frozen_desc = {OMCP_PLUGIN_DESC_HEADER,
                                             "frozen_v1_0",
                                             "1.0.0",
                                             "Built against the frozen plugin ABI 1.0 header",
                                             NULL,
                                             frozen_init,
                                             NULL};

OMCP_EXPORT const omcp_plugin_desc* omcp_plugin_describe(void)
{
    return &frozen_desc;
}

/*
 * dup_tool: loaded after echo, it tries to take echo's tool, prompt and resource names. The host refuses
 * each with OMCP_E_INVALID_ARGUMENT; this plugin chooses to carry on with its own tool and logs the
 * statuses it got so that tests can check them.
 */
#include <oura_mcp/plugin_abi.h>

#include <stdio.h>
#include <string.h>

static const omcp_host_api* g_api;

static omcp_status ok_tool(void* user_data, omcp_call* call, const char* args, size_t len)
{
    static const char text[] = "dup_tool_ok works";
    (void)user_data;
    (void)args;
    (void)len;
    return g_api->result_text(call, text, sizeof text - 1);
}

static omcp_status unused_resource(void* user_data, omcp_call* call, const char* uri, size_t uri_len,
                                   const char* vars, size_t vars_len)
{
    (void)user_data;
    (void)call;
    (void)uri;
    (void)vars;
    (void)uri_len;
    (void)vars_len;
    return OMCP_E_INTERNAL;
}

static omcp_status unused_prompt(void* user_data, omcp_call* call, const char* args, size_t len)
{
    (void)user_data;
    (void)call;
    (void)args;
    (void)len;
    return OMCP_E_INTERNAL;
}

static omcp_status dup_init(const omcp_host_api* api, omcp_host* host, void** state)
{
    omcp_tool_desc tool;
    omcp_resource_desc res;
    omcp_prompt_desc prompt;
    omcp_status st_tool, st_res, st_prompt;
    char line[160];
    (void)state;
    g_api = api;

    memset(&tool, 0, sizeof tool);
    tool.struct_size = sizeof tool;
    tool.name = "echo";
    tool.handler = ok_tool;
    st_tool = api->register_tool(host, &tool);

    memset(&res, 0, sizeof res);
    res.struct_size = sizeof res;
    res.uri = "echo://hello";
    res.name = "hello";
    res.handler = unused_resource;
    st_res = api->register_resource(host, &res);

    memset(&prompt, 0, sizeof prompt);
    prompt.struct_size = sizeof prompt;
    prompt.name = "greet";
    prompt.handler = unused_prompt;
    st_prompt = api->register_prompt(host, &prompt);

    snprintf(line, sizeof line, "duplicate registrations returned tool=%d resource=%d prompt=%d",
             (int)st_tool, (int)st_res, (int)st_prompt);
    api->log(host, OMCP_LOG_INFO, line, strlen(line));

    memset(&tool, 0, sizeof tool);
    tool.struct_size = sizeof tool;
    tool.name = "dup_tool_ok";
    tool.handler = ok_tool;
    return api->register_tool(host, &tool);
}

static const omcp_plugin_desc dup_desc = {OMCP_PLUGIN_DESC_HEADER,
                                          "dup_tool",
                                          "0.1.0",
                                          "Registers names echo already has (test fixture)",
                                          NULL,
                                          dup_init,
                                          NULL};

OMCP_EXPORT const omcp_plugin_desc* omcp_plugin_describe(void)
{
    return &dup_desc;
}

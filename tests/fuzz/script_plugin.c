/* The plugin the plugin-result fuzzer drives: every handler runs a script that the fuzzer passes in the
 * "hex" argument (tools, prompts) or template variable (resources), so the fuzzer decides exactly which
 * result calls a plugin makes, with which bytes, and what the handler returns. C99, like a third-party
 * plugin written against the bare ABI.
 *
 * Script: a sequence of [op][len][len bytes of payload]; op % 8 picks
 *   0 result_text(payload)      1 result_json(payload)        2 result_error(payload up to a NUL)
 *   3 result_message(role, text): payload[0] picks "user", "assistant" or the rest as role
 *   4 return (int8_t)payload[0] at once (OMCP_OK, errors, undefined codes)
 *   5 report_progress(payload[0], payload[1], text)   6 is_cancelled   7 log(level payload[0], text)
 * and the handler returns OMCP_OK at the end of the script. */
#include <oura_mcp/plugin_abi.h>

#include <stdlib.h>
#include <string.h>

static const omcp_host_api* g_api;
static omcp_host* g_host;

static int hex_value(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    return -1;
}

/* The bytes hex-encoded in the string value of "hex" in json (which the host produced from our schema). */
static unsigned char* decode_script(const char* json, size_t* size)
{
    const char* p = strstr(json, "\"hex\":\"");
    unsigned char* out;
    size_t n = 0;
    *size = 0;
    if (p == NULL)
        return NULL;
    p += 7;
    out = (unsigned char*)malloc(strlen(p) / 2 + 1);
    if (out == NULL)
        return NULL;
    while (hex_value(p[0]) >= 0 && hex_value(p[1]) >= 0)
    {
        out[n++] = (unsigned char)(hex_value(p[0]) * 16 + hex_value(p[1]));
        p += 2;
    }
    *size = n;
    return out;
}

static omcp_status run_script(omcp_call* call, const char* json)
{
    size_t size, i = 0;
    unsigned char* script = decode_script(json, &size);
    omcp_status status = OMCP_OK;
    while (script != NULL && i + 2 <= size)
    {
        const unsigned op = script[i] % 8;
        size_t len = script[i + 1];
        const unsigned char* payload = script + i + 2;
        char* text;
        if (len > size - i - 2)
            len = size - i - 2;
        i += 2 + len;
        text = (char*)malloc(len + 1);
        if (text == NULL)
            break;
        memcpy(text, payload, len);
        text[len] = '\0';
        switch (op)
        {
        case 0:
            g_api->result_text(call, text, len);
            break;
        case 1:
            g_api->result_json(call, text, len);
            break;
        case 2:
            g_api->result_error(call, text, len);
            break;
        case 3:
            /* the first byte picks the role: mostly valid ones, sometimes any other value */
            if (len > 0)
                g_api->result_message(call, payload[0] % 3 < 2 ? payload[0] % 3 : (signed char)payload[0],
                                      text + 1, len - 1);
            else
                g_api->result_message(call, OMCP_ROLE_USER, NULL, 0);
            break;
        case 4:
            status = len > 0 ? (omcp_status)(signed char)payload[0] : OMCP_OK;
            free(text);
            free(script);
            return status;
        case 5:
            g_api->report_progress(call, len > 0 ? payload[0] : 0, len > 1 ? payload[1] : 0,
                                   len > 2 ? text + 2 : NULL, len > 2 ? len - 2 : 0);
            break;
        case 6:
            g_api->is_cancelled(call);
            break;
        default:
            g_api->log(g_host, len > 0 ? (signed char)payload[0] : 0, text, len);
            break;
        }
        free(text);
    }
    free(script);
    return status;
}

static omcp_status tool(void* user_data, omcp_call* call, const char* args_json, size_t args_len)
{
    (void)user_data;
    (void)args_len;
    return run_script(call, args_json);
}

static omcp_status resource(void* user_data, omcp_call* call, const char* uri, size_t uri_len,
                            const char* variables_json, size_t variables_len)
{
    (void)user_data;
    (void)uri;
    (void)uri_len;
    (void)variables_len;
    return run_script(call, variables_json);
}

static omcp_status prompt(void* user_data, omcp_call* call, const char* args_json, size_t args_len)
{
    (void)user_data;
    (void)args_len;
    return run_script(call, args_json);
}

static omcp_status script_init(const omcp_host_api* api, omcp_host* host, void** state)
{
    static const char* const no_completions[] = {"00", "0100", NULL};
    omcp_tool_desc t;
    omcp_resource_desc r;
    omcp_prompt_desc p;
    omcp_prompt_argument argument;
    /* No "pattern": libstdc++'s std::regex would dominate every run. */
    const char* input = "{\"type\":\"object\",\"properties\":{\"hex\":{\"type\":\"string\"}},"
                        "\"required\":[\"hex\"],\"additionalProperties\":false}";
    g_api = api;
    g_host = host;
    *state = NULL;

    memset(&t, 0, sizeof t);
    t.struct_size = sizeof t;
    t.flags = OMCP_TOOL_READ_ONLY;
    t.name = "structured";
    t.description = "Runs a script; its structured result must match a day summary schema.";
    t.input_schema_json = input;
    t.output_schema_json =
        "{\"type\":\"object\",\"properties\":{"
        "\"day\":{\"type\":\"string\",\"pattern\":\"^[0-9]{4}-[0-9]{2}-[0-9]{2}$\"},"
        "\"score\":{\"type\":\"integer\",\"minimum\":0,\"maximum\":100},"
        "\"ratio\":{\"type\":\"number\",\"exclusiveMinimum\":0,\"exclusiveMaximum\":1},"
        "\"label\":{\"type\":\"string\",\"minLength\":1,\"maxLength\":8},"
        "\"kind\":{\"enum\":[\"a\",\"b\",1,null]},\"v\":{\"const\":1},"
        "\"tags\":{\"type\":\"array\",\"items\":{\"type\":\"string\"},\"minItems\":1,\"maxItems\":3},"
        "\"next\":{\"anyOf\":[{\"type\":\"null\"},{\"type\":\"object\",\"required\":[\"day\"]}]},"
        "\"one\":{\"oneOf\":[{\"type\":\"integer\"},{\"type\":\"number\",\"minimum\":10}]},"
        "\"all\":{\"allOf\":[{\"type\":\"string\"},{\"maxLength\":2}]},"
        "\"extra\":{\"type\":\"object\",\"additionalProperties\":{\"type\":\"boolean\"}}},"
        "\"required\":[\"day\"],\"additionalProperties\":false}";
    t.handler = tool;
    if (api->register_tool(host, &t) != OMCP_OK)
        return OMCP_E_INTERNAL;
    t.name = "plain";
    t.description = "Runs a script; no output schema.";
    t.output_schema_json = NULL;
    if (api->register_tool(host, &t) != OMCP_OK)
        return OMCP_E_INTERNAL;

    memset(&r, 0, sizeof r);
    r.struct_size = sizeof r;
    r.uri = "fuzz://script/{hex}";
    r.name = "script";
    r.mime_type = "application/json";
    r.handler = resource;
    if (api->register_resource_template(host, &r) != OMCP_OK)
        return OMCP_E_INTERNAL;
    r.uri = "fuzz://section/{hex}";
    r.name = "section";
    r.flags = OMCP_RESOURCE_SECTION;
    if (api->register_resource_template(host, &r) != OMCP_OK)
        return OMCP_E_INTERNAL;

    memset(&argument, 0, sizeof argument);
    argument.name = "hex";
    argument.flags = OMCP_PROMPT_ARGUMENT_REQUIRED;
    argument.completions = no_completions;
    memset(&p, 0, sizeof p);
    p.struct_size = sizeof p;
    p.name = "script";
    p.description = "Runs a script.";
    p.arguments = &argument;
    p.argument_count = 1;
    p.handler = prompt;
    if (api->register_prompt(host, &p) != OMCP_OK)
        return OMCP_E_INTERNAL;
    return OMCP_OK;
}

static const omcp_plugin_desc descriptor = {
    OMCP_PLUGIN_DESC_HEADER, "script", "1.0", "Fuzz script plugin", NULL, script_init, NULL};

OMCP_EXPORT const omcp_plugin_desc* omcp_plugin_describe(void)
{
    return &descriptor;
}

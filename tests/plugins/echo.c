/*
 * echo: the good fixture plugin, in plain C99 against the raw ABI (no SDK helper), exercising every host
 * service. Tools: echo, slow_echo, fail_tool, echo_env, echo_fetch; resource echo://hello;
 * template echo://items/{id}; prompt greet.
 */
#define _POSIX_C_SOURCE 199309L

#include <oura_mcp/plugin_abi.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef struct echo_state
{
    const omcp_host_api* api;
    omcp_host* host;
} echo_state;

/* ---- tiny JSON helpers: the host hands over compact, already validated JSON ------------------------- */

/* Finds the value of "key" at the top level of a flat object; returns a pointer to its first char. */
static const char* find_value(const char* json, const char* key)
{
    char needle[80];
    const char* p;
    snprintf(needle, sizeof needle, "\"%s\"", key);
    p = strstr(json, needle);
    if (p == NULL)
        return NULL;
    p += strlen(needle);
    while (*p == ' ' || *p == ':')
        ++p;
    return p;
}

/* Copies the decoded string value of key into out; 1 found, 0 absent, -1 not a string or too long. */
static int get_string(const char* json, const char* key, char* out, size_t out_size)
{
    const char* p = find_value(json, key);
    size_t n = 0;
    if (p == NULL)
        return 0;
    if (*p != '"')
        return -1;
    ++p;
    while (*p != '"' && *p != '\0')
    {
        char c = *p++;
        if (c == '\\')
        {
            c = *p++;
            switch (c)
            {
            case 'n':
                c = '\n';
                break;
            case 't':
                c = '\t';
                break;
            case 'r':
                c = '\r';
                break;
            case 'b':
                c = '\b';
                break;
            case 'f':
                c = '\f';
                break;
            case 'u':
            {
                unsigned v = 0;
                if (sscanf(p, "%4x", &v) != 1 || v > 0x7F)
                    return -1;
                c = (char)v;
                p += 4;
                break;
            }
            default:
                break; /* \" \\ \/ */
            }
        }
        if (n + 1 >= out_size)
            return -1;
        out[n++] = c;
    }
    out[n] = '\0';
    return 1;
}

static int get_long(const char* json, const char* key, long* out)
{
    const char* p = find_value(json, key);
    char* end = NULL;
    if (p == NULL)
        return 0;
    *out = strtol(p, &end, 10);
    return end != p ? 1 : -1;
}

/* Writes in as a JSON string literal (with quotes) into out; returns 0 if it does not fit. */
static int json_quote(const char* in, char* out, size_t out_size)
{
    size_t n = 0;
    const unsigned char* p = (const unsigned char*)in;
    if (out_size < 3)
        return 0;
    out[n++] = '"';
    for (; *p != '\0'; ++p)
    {
        char esc[8];
        size_t k;
        if (*p == '"' || *p == '\\')
            sprintf(esc, "\\%c", *p);
        else if (*p < 0x20)
            sprintf(esc, "\\u%04x", *p);
        else
        {
            esc[0] = (char)*p;
            esc[1] = '\0';
        }
        k = strlen(esc);
        if (n + k + 2 > out_size)
            return 0;
        memcpy(out + n, esc, k);
        n += k;
    }
    out[n++] = '"';
    out[n] = '\0';
    return 1;
}

static void sleep_ms(long ms)
{
    struct timespec ts;
    ts.tv_sec = ms / 1000;
    ts.tv_nsec = (ms % 1000) * 1000000L;
    nanosleep(&ts, NULL);
}

/* ---- tools ------------------------------------------------------------------------------------------- */

static omcp_status echo_tool(void* user_data, omcp_call* call, const char* args, size_t len)
{
    echo_state* s = (echo_state*)user_data;
    char text[4096];
    char quoted[8300];
    char json[8400];
    omcp_status st;
    (void)len;
    if (get_string(args, "text", text, sizeof text) != 1)
        return OMCP_E_INVALID_ARGUMENT;
    if (!json_quote(text, quoted, sizeof quoted))
        return OMCP_E_INVALID_ARGUMENT;
    snprintf(json, sizeof json, "{\"echo\":%s}", quoted);
    st = s->api->result_text(call, text, strlen(text));
    if (st != OMCP_OK)
        return st;
    return s->api->result_json(call, json, strlen(json));
}

static omcp_status slow_echo_tool(void* user_data, omcp_call* call, const char* args, size_t len)
{
    echo_state* s = (echo_state*)user_data;
    char text[1024];
    long ms = 600000;
    long elapsed = 0;
    (void)len;
    if (get_string(args, "text", text, sizeof text) != 1)
        return OMCP_E_INVALID_ARGUMENT;
    get_long(args, "ms", &ms);
    while (elapsed < ms)
    {
        if (s->api->is_cancelled(call))
            return OMCP_E_CANCELLED;
        s->api->report_progress(call, (double)elapsed, (double)ms, "waiting", 7);
        sleep_ms(10);
        elapsed += 10;
    }
    return s->api->result_text(call, text, strlen(text));
}

static omcp_status fail_tool(void* user_data, omcp_call* call, const char* args, size_t len)
{
    echo_state* s = (echo_state*)user_data;
    (void)args;
    (void)len;
    static const char message[] = "fail_tool always fails; this is what a tool error looks like.";
    return s->api->result_error(call, message, sizeof message - 1);
}

/* Reports what the date and configuration services answer, and that registration is refused outside init. */
static omcp_status env_tool(void* user_data, omcp_call* call, const char* args, size_t len)
{
    echo_state* s = (echo_state*)user_data;
    const omcp_host_api* api = s->api;
    char out[2048];
    omcp_string greeting = {NULL, 0};
    omcp_string again = {NULL, 0};
    omcp_string today = {NULL, 0};
    omcp_status st;
    const omcp_date_range* range = NULL;
    omcp_status st_range;
    omcp_tool_desc late;
    omcp_status st_late;
    static const char key[] = "greeting";
    (void)args;
    (void)len;

    /* the key is given with its length (no NUL needed); the value points into host memory */
    st = api->config_get(s->host, key, sizeof key - 1, &greeting);
    /* settings never change, so the host hands out the same bytes again */
    api->config_get(s->host, key, sizeof key - 1, &again);

    if (api->today(call, &today) != OMCP_OK)
        today.data = "?";

    st_range = api->resolve_dates(call, "yesterday", 9, NULL, 0, &range);

    memset(&late, 0, sizeof late);
    late.struct_size = sizeof late;
    late.name = "late_tool";
    late.handler = echo_tool;
    st_late = api->register_tool(s->host, &late);

    snprintf(out, sizeof out,
             "greeting=%s (status %d, len %lu, same bytes %d)\ntoday=%s\nnow=%lld\nrange=%d %s..%s (%u days, "
             "before %s..%s) %s\nregister_in_handler=%d",
             st == OMCP_OK ? greeting.data : "-", (int)st, (unsigned long)greeting.len,
             greeting.data != NULL && greeting.data == again.data, today.data,
             (long long)api->now_unix_ms(s->host), (int)st_range, range->start.data ? range->start.data : "-",
             range->end.data ? range->end.data : "-", (unsigned)range->day_count,
             range->before_start.data ? range->before_start.data : "-",
             range->before_end.data ? range->before_end.data : "-",
             range->error.data ? range->error.data : "", (int)st_late);
    return api->result_text(call, out, strlen(out));
}

static omcp_string text_of(const char* text)
{
    omcp_string s;
    s.data = text;
    s.len = strlen(text);
    return s;
}

static const char* or_dash(omcp_string s)
{
    return s.data != NULL ? s.data : "-";
}

static omcp_status fetch_tool(void* user_data, omcp_call* call, const char* args, size_t len)
{
    echo_state* s = (echo_state*)user_data;
    char collection[64];
    char start[64];
    char end[64];
    char line[256];
    omcp_kv extra[1] = {{OMCP_LITERAL("fields"), OMCP_LITERAL("day,score")}};
    omcp_collection_request req;
    const omcp_response* resp = NULL;
    omcp_status st;
    (void)len;
    if (get_string(args, "collection", collection, sizeof collection) != 1)
        return OMCP_E_INVALID_ARGUMENT;
    memset(&req, 0, sizeof req);
    req.struct_size = sizeof req;
    req.collection = text_of(collection);
    if (get_string(args, "start", start, sizeof start) == 1)
        req.start = text_of(start);
    if (get_string(args, "end", end, sizeof end) == 1)
        req.end = text_of(end);
    req.extra = extra;
    req.extra_count = 1;
    req.flags = OMCP_COLLECTION_RAW;
    st = s->api->get_collection(call, &req, &resp);
    if (st != OMCP_OK)
        return st; /* "I could not build a result": the host words the error */
    s->api->result_text(call, resp->body.data, resp->body.len);
    snprintf(line, sizeof line, "days=%s..%s http=%d note=%s", or_dash(resp->start_day),
             or_dash(resp->end_day), (int)resp->http_status, or_dash(resp->data_note));
    return s->api->result_text(call, line, strlen(line));
}

/* ---- resources and prompts --------------------------------------------------------------------------- */

static omcp_status hello_resource(void* user_data, omcp_call* call, const char* uri, size_t uri_len,
                                  const char* variables, size_t variables_len)
{
    echo_state* s = (echo_state*)user_data;
    static const char text[] = "Hello from the echo plugin.";
    (void)uri;
    (void)uri_len;
    (void)variables;
    (void)variables_len;
    return s->api->result_text(call, text, sizeof text - 1);
}

static omcp_status item_resource(void* user_data, omcp_call* call, const char* uri, size_t uri_len,
                                 const char* variables, size_t variables_len)
{
    echo_state* s = (echo_state*)user_data;
    char id[256];
    char quoted[600];
    char json[700];
    (void)uri;
    (void)uri_len;
    (void)variables_len;
    if (get_string(variables, "id", id, sizeof id) != 1)
        return OMCP_E_INVALID_ARGUMENT;
    if (strcmp(id, "missing") == 0)
        return OMCP_E_NOT_FOUND;
    if (!json_quote(id, quoted, sizeof quoted))
        return OMCP_E_INVALID_ARGUMENT;
    snprintf(json, sizeof json, "{\"id\":%s}", quoted);
    return s->api->result_json(call, json, strlen(json));
}

static omcp_status greet_prompt(void* user_data, omcp_call* call, const char* args, size_t len)
{
    echo_state* s = (echo_state*)user_data;
    char name[256];
    char style[64];
    char text[512];
    (void)len;
    if (get_string(args, "name", name, sizeof name) != 1)
        return OMCP_E_INVALID_ARGUMENT;
    if (get_string(args, "style", style, sizeof style) != 1)
        strcpy(style, "warmly");
    snprintf(text, sizeof text, "Please greet %s %s.", name, style);
    return s->api->result_message(call, OMCP_ROLE_USER, text, strlen(text));
}

/* ---- registration ------------------------------------------------------------------------------------ */

static const char* const greet_names[] = {"Alice", "Albert", "Bob", "Carol", NULL};

static omcp_status echo_init(const omcp_host_api* api, omcp_host* host, void** state)
{
    echo_state* s;
    omcp_tool_desc tool;
    omcp_resource_desc res;
    omcp_prompt_desc prompt;
    omcp_prompt_argument args[2];
    omcp_status st;

    /* A plugin checks the services it needs exist in this host (they all do in 1.0). */
    if (!OMCP_HAS_FIELD(omcp_host_api, api, is_cancelled) || api->is_cancelled == NULL)
        return OMCP_E_UNSUPPORTED;
    s = (echo_state*)malloc(sizeof *s);
    if (s == NULL)
        return OMCP_E_INTERNAL;
    s->api = api;
    s->host = host;

    memset(&tool, 0, sizeof tool);
    tool.struct_size = sizeof tool;
    tool.flags = OMCP_TOOL_READ_ONLY | OMCP_TOOL_IDEMPOTENT;
    tool.name = "echo";
    tool.title = "Echo";
    tool.description = "Returns the text it is given.";
    tool.input_schema_json =
        "{\"type\":\"object\",\"properties\":{\"text\":{\"type\":\"string\",\"minLength\":1,"
        "\"maxLength\":1000}},\"required\":[\"text\"],\"additionalProperties\":false}";
    tool.output_schema_json = "{\"type\":\"object\",\"properties\":{\"echo\":{\"type\":\"string\"}},"
                              "\"required\":[\"echo\"],\"additionalProperties\":false}";
    tool.required_scope = "personal";
    tool.handler = echo_tool;
    tool.user_data = s;
    if ((st = api->register_tool(host, &tool)) != OMCP_OK)
        goto fail;

    memset(&tool, 0, sizeof tool);
    tool.struct_size = sizeof tool;
    tool.flags = OMCP_TOOL_READ_ONLY;
    tool.name = "slow_echo";
    tool.description = "Returns the text after ms milliseconds, reporting progress; stops when cancelled.";
    tool.input_schema_json =
        "{\"type\":\"object\",\"properties\":{\"text\":{\"type\":\"string\"},\"ms\":"
        "{\"type\":\"integer\",\"minimum\":0,\"maximum\":600000}},\"required\":[\"text\"],"
        "\"additionalProperties\":false}";
    tool.handler = slow_echo_tool;
    tool.user_data = s;
    if ((st = api->register_tool(host, &tool)) != OMCP_OK)
        goto fail;

    memset(&tool, 0, sizeof tool);
    tool.struct_size = sizeof tool;
    tool.flags = OMCP_TOOL_DESTRUCTIVE;
    tool.name = "fail_tool";
    tool.description = "Always answers with a tool error.";
    tool.handler = fail_tool;
    tool.user_data = s;
    if ((st = api->register_tool(host, &tool)) != OMCP_OK)
        goto fail;

    memset(&tool, 0, sizeof tool);
    tool.struct_size = sizeof tool;
    tool.name = "echo_env";
    tool.description = "Reports config, clock and date services.";
    tool.handler = env_tool;
    tool.user_data = s;
    if ((st = api->register_tool(host, &tool)) != OMCP_OK)
        goto fail;

    memset(&tool, 0, sizeof tool);
    tool.struct_size = sizeof tool;
    tool.flags = OMCP_TOOL_READ_ONLY | OMCP_TOOL_OPEN_WORLD;
    tool.name = "echo_fetch";
    tool.description = "Fetches a collection through the host.";
    tool.input_schema_json = "{\"type\":\"object\",\"properties\":{\"collection\":{\"type\":\"string\"},"
                             "\"start\":{\"type\":\"string\"},\"end\":{\"type\":\"string\"}},"
                             "\"required\":[\"collection\"],\"additionalProperties\":false}";
    tool.required_scope = "daily";
    tool.handler = fetch_tool;
    tool.user_data = s;
    if ((st = api->register_tool(host, &tool)) != OMCP_OK)
        goto fail;

    memset(&res, 0, sizeof res);
    res.struct_size = sizeof res;
    res.uri = "echo://hello";
    res.name = "hello";
    res.title = "Hello";
    res.description = "A greeting.";
    res.handler = hello_resource;
    res.user_data = s;
    if ((st = api->register_resource(host, &res)) != OMCP_OK)
        goto fail;

    memset(&res, 0, sizeof res);
    res.struct_size = sizeof res;
    res.uri = "echo://items/{id}";
    res.name = "item";
    res.mime_type = "application/json";
    res.handler = item_resource;
    res.user_data = s;
    if ((st = api->register_resource_template(host, &res)) != OMCP_OK)
        goto fail;

    memset(args, 0, sizeof args);
    args[0].name = "name";
    args[0].description = "Who to greet";
    args[0].flags = OMCP_PROMPT_ARGUMENT_REQUIRED;
    args[0].completions = greet_names;
    args[1].name = "style";
    args[1].flags = 0;
    memset(&prompt, 0, sizeof prompt);
    prompt.struct_size = sizeof prompt;
    prompt.name = "greet";
    prompt.title = "Greet someone";
    prompt.description = "Asks the model to greet a person.";
    prompt.arguments = args;
    prompt.argument_count = 2;
    prompt.handler = greet_prompt;
    prompt.user_data = s;
    if ((st = api->register_prompt(host, &prompt)) != OMCP_OK)
        goto fail;

    api->log(host, OMCP_LOG_DEBUG, "echo initialised", 16);
    *state = s;
    return OMCP_OK;

fail:
    api->set_error(host, "echo could not register everything", 34);
    free(s);
    return st;
}

static void echo_shutdown(void* state)
{
    echo_state* s = (echo_state*)state;
    if (s == NULL)
        return;
    s->api->log(s->host, OMCP_LOG_INFO, "echo shutting down", 18);
    free(s);
}

static const char* const echo_scopes[] = {"personal", "daily", NULL};

static const omcp_plugin_desc echo_desc = {
    OMCP_PLUGIN_DESC_HEADER, "echo", "1.0.0", "Echo test plugin", echo_scopes, echo_init, echo_shutdown};

OMCP_EXPORT const omcp_plugin_desc* omcp_plugin_describe(void)
{
    return &echo_desc;
}

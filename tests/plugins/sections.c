/*
 * Section fixtures: several plugins contribute OMCP_RESOURCE_SECTION parts to the composite resources
 * sec://summary and sec://summary/{day}. Built once per case:
 *   SECTION_ID    plugin id and file stem
 *   SECTION_MODE  0: a JSON section; 1: fails with OMCP_E_UPSTREAM; 2: adds text only (not a section);
 *                 3: registers sec://summary WITHOUT the section flag (the host refuses it) and loads anyway
 */
#include <oura_mcp/plugin_abi.h>

#include <stdio.h>
#include <string.h>

#ifndef SECTION_MODE
#define SECTION_MODE 0
#endif

static const omcp_host_api* g_api;

static omcp_status section(void* user_data, omcp_call* call, const char* uri, size_t uri_len,
                           const char* variables, size_t variables_len)
{
    char json[256];
    const char* day = strstr(variables, "\"day\":\"");
    int n = 0;
    (void)user_data;
    (void)uri;
    (void)uri_len;
    (void)variables_len;
#if SECTION_MODE == 1
    (void)json;
    (void)day;
    (void)n;
    (void)call;
    return OMCP_E_UPSTREAM;
#elif SECTION_MODE == 2
    (void)json;
    (void)day;
    (void)n;
    return g_api->result_text(call, "plain text", 10);
#else
    if (day != NULL)
    {
        day += 7;
        while (day[n] != '"' && day[n] != '\0' && n < 32)
            ++n;
    }
    snprintf(json, sizeof json, "{\"from\":\"%s\",\"day\":\"%.*s\"}", SECTION_ID, n, day ? day : "");
    return g_api->result_json(call, json, strlen(json));
#endif
}

static omcp_status init(const omcp_host_api* api, omcp_host* host, void** state)
{
    omcp_resource_desc r;
    omcp_status st;
    char line[96];
    (void)state;
    g_api = api;
    memset(&r, 0, sizeof r);
    r.struct_size = sizeof r;
    r.uri = "sec://summary";
    r.name = "summary";
    r.description = "Summary; this section: " SECTION_ID;
    r.mime_type = "application/json";
#if SECTION_MODE != 3
    r.flags = OMCP_RESOURCE_SECTION;
#endif
    r.handler = section;
    st = api->register_resource(host, &r);
#if SECTION_MODE == 3
    snprintf(line, sizeof line, "plain registration of a composite URI returned %d", (int)st);
    api->log(host, OMCP_LOG_INFO, line, strlen(line));
    return OMCP_OK;
#else
    (void)line;
    if (st != OMCP_OK)
        return st;
    r.uri = "sec://summary/{day}";
    return api->register_resource_template(host, &r);
#endif
}

static const omcp_plugin_desc desc = {
    OMCP_PLUGIN_DESC_HEADER, SECTION_ID, "0.1.0", "Section fixture", NULL, init, NULL};

OMCP_EXPORT const omcp_plugin_desc* omcp_plugin_describe(void)
{
    return &desc;
}

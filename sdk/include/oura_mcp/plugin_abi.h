/*
 * oura_mcp/plugin_abi.h -- the stable C plugin ABI of oura-mcp, version 1.0.
 *
 * This header is the whole contract between the oura-mcp host and a plugin. It is C99, includes only
 * <stddef.h> and <stdint.h>, and compiles as C99 and as C++17 with -Wall -Wextra -Werror.
 *
 * ---------------------------------------------------------------------------------------------------------
 * 1. How a plugin is found and accepted
 * ---------------------------------------------------------------------------------------------------------
 * A plugin is one shared library (`<id>.so`) in a plugins folder. The host dlopen()s it with RTLD_NOW |
 * RTLD_LOCAL, looks up exactly one symbol, OMCP_ENTRY_SYMBOL ("omcp_plugin_describe"), and calls it.
 * The entry function must be pure (no allocation, no I/O, no threads) and return a pointer to static data.
 *
 * The host then checks, in this order, and refuses the plugin with a message naming the file and the
 * found and expected values at the first failure:
 *   1. struct_size >= OMCP_PLUGIN_DESC_V1_0_SIZE;
 *   2. abi_major == the host's major (a different major is a different contract);
 *   3. abi_minor <= the host's minor (a plugin built against a newer SDK may call services this host lacks);
 *   4. abi_tag equals OMCP_ABI_TAG;
 *   5. the platform facts (pointer size, size_t size, byte order) equal the host's;
 *   6. id matches [a-z0-9_-]{1,64}, equals the file stem, and no loaded plugin has it yet;
 *   7. init is not NULL.
 * Then it calls init(). During init the plugin registers tools, resources, resource templates and prompts.
 * If init returns an error, every registration of that plugin is dropped and the other plugins load anyway.
 * Plugins are never unloaded while the process runs. To disable a domain, remove its file and restart.
 *
 * ---------------------------------------------------------------------------------------------------------
 * 2. Growth rules (append-only)
 * ---------------------------------------------------------------------------------------------------------
 * - Every struct crossing the boundary starts with `uint32_t struct_size` = sizeof(struct) as compiled by
 *   the side that filled it. Readers copy min(struct_size, own sizeof) into a zeroed local copy, so fields a
 *   side does not know read as zero / NULL.
 * - New fields and new host services are only ever appended at the end of a struct, with a minor bump and
 *   a "since 1.x" comment. Nothing is reordered, removed, or changes type or meaning. A retired host
 *   service stays in the table and returns OMCP_E_UNSUPPORTED.
 * - A plugin may test whether the host has a service with OMCP_HAS_FIELD(omcp_host_api, api, name) and must
 *   also check the pointer is not NULL.
 * - Flag bits a side does not know must be zero; the host refuses descriptors with unknown flag bits.
 *
 * ---------------------------------------------------------------------------------------------------------
 * 3. Ownership (nobody frees the other side's memory)
 * ---------------------------------------------------------------------------------------------------------
 *   data                                      owner    lifetime
 *   omcp_plugin_desc and everything it points plugin   static, for the life of the process
 *   strings/structs passed *to* any host      plugin   only for the duration of that call: the host copies
 *     service (descriptors, log text, results)        everything it keeps before returning
 *   omcp_host_api table, omcp_host handle     host     from init() until shutdown() returns
 *   args_json / uri / variables given to a    host     until the handler returns
 *     handler
 *   omcp_response and all it points to        host     until the handler that asked for it returns
 *   config values, dates                      caller   copied into the caller's buffer
 *   `state` set by init, `user_data`          plugin   until shutdown(state) returns
 *
 * ---------------------------------------------------------------------------------------------------------
 * 4. Threads
 * ---------------------------------------------------------------------------------------------------------
 * - omcp_plugin_describe: any thread, any number of times.
 * - init and shutdown: once each, on the host's main thread, with no handler running.
 * - Handlers (tools, resources, templates, prompts) RUN CONCURRENTLY on the host's worker threads: the same
 *   handler may run on several threads at once. Handlers must be reentrant; shared mutable state behind
 *   `state`/`user_data` is the plugin's to lock.
 * - Services taking `omcp_host*` ("any time") are thread-safe and may be called from any thread between
 *   init and the return of shutdown. Services taking `omcp_call*` ("in a handler") may only be called on
 *   the thread running that handler, before it returns.
 * - Registration services and set_error may only be called during init.
 * - A plugin must join any thread it started before shutdown returns.
 *
 * ---------------------------------------------------------------------------------------------------------
 * 5. Errors and exceptions
 * ---------------------------------------------------------------------------------------------------------
 * No C++ exception and no longjmp may leave any function of the plugin (entry, init, shutdown, handlers).
 * The host also catches at its side, but unwinding through C frames is undefined behaviour.
 * Every service returns an omcp_status: OMCP_OK (0) or a negative error code.
 * A handler returns OMCP_OK when the result it built is the one to send, even an error result built with
 * result_error. Any negative return means "I could not build a result": the host discards what the handler
 * added and answers with an isError result naming the plugin, or, for OMCP_E_AUTH_REQUIRED, the host's
 * "how to log in" guidance.
 *
 * ---------------------------------------------------------------------------------------------------------
 * 6. Strings and JSON
 * ---------------------------------------------------------------------------------------------------------
 * All strings are UTF-8 and NUL-terminated unless a length is given. JSON crosses the boundary as text.
 * Tool arguments have already been validated by the host against the tool's input schema.
 * Secrets (tokens, client secrets) and URLs are never visible to plugins: they ask for API paths.
 */
#ifndef OURA_MCP_PLUGIN_ABI_H
#define OURA_MCP_PLUGIN_ABI_H

#include <stddef.h>
#include <stdint.h>

#define OMCP_ABI_MAJOR 1
#define OMCP_ABI_MINOR 0
#define OMCP_ABI_TAG "oura-mcp"
#define OMCP_ENTRY_SYMBOL "omcp_plugin_describe"
#define OMCP_BYTE_ORDER_MARK 0x01020304u /* stored natively; reads differently on the other byte order */

#if defined(_WIN32)
#define OMCP_EXPORT __declspec(dllexport)
#else
#define OMCP_EXPORT __attribute__((visibility("default")))
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* ---- status codes ------------------------------------------------------------------------------------ */

typedef int32_t omcp_status;
#define OMCP_OK 0
#define OMCP_E_INVALID_ARGUMENT (-1) /* malformed input: a bad date, an unknown key, an API 400/422      */
#define OMCP_E_NOT_FOUND (-2)        /* a config key, a resource, an API 404                             */
#define OMCP_E_BUFFER_TOO_SMALL (-3) /* *needed says how many bytes (including the NUL) are required     */
#define OMCP_E_AUTH_REQUIRED (-4)    /* no credentials, or they were refused after a refresh attempt     */
#define OMCP_E_FORBIDDEN (-5)        /* the token lacks a scope, or the Oura membership has lapsed       */
#define OMCP_E_RATE_LIMITED (-6)     /* the API or the client-side limiter said: later                   */
#define OMCP_E_UPSTREAM (-7)         /* network, TLS, timeout, 5xx, a malformed upstream answer           */
#define OMCP_E_UNSUPPORTED (-8)      /* service or feature not available in this host or mode            */
#define OMCP_E_CANCELLED (-9)        /* the client cancelled the request                                  */
#define OMCP_E_WRONG_PHASE (-10)     /* a service called outside the phase its comment allows             */
#define OMCP_E_INTERNAL (-11)        /* anything else, including an exception caught at the boundary     */

/* ---- opaque handles ---------------------------------------------------------------------------------- */

typedef struct omcp_host omcp_host; /* one per loaded plugin; valid from init() until shutdown() returns   */
typedef struct omcp_call omcp_call; /* one per handler invocation; valid only until the handler returns    */

/* ---- small value types ------------------------------------------------------------------------------- */

#define OMCP_LOG_DEBUG 0
#define OMCP_LOG_INFO 1
#define OMCP_LOG_WARNING 2
#define OMCP_LOG_ERROR 3

typedef struct omcp_kv
{
    const char* key;   /* a query parameter name, e.g. "fields"; the host URL-encodes it      */
    const char* value; /* its value; the host URL-encodes it                                  */
} omcp_kv;

/* An inclusive range of the user's calendar days, as resolved by the host. */
typedef struct omcp_date_range
{
    uint32_t struct_size; /* set by the caller to sizeof(omcp_date_range)                        */
    uint32_t reserved;    /* zero                                                                 */
    char start[16];       /* "YYYY-MM-DD", NUL-terminated                                        */
    char end[16];         /* "YYYY-MM-DD", NUL-terminated; end >= start                          */
} omcp_date_range;

/* What the host answers to http_get and get_collection. Host-owned, valid until the handler returns. */
typedef struct omcp_response
{
    uint32_t struct_size;  /* sizeof(omcp_response) as compiled into the host                       */
    int32_t http_status;   /* the last HTTP status received; 0 if no answer came (network error)    */
    const char* body;      /* JSON text, body_len bytes plus a NUL; never NULL when OMCP_OK          */
    size_t body_len;       /*                                                                       */
    const char* error;     /* on failure: a complete, actionable sentence for the user; else NULL   */
    const char* start_day; /* get_collection: the inclusive range served, "YYYY-MM-DD"; else NULL   */
    const char* end_day;   /*                                                                       */
    const char* data_note; /* the host's note on the data (e.g. "demo data"); may be NULL            */
} omcp_response;

/* get_collection options (flags). */
#define OMCP_COLLECTION_RAW (1u << 0) /* heart rate etc.: every sample, no server-side summarising        */

/* A request for the documents of one Oura collection over the user's inclusive days. The host owns the
 * collection rules: which query parameters the collection takes, how the API's date filter is widened and
 * trimmed by `day`, datetimes for time series, pagination to the end, caching and rate limiting. */
typedef struct omcp_collection_request
{
    uint32_t struct_size;   /* sizeof(omcp_collection_request)                                       */
    uint32_t flags;         /* OMCP_COLLECTION_*                                                     */
    const char* collection; /* "daily_sleep", "sleep", "heartrate", "personal_info", ...             */
    const char* start;      /* user text: "2024-05-01", "yesterday", "last week"; NULL: the default  */
    const char* end;        /* user text or NULL (then: start's last day, or today for "last N ..")  */
    const omcp_kv* extra;   /* extra query parameters (e.g. fields); may be NULL                     */
    size_t extra_count;     /*                                                                       */
} omcp_collection_request;

/* ---- descriptors the plugin registers --------------------------------------------------------------- */

/* Tool flags -> MCP ToolAnnotations. */
#define OMCP_TOOL_READ_ONLY (1u << 0)   /* readOnlyHint: true                                               */
#define OMCP_TOOL_IDEMPOTENT (1u << 1)  /* idempotentHint: true                                             */
#define OMCP_TOOL_OPEN_WORLD (1u << 2)  /* openWorldHint: true (talks to an outside service)                */
#define OMCP_TOOL_DESTRUCTIVE (1u << 3) /* destructiveHint: true (only meaningful without READ_ONLY)        */
#define OMCP_TOOL_KNOWN_FLAGS 0x0Fu

/* A tool handler: args_json is a JSON object (already validated against input_schema_json).
 * Build the result with result_text / result_json / result_error, then return OMCP_OK. */
typedef omcp_status (*omcp_tool_fn)(void* user_data, omcp_call* call, const char* args_json, size_t args_len);

typedef struct omcp_tool_desc
{
    uint32_t struct_size;           /* sizeof(omcp_tool_desc)                                          */
    uint32_t flags;                 /* OMCP_TOOL_*                                                     */
    const char* name;               /* 1..128 chars of [A-Za-z0-9_.-], unique across all plugins        */
    const char* title;              /* human-readable name; may be NULL                                 */
    const char* description;        /* tells a model when to use the tool                               */
    const char* input_schema_json;  /* JSON Schema of the arguments, an object schema; NULL: no args    */
    const char* output_schema_json; /* JSON Schema of structuredContent; NULL: none                      */
    const char* required_scope;     /* OAuth scope the tool needs; must be one the plugin declares; may
                                       be NULL for tools that need none                                 */
    omcp_tool_fn handler;           /* required                                                         */
    void* user_data;                /* handed back to handler                                           */
} omcp_tool_desc;

/* Resource flags. */
/* A section of a composite resource: several plugins may register the same URI with this flag; the host reads
 * every section concurrently and answers one JSON object {"sections": {<plugin id>: <section JSON>, ...},
 * "missing": [...]} so that, e.g., oura://summary/today is composed from whichever plugins are installed.
 * A section handler must produce its part with result_json. */
#define OMCP_RESOURCE_SECTION (1u << 0)
#define OMCP_RESOURCE_KNOWN_FLAGS 0x01u

/* A resource handler: add contents with result_text (text in the descriptor's mime type) or result_json
 * (application/json). variables_json is an object of the template's variables ({} for plain resources). */
typedef omcp_status (*omcp_resource_fn)(void* user_data, omcp_call* call, const char* uri,
                                        const char* variables_json);

typedef struct omcp_resource_desc
{
    uint32_t struct_size;     /* sizeof(omcp_resource_desc)                                              */
    uint32_t flags;           /* OMCP_RESOURCE_*                                                         */
    const char* uri;          /* e.g. "oura://summary/today"; for a template, an RFC 6570 level-1
                                 template such as "oura://summary/{date}"                               */
    const char* name;         /* short machine name                                                      */
    const char* title;        /* may be NULL                                                             */
    const char* description;  /* may be NULL                                                             */
    const char* mime_type;    /* e.g. "application/json"; NULL means "text/plain"                       */
    omcp_resource_fn handler; /* required                                                                */
    void* user_data;
} omcp_resource_desc;

typedef struct omcp_prompt_argument
{
    const char* name;               /* argument name                                                     */
    const char* description;        /* may be NULL                                                       */
    uint32_t required;              /* 1: required, 0: optional                                          */
    uint32_t reserved;              /* zero                                                              */
    const char* const* completions; /* NULL-terminated list offered by completion/complete; may be NULL  */
} omcp_prompt_argument;

/* A prompt handler: args_json is an object of strings; required arguments are present. Add messages with
 * result_message, then return OMCP_OK. */
typedef omcp_status (*omcp_prompt_fn)(void* user_data, omcp_call* call, const char* args_json,
                                      size_t args_len);

typedef struct omcp_prompt_desc
{
    uint32_t struct_size; /* sizeof(omcp_prompt_desc)                                                  */
    uint32_t flags;       /* zero                                                                      */
    const char* name;     /* unique across all plugins                                                 */
    const char* title;    /* may be NULL                                                               */
    const char* description;
    const omcp_prompt_argument* arguments; /* array of argument_count; may be NULL                     */
    size_t argument_count;
    omcp_prompt_fn handler; /* required                                                                */
    void* user_data;
} omcp_prompt_desc;

/* ---- the host function table ------------------------------------------------------------------------ */

typedef struct omcp_host_api
{
    uint32_t struct_size; /* sizeof(omcp_host_api) as compiled into the host                           */
    uint16_t abi_major;   /* the host's ABI version                                                    */
    uint16_t abi_minor;

    /* -- any time, any thread ------------------------------------------------------------------------- */

    /* Writes one line to the host log (stderr), prefixed with the plugin id. Copies; never fails. */
    void (*log)(omcp_host* host, int32_t level, const char* message);

    /* Reads the plugin's own setting `plugins.<id>.<key>` from the host configuration into buf.
     * OMCP_E_NOT_FOUND if absent; OMCP_E_BUFFER_TOO_SMALL with *needed set if buf is too small.
     * Plugins cannot read other plugins' settings or any secret. needed may be NULL. */
    omcp_status (*config_get)(omcp_host* host, const char* key, char* buf, size_t buf_size, size_t* needed);

    /* Milliseconds since the Unix epoch from the host clock (frozen in tests). */
    int64_t (*now_unix_ms)(omcp_host* host);

    /* The user's local calendar date (time zone from TZ or the config file) as "YYYY-MM-DD". */
    omcp_status (*today)(omcp_host* host, char out[16]);

    /* Resolves user date text into an inclusive range of days, the one way every plugin agrees on.
     * start/end: ISO dates or phrases ("yesterday", "last week", "last 3 days", "monday", ...); NULL or ""
     * for the default ("last week" for start; for end: the last day of start's phrase, or today).
     * On OMCP_E_INVALID_ARGUMENT, error_buf (if not NULL) receives a sentence naming the accepted forms. */
    omcp_status (*resolve_dates)(omcp_host* host, const char* start, const char* end, omcp_date_range* out,
                                 char* error_buf, size_t error_buf_size);

    /* -- only during init ----------------------------------------------------------------------------- */

    omcp_status (*register_tool)(omcp_host* host, const omcp_tool_desc* desc);
    omcp_status (*register_resource)(omcp_host* host, const omcp_resource_desc* desc);
    omcp_status (*register_resource_template)(omcp_host* host, const omcp_resource_desc* desc);
    omcp_status (*register_prompt)(omcp_host* host, const omcp_prompt_desc* desc);
    /* The reason init is about to fail; the host prints it with the file name. Copies. */
    void (*set_error)(omcp_host* host, const char* message);

    /* -- only in a handler, on its thread ------------------------------------------------------------- */

    /* GET an Oura API path ("/v2/usercollection/personal_info") with query parameters. The host adds the
     * base URL, the bearer token, retries, the rate limiter and the cache; with OMCP_GET_ALL_PAGES it
     * follows next_token to the end and returns {"data":[...all pages...], "next_token": null}.
     * OMCP_OK only for a 2xx answer with a JSON body; otherwise a negative status and out->error. */
    omcp_status (*http_get)(omcp_call* call, const char* path, const omcp_kv* query, size_t query_count,
                            uint32_t flags, const omcp_response** out);

    /* The documents of one collection for the user's inclusive days, all pages, trimmed to those days:
     * body is {"data":[...]}; start_day/end_day say which days were served. Errors as http_get; a date the
     * host cannot read gives OMCP_E_INVALID_ARGUMENT with out->error naming the accepted forms. */
    omcp_status (*get_collection)(omcp_call* call, const omcp_collection_request* request,
                                  const omcp_response** out);

    /* Adds a text content block. */
    omcp_status (*result_text)(omcp_call* call, const char* text, size_t len);
    /* Sets the structured result (tools: structuredContent, must match the output schema; resources: an
     * application/json content). Must be valid JSON; the host adds a text copy where MCP expects one. */
    omcp_status (*result_json)(omcp_call* call, const char* json, size_t len);
    /* Marks the result as a tool error (isError: true) with an actionable message. In a prompt handler it
     * rejects the prompt's arguments: the client gets JSON-RPC -32602 with the message. */
    omcp_status (*result_error)(omcp_call* call, const char* message);
    /* Prompts: appends a message; role is "user" or "assistant". */
    omcp_status (*result_message)(omcp_call* call, const char* role, const char* text);

    /* Progress for long work; sent only if the client asked for it. progress must grow; total <= 0 means
     * unknown; message may be NULL. */
    omcp_status (*report_progress)(omcp_call* call, double progress, double total, const char* message);
    /* 1 once the client has cancelled this request (stop early and return OMCP_E_CANCELLED), else 0. */
    int32_t (*is_cancelled)(omcp_call* call);

    /* ---- since 1.1: append below this line only ---- */
} omcp_host_api;

/* http_get flags */
#define OMCP_GET_ALL_PAGES (1u << 0)

/* ---- the plugin descriptor ---------------------------------------------------------------------------- */

typedef omcp_status (*omcp_init_fn)(const omcp_host_api* api, omcp_host* host, void** state);
typedef void (*omcp_shutdown_fn)(void* state);

typedef struct omcp_plugin_desc
{
    uint32_t struct_size;      /* sizeof(omcp_plugin_desc) as compiled into the plugin                   */
    uint16_t abi_major;        /* OMCP_ABI_MAJOR of the header the plugin was built with                 */
    uint16_t abi_minor;        /* OMCP_ABI_MINOR of that header                                          */
    uint16_t sizeof_pointer;   /* sizeof(void*)                                                          */
    uint16_t sizeof_size_t;    /* sizeof(size_t)                                                         */
    uint32_t byte_order_mark;  /* OMCP_BYTE_ORDER_MARK                                                   */
    const char* abi_tag;       /* OMCP_ABI_TAG                                                           */
    const char* id;            /* [a-z0-9_-]{1,64}; equals the file name without ".so"                    */
    const char* version;       /* the plugin's own version, e.g. "1.2.0"                                 */
    const char* description;   /* one line                                                               */
    const char* const* scopes; /* NULL-terminated OAuth scopes the plugin's tools need; may be NULL      */
    omcp_init_fn init;         /* required                                                              */
    omcp_shutdown_fn shutdown; /* may be NULL                                                           */
} omcp_plugin_desc;

typedef const omcp_plugin_desc* (*omcp_describe_fn)(void);

/* The one exported symbol of a plugin. Pure; returns static data; may be called more than once. */
OMCP_EXPORT const omcp_plugin_desc* omcp_plugin_describe(void);

/* Fills the fixed header of an omcp_plugin_desc (use as the first initialisers). */
#define OMCP_PLUGIN_DESC_HEADER                                                                              \
    sizeof(omcp_plugin_desc), OMCP_ABI_MAJOR, OMCP_ABI_MINOR, (uint16_t)sizeof(void*),                       \
        (uint16_t)sizeof(size_t), OMCP_BYTE_ORDER_MARK, OMCP_ABI_TAG

/* Is `field` inside the struct the other side compiled? (Also check a function pointer is not NULL.) */
#define OMCP_HAS_FIELD(type, ptr, field)                                                                     \
    ((ptr)->struct_size >= offsetof(type, field) + sizeof(((const type*)0)->field))

/* Frozen forever: the smallest plugin descriptor any 1.x host accepts. */
#define OMCP_PLUGIN_DESC_V1_0_SIZE (offsetof(omcp_plugin_desc, shutdown) + sizeof(omcp_shutdown_fn))

#ifdef __cplusplus
}
#endif

#endif /* OURA_MCP_PLUGIN_ABI_H */

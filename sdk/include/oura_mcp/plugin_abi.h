/*
 * oura_mcp/plugin_abi.h -- the stable C plugin ABI of oura-mcp, version 1.0.
 *
 * This header is the whole contract between the oura-mcp host and a plugin. It is C99, includes only
 * <stddef.h> and <stdint.h>, and compiles as C99 and as C++17 with -Wall -Wextra -Werror. From the first
 * release on it is APPEND-ONLY (section 2): nothing in it is ever removed, reordered or given a new meaning.
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
 *   3. abi_minor <= the host's minor (abi_minor is the oldest minor the plugin works with, see section 2);
 *   4. the bytes of the descriptor beyond the host's sizeof(omcp_plugin_desc) are zero (section 2);
 *   5. abi_tag equals OMCP_ABI_TAG;
 *   6. the platform facts (pointer size, size_t size, byte order) equal the host's;
 *   7. id matches [a-z0-9_-]{1,64}, equals the file stem, and no loaded plugin has it yet;
 *   8. init is not NULL.
 * Then it calls init(). During init the plugin registers tools, resources, resource templates and prompts.
 * If init returns an error, every registration of that plugin is dropped and the other plugins load anyway.
 * Plugins are never unloaded while the process runs. To disable a domain, remove its file and restart.
 *
 * ---------------------------------------------------------------------------------------------------------
 * 2. Growth rules (append-only)
 * ---------------------------------------------------------------------------------------------------------
 * - New fields and new host services are only ever appended at the end of a struct, with a minor bump and
 *   a "since 1.x" comment. Nothing is reordered, removed, or changes type or meaning. A retired host
 *   service stays in the table and returns OMCP_E_UNSUPPORTED; a retired status code is never reused.
 * - Structs the PLUGIN writes (omcp_plugin_desc, omcp_tool_desc, omcp_resource_desc, omcp_prompt_desc,
 *   omcp_collection_request) start with `uint32_t struct_size` = sizeof(struct) as compiled into the
 *   plugin. The host reads min(struct_size, its own sizeof) bytes into a zeroed copy, so:
 *     - an older plugin's smaller struct is fine: the fields it does not know read as zero / NULL;
 *     - a newer plugin's larger struct is fine if every byte beyond the host's sizeof is zero (the plugin
 *       left the newer fields unset); otherwise the host refuses it, naming the struct and the offset;
 *     - a struct smaller than its 1.0 size (OMCP_*_V1_0_SIZE) is a broken build and is refused.
 * - Structs the HOST writes (omcp_host_api, omcp_response, omcp_date_range) are never allocated by a
 *   plugin: the host hands out a pointer to its own, whose struct_size is the host's sizeof. A plugin reads
 *   a field added after 1.0 only after OMCP_HAS_FIELD(type, ptr, field) says it is there (and, for a
 *   function, that it is not NULL). So a 1.0 plugin reads a prefix of a 1.1 host's struct, and a 1.1 plugin
 *   notices what a 1.0 host lacks.
 * - FROZEN structs (omcp_string, omcp_kv, omcp_prompt_argument) are array elements or embedded values
 *   without struct_size: they never change. A need for more gets a new struct, reached from a new field.
 * - abi_minor in omcp_plugin_desc is the oldest host minor the plugin works with. OMCP_PLUGIN_DESC_HEADER
 *   sets the minor of the header it was built with, which is always safe. A plugin that feature-tests
 *   every newer service it uses with OMCP_HAS_FIELD may use OMCP_PLUGIN_DESC_HEADER_FOR_MINOR(older) to
 *   load in older hosts too.
 * - Flags: every flags field has a *_KNOWN_FLAGS mask. Bits a side does not know must be zero; the host
 *   refuses a descriptor or request with unknown bits, naming them, so an old host never misreads a new
 *   flag. A new bit is a minor bump.
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
 *   omcp_response, omcp_date_range and every  host     until the handler that asked for them returns. They
 *     omcp_string a call service fills                 point into host memory, which the host may share
 *                                                      with other calls: read-only, never written or freed
 *   omcp_string filled by config_get          host     until shutdown() returns (settings never change)
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
 * 6. Strings and JSON: one convention
 * ---------------------------------------------------------------------------------------------------------
 * All strings are UTF-8. Every string that crosses at run time carries its length in bytes:
 * - a string given to a function is a (const char* text, size_t len) pair; the host reads exactly len
 *   bytes and needs no NUL (text may be NULL when len is 0);
 * - a string inside a struct is an omcp_string {data, len};
 * - a string the host returns is an omcp_string pointing into host memory (lifetimes in section 3). Its
 *   data is also NUL-terminated, for convenience; an absent string is {NULL, 0}. A plugin never lends the
 *   host a buffer to write into.
 * The one exception is descriptor text (names, titles, descriptions, schemas, scopes, completions): it is
 * static data registered once, written as C string literals, so it is NUL-terminated; the host copies it
 * during the registration call and checks it (UTF-8, and the limits written at each field).
 * JSON crosses the boundary as text. Tool arguments have already been validated by the host against the
 * tool's input schema. Secrets (tokens, client secrets) and URLs are never visible to plugins.
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
#define OMCP_E_AUTH_REQUIRED (-4)    /* no credentials, or they were refused after a refresh attempt        */
#define OMCP_E_FORBIDDEN (-5)        /* the token lacks a scope, or the Oura membership has lapsed          */
#define OMCP_E_RATE_LIMITED (-6)     /* the API or the client-side limiter said: later                      */
#define OMCP_E_UPSTREAM (-7)         /* network, TLS, timeout, 5xx, a malformed upstream answer             */
#define OMCP_E_UNSUPPORTED (-8)      /* service or feature not available in this host or mode               */
#define OMCP_E_CANCELLED (-9)        /* the client cancelled the request                                    */
#define OMCP_E_WRONG_PHASE (-10)     /* a service called outside the phase its comment allows               */
#define OMCP_E_INTERNAL (-11)        /* anything else, including an exception caught at the boundary        */
/* (-3) is retired and never reused: no service writes into a buffer of the plugin (section 6). */

/* ---- opaque handles ---------------------------------------------------------------------------------- */

typedef struct omcp_host omcp_host; /* one per loaded plugin; valid from init() until shutdown() returns   */
typedef struct omcp_call omcp_call; /* one per handler invocation; valid only until the handler returns    */

/* ---- small value types ------------------------------------------------------------------------------- */

#define OMCP_LOG_DEBUG 0
#define OMCP_LOG_INFO 1
#define OMCP_LOG_WARNING 2
#define OMCP_LOG_ERROR 3

/* FROZEN (never grows). A UTF-8 string with its length in bytes. Filled by the host, data is also
 * NUL-terminated; an absent string is {NULL, 0}. */
typedef struct omcp_string
{
    const char* data;
    size_t len;
} omcp_string;

/* FROZEN (array element; never grows). One extra query parameter of a collection request. */
typedef struct omcp_kv
{
    omcp_string key;   /* a query parameter name, e.g. "fields"; the host URL-encodes it     */
    omcp_string value; /* its value; the host URL-encodes it                                 */
} omcp_kv;

/* An inclusive range of the user's calendar days, resolved by the host (resolve_dates). Host-written: the
 * plugin gets a pointer to the host's copy, valid until the handler returns (sections 2 and 3). */
typedef struct omcp_date_range
{
    uint32_t struct_size;     /* the host's sizeof(omcp_date_range)                                      */
    uint32_t day_count;       /* days in start..end; 0 on failure                                        */
    omcp_string start;        /* "YYYY-MM-DD"; {NULL, 0} on failure                                      */
    omcp_string end;          /* "YYYY-MM-DD"; end >= start                                              */
    omcp_string before_start; /* the range of day_count days that ends the day before start, for       */
    omcp_string before_end;   /* "compared with the week before": the plugin never computes dates     */
    omcp_string error;        /* on failure: a sentence naming the accepted forms; else {NULL, 0}        */
} omcp_date_range;

/* What the host answers to get_collection. Host-written, read-only, valid until the handler returns; the
 * bytes may be shared with the host's cache and with other calls. */
typedef struct omcp_response
{
    uint32_t struct_size;  /* the host's sizeof(omcp_response)                                           */
    int32_t http_status;   /* the last HTTP status received; 0 if no answer came (network error)         */
    omcp_string body;      /* JSON text; set whenever the status is OMCP_OK                               */
    omcp_string error;     /* on failure: a complete, actionable sentence for the user; else {NULL, 0}   */
    omcp_string start_day; /* the inclusive range served, "YYYY-MM-DD"; {NULL, 0} if the collection has  */
    omcp_string end_day;   /* no dates                                                                   */
    omcp_string data_note; /* the host's note on the data (e.g. "demo data"); may be {NULL, 0}            */
} omcp_response;

/* get_collection options (flags). */
#define OMCP_COLLECTION_RAW (1u << 0) /* heart rate etc.: every sample, no server-side summarising        */
#define OMCP_COLLECTION_KNOWN_FLAGS 0x01u

/* A request for the documents of one Oura collection over the user's inclusive days. The host owns the
 * collection rules: which query parameters the collection takes, how the API's date filter is widened and
 * trimmed by `day`, datetimes for time series, pagination to the end, caching and rate limiting, the URL
 * base and the token. Plugin-written (section 2). */
typedef struct omcp_collection_request
{
    uint32_t struct_size;   /* sizeof(omcp_collection_request)                                        */
    uint32_t flags;         /* OMCP_COLLECTION_*                                                      */
    omcp_string collection; /* "daily_sleep", "sleep", "heartrate", "personal_info", ...              */
    omcp_string start;      /* user text: "2024-05-01", "yesterday", "last week"; {NULL, 0}: default  */
    omcp_string end;        /* user text or {NULL, 0} (then: start's last day, or today for "last N ..")*/
    const omcp_kv* extra;   /* extra query parameters (e.g. fields); may be NULL                      */
    size_t extra_count;     /*                                                                        */
} omcp_collection_request;

/* ---- descriptors the plugin registers --------------------------------------------------------------- */

/* Tool flags -> MCP ToolAnnotations. */
#define OMCP_TOOL_READ_ONLY (1u << 0)   /* readOnlyHint: true                                               */
#define OMCP_TOOL_IDEMPOTENT (1u << 1)  /* idempotentHint: true                                             */
#define OMCP_TOOL_OPEN_WORLD (1u << 2)  /* openWorldHint: true (talks to an outside service)                */
#define OMCP_TOOL_DESTRUCTIVE (1u << 3) /* destructiveHint: true (only meaningful without READ_ONLY)        */
#define OMCP_TOOL_KNOWN_FLAGS 0x0Fu

/* A tool handler: args_json is a JSON object (already validated against input_schema_json), args_len
 * bytes plus a NUL. Build the result with result_text / result_json / result_error, then return OMCP_OK. */
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
 * (application/json). variables_json is an object of the template's variables ({} for plain resources).
 * Both strings come with their length and a NUL. */
typedef omcp_status (*omcp_resource_fn)(void* user_data, omcp_call* call, const char* uri, size_t uri_len,
                                        const char* variables_json, size_t variables_len);

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

/* Prompt argument flags. */
#define OMCP_PROMPT_ARGUMENT_REQUIRED (1u << 0) /* the client must give it                                */
#define OMCP_PROMPT_ARGUMENT_KNOWN_FLAGS 0x01u

/* FROZEN (array element; never grows). */
typedef struct omcp_prompt_argument
{
    const char* name;               /* argument name                                                     */
    const char* description;        /* may be NULL                                                       */
    uint32_t flags;                 /* OMCP_PROMPT_ARGUMENT_*                                            */
    uint32_t reserved;              /* zero                                                              */
    const char* const* completions; /* NULL-terminated list offered by completion/complete; may be NULL  */
} omcp_prompt_argument;

/* A prompt handler: args_json is an object of strings; required arguments are present. Add messages with
 * result_message, then return OMCP_OK. */
typedef omcp_status (*omcp_prompt_fn)(void* user_data, omcp_call* call, const char* args_json,
                                      size_t args_len);

/* Prompt flags: none yet. */
#define OMCP_PROMPT_KNOWN_FLAGS 0x00u

typedef struct omcp_prompt_desc
{
    uint32_t struct_size; /* sizeof(omcp_prompt_desc)                                                  */
    uint32_t flags;       /* OMCP_PROMPT_* (none yet: zero)                                            */
    const char* name;     /* unique across all plugins                                                 */
    const char* title;    /* may be NULL                                                               */
    const char* description;
    const omcp_prompt_argument* arguments; /* array of argument_count; may be NULL                     */
    size_t argument_count;
    omcp_prompt_fn handler; /* required                                                                */
    void* user_data;
} omcp_prompt_desc;

/* Message roles for result_message. */
#define OMCP_ROLE_USER 0
#define OMCP_ROLE_ASSISTANT 1

/* ---- the host function table ------------------------------------------------------------------------ */

typedef struct omcp_host_api
{
    uint32_t struct_size; /* sizeof(omcp_host_api) as compiled into the host                           */
    uint16_t abi_major;   /* the host's ABI version                                                    */
    uint16_t abi_minor;

    /* -- any time, any thread ------------------------------------------------------------------------- */

    /* Writes one line to the host log (stderr), prefixed with the plugin id. Copies; never fails. */
    void (*log)(omcp_host* host, int32_t level, const char* message, size_t len);

    /* Reads the plugin's own setting `plugins.<id>.<key>` from the host configuration. *value points into
     * host memory valid until shutdown returns. OMCP_E_NOT_FOUND if absent. Plugins cannot read other
     * plugins' settings or any secret. */
    omcp_status (*config_get)(omcp_host* host, const char* key, size_t key_len, omcp_string* value);

    /* Milliseconds since the Unix epoch from the host clock (frozen in tests). */
    int64_t (*now_unix_ms)(omcp_host* host);

    /* -- only during init ----------------------------------------------------------------------------- */

    omcp_status (*register_tool)(omcp_host* host, const omcp_tool_desc* desc);
    omcp_status (*register_resource)(omcp_host* host, const omcp_resource_desc* desc);
    omcp_status (*register_resource_template)(omcp_host* host, const omcp_resource_desc* desc);
    omcp_status (*register_prompt)(omcp_host* host, const omcp_prompt_desc* desc);
    /* The reason init is about to fail; the host prints it with the file name. Copies. */
    void (*set_error)(omcp_host* host, const char* message, size_t len);

    /* -- only in a handler, on its thread -------------------------------------------------------------- */
    /* Dates are per call: "today" is a day in the time zone of the user the request is for. */

    /* The user's calendar date today, "YYYY-MM-DD", into *day (host memory, valid for the call). */
    omcp_status (*today)(omcp_call* call, omcp_string* day);

    /* Resolves user date text into an inclusive range of days, the one way every plugin agrees on.
     * start/end: ISO dates or phrases ("yesterday", "last week", "last 3 days", "monday", ...); len 0 for
     * the default ("last week" for start; for end: the last day of start's phrase, or today). *out is
     * set whatever the status (except OMCP_E_WRONG_PHASE off the handler's thread); on
     * OMCP_E_INVALID_ARGUMENT (*out)->error names the accepted forms. */
    omcp_status (*resolve_dates)(omcp_call* call, const char* start, size_t start_len, const char* end,
                                 size_t end_len, const omcp_date_range** out);

    /* The documents of one collection for the user's inclusive days, all pages, trimmed to those days:
     * body is {"data":[...]} ({...} for a bare-object collection such as personal_info); start_day and
     * end_day say which days were served. *out is set whatever the status (except OMCP_E_WRONG_PHASE).
     * On failure: a negative status and (*out)->error, e.g. OMCP_E_INVALID_ARGUMENT naming the accepted
     * date forms or the known collections, OMCP_E_AUTH_REQUIRED, OMCP_E_FORBIDDEN, OMCP_E_RATE_LIMITED,
     * OMCP_E_UPSTREAM. */
    omcp_status (*get_collection)(omcp_call* call, const omcp_collection_request* request,
                                  const omcp_response** out);

    /* Adds a text content block. */
    omcp_status (*result_text)(omcp_call* call, const char* text, size_t len);
    /* Sets the structured result (tools: structuredContent, must match the output schema; resources: an
     * application/json content). Must be valid JSON; the host adds a text copy where MCP expects one. */
    omcp_status (*result_json)(omcp_call* call, const char* json, size_t len);
    /* Marks the result as a tool error (isError: true) with an actionable message. In a prompt handler it
     * rejects the prompt's arguments: the client gets JSON-RPC -32602 with the message. */
    omcp_status (*result_error)(omcp_call* call, const char* message, size_t len);
    /* Prompts: appends a message; role is OMCP_ROLE_USER or OMCP_ROLE_ASSISTANT. */
    omcp_status (*result_message)(omcp_call* call, int32_t role, const char* text, size_t len);

    /* Progress for long work; sent only if the client asked for it. progress must grow; total <= 0 means
     * unknown; message may be empty. */
    omcp_status (*report_progress)(omcp_call* call, double progress, double total, const char* message,
                                   size_t len);
    /* 1 once the client has cancelled this request (stop early and return OMCP_E_CANCELLED), else 0. */
    int32_t (*is_cancelled)(omcp_call* call);

    /* ---- since 1.1: append below this line only ---- */
} omcp_host_api;

/* ---- the plugin descriptor ---------------------------------------------------------------------------- */

typedef omcp_status (*omcp_init_fn)(const omcp_host_api* api, omcp_host* host, void** state);
typedef void (*omcp_shutdown_fn)(void* state);

typedef struct omcp_plugin_desc
{
    uint32_t struct_size;      /* sizeof(omcp_plugin_desc) as compiled into the plugin                   */
    uint16_t abi_major;        /* OMCP_ABI_MAJOR of the header the plugin was built with                 */
    uint16_t abi_minor;        /* the oldest host minor the plugin works with (section 2)                */
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

/* Fills the fixed header of an omcp_plugin_desc (use as the first initialisers) for a plugin that needs a
 * host of at least ABI minor MIN_MINOR (<= OMCP_ABI_MINOR; see section 2). */
#define OMCP_PLUGIN_DESC_HEADER_FOR_MINOR(MIN_MINOR)                                                         \
    sizeof(omcp_plugin_desc), OMCP_ABI_MAJOR, (uint16_t)(MIN_MINOR), (uint16_t)sizeof(void*),                \
        (uint16_t)sizeof(size_t), OMCP_BYTE_ORDER_MARK, OMCP_ABI_TAG

/* The same for a plugin that needs the minor of the header it is built with (the safe default). */
#define OMCP_PLUGIN_DESC_HEADER OMCP_PLUGIN_DESC_HEADER_FOR_MINOR(OMCP_ABI_MINOR)

/* Is `field` inside the struct the other side wrote? (Also check a function pointer is not NULL.) */
#define OMCP_HAS_FIELD(type, ptr, field)                                                                     \
    ((ptr)->struct_size >= offsetof(type, field) + sizeof(((const type*)0)->field))

/* An omcp_string of a string literal: OMCP_LITERAL("fields"). */
#define OMCP_LITERAL(TEXT)                                                                                   \
    {                                                                                                        \
        (TEXT), sizeof(TEXT) - 1                                                                             \
    }

/* Frozen forever: the 1.0 size of every plugin-written struct, the smallest any 1.x host accepts. */
#define OMCP_PLUGIN_DESC_V1_0_SIZE (offsetof(omcp_plugin_desc, shutdown) + sizeof(omcp_shutdown_fn))
#define OMCP_TOOL_DESC_V1_0_SIZE (offsetof(omcp_tool_desc, user_data) + sizeof(void*))
#define OMCP_RESOURCE_DESC_V1_0_SIZE (offsetof(omcp_resource_desc, user_data) + sizeof(void*))
#define OMCP_PROMPT_DESC_V1_0_SIZE (offsetof(omcp_prompt_desc, user_data) + sizeof(void*))
#define OMCP_COLLECTION_REQUEST_V1_0_SIZE (offsetof(omcp_collection_request, extra_count) + sizeof(size_t))

#ifdef __cplusplus
}
#endif

#endif /* OURA_MCP_PLUGIN_ABI_H */

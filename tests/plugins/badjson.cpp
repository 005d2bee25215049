// badjson: a C++ fixture plugin whose results are broken in the ways the host must catch: invalid JSON,
// structured content that violates the output schema, no structured content despite an output schema,
// no result at all. good_shape shows the correct case next to them.
#include <oura_mcp/plugin_abi.h>

#include <cstring>

namespace {

const omcp_host_api* gApi = nullptr;

const char kCountSchema[] = R"({"type":"object","properties":{"count":{"type":"integer","minimum":0}},)"
                            R"("required":["count"],"additionalProperties":false})";

omcp_status badSyntax(void*, omcp_call* call, const char*, size_t)
{
    static const char json[] = "{not json";
    return gApi->result_json(call, json, sizeof json - 1); // the host refuses it; we pass its status on
}

omcp_status badShape(void*, omcp_call* call, const char*, size_t)
{
    static const char json[] = R"({"count":"three"})";
    return gApi->result_json(call, json, sizeof json - 1);
}

omcp_status goodShape(void*, omcp_call* call, const char*, size_t)
{
    static const char json[] = R"({"count":3})";
    return gApi->result_json(call, json, sizeof json - 1);
}

omcp_status noStructured(void*, omcp_call* call, const char*, size_t)
{
    static const char text[] = "count: 3";
    return gApi->result_text(call, text, sizeof text - 1);
}

omcp_status noResult(void*, omcp_call*, const char*, size_t)
{
    return OMCP_OK;
}

omcp_status addTool(omcp_host* host, const char* name, const char* outputSchema, omcp_tool_fn fn)
{
    omcp_tool_desc d;
    std::memset(&d, 0, sizeof d);
    d.struct_size = sizeof d;
    d.flags = OMCP_TOOL_READ_ONLY;
    d.name = name;
    d.description = "A tool of the badjson fixture.";
    d.output_schema_json = outputSchema;
    d.required_scope = "daily";
    d.handler = fn;
    return gApi->register_tool(host, &d);
}

omcp_status init(const omcp_host_api* api, omcp_host* host, void**)
{
    gApi = api;
    omcp_status st = OMCP_OK;
    if ((st = addTool(host, "bad_syntax", nullptr, badSyntax)) != OMCP_OK ||
        (st = addTool(host, "bad_shape", kCountSchema, badShape)) != OMCP_OK ||
        (st = addTool(host, "good_shape", kCountSchema, goodShape)) != OMCP_OK ||
        (st = addTool(host, "no_structured", kCountSchema, noStructured)) != OMCP_OK ||
        (st = addTool(host, "no_result", nullptr, noResult)) != OMCP_OK)
        return st;
    return OMCP_OK;
}

const char* const kScopes[] = {"daily", nullptr};

const omcp_plugin_desc kDesc = {
    OMCP_PLUGIN_DESC_HEADER, "badjson", "0.1.0", "Broken results (test fixture)", kScopes, init, nullptr};

} // namespace

extern "C" OMCP_EXPORT const omcp_plugin_desc* omcp_plugin_describe(void)
{
    return &kDesc;
}

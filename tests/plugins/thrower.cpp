// thrower: a C++ fixture plugin against the raw ABI (no SDK helper) whose handlers break the contract by
// letting exceptions escape, so tests can check that the host survives them.
#include <oura_mcp/plugin_abi.h>

#include <cstring>
#include <stdexcept>

namespace {

const omcp_host_api* gApi = nullptr;

omcp_status throwStd(void*, omcp_call*, const char*, size_t)
{
    throw std::runtime_error("boom from thrower");
}

omcp_status throwInt(void*, omcp_call*, const char*, size_t)
{
    throw 42;
}

omcp_status okTool(void*, omcp_call* call, const char*, size_t)
{
    static const char text[] = "still alive";
    return gApi->result_text(call, text, sizeof text - 1);
}

omcp_status throwResource(void*, omcp_call*, const char*, size_t, const char*, size_t)
{
    throw std::logic_error("resource boom");
}

omcp_status throwPrompt(void*, omcp_call*, const char*, size_t)
{
    throw std::runtime_error("prompt boom");
}

omcp_status addTool(omcp_host* host, const char* name, omcp_tool_fn fn)
{
    omcp_tool_desc d;
    std::memset(&d, 0, sizeof d);
    d.struct_size = sizeof d;
    d.name = name;
    d.description = "A tool of the thrower fixture.";
    d.required_scope = "heartrate";
    d.handler = fn;
    return gApi->register_tool(host, &d);
}

omcp_status init(const omcp_host_api* api, omcp_host* host, void**)
{
    gApi = api;
    omcp_status st = OMCP_OK;
    if ((st = addTool(host, "throw_std", throwStd)) != OMCP_OK ||
        (st = addTool(host, "throw_int", throwInt)) != OMCP_OK ||
        (st = addTool(host, "thrower_ok", okTool)) != OMCP_OK)
        return st;
    omcp_resource_desc r;
    std::memset(&r, 0, sizeof r);
    r.struct_size = sizeof r;
    r.uri = "thrower://boom";
    r.name = "boom";
    r.handler = throwResource;
    if ((st = api->register_resource(host, &r)) != OMCP_OK)
        return st;
    omcp_prompt_desc p;
    std::memset(&p, 0, sizeof p);
    p.struct_size = sizeof p;
    p.name = "throwing_prompt";
    p.description = "Throws.";
    p.handler = throwPrompt;
    return api->register_prompt(host, &p);
}

const char* const kScopes[] = {"heartrate", nullptr};

const omcp_plugin_desc kDesc = {OMCP_PLUGIN_DESC_HEADER,
                                "thrower",
                                "0.1.0",
                                "Handlers that throw (test fixture)",
                                kScopes,
                                init,
                                nullptr};

} // namespace

extern "C" OMCP_EXPORT const omcp_plugin_desc* omcp_plugin_describe(void)
{
    return &kDesc;
}

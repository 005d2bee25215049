// init_throws: a C++ fixture plugin whose init lets an exception escape; the host must refuse it and go on.
#include <oura_mcp/plugin_abi.h>

#include <stdexcept>

namespace {

omcp_status init(const omcp_host_api*, omcp_host*, void**)
{
    throw std::runtime_error("init exploded");
}

const omcp_plugin_desc kDesc = {
    OMCP_PLUGIN_DESC_HEADER, "init_throws", "0.1.0", "Throws in init (test fixture)", nullptr, init, nullptr};

} // namespace

extern "C" OMCP_EXPORT const omcp_plugin_desc* omcp_plugin_describe(void)
{
    return &kDesc;
}

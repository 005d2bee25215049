// oura_mcp/plugin_json.hpp -- optional nlohmann/json conveniences for plugins that use it.
// Header-only and compiled into the plugin like plugin.hpp; include it only if your plugin links nlohmann/json.
#ifndef OURA_MCP_PLUGIN_JSON_HPP
#define OURA_MCP_PLUGIN_JSON_HPP

#include "oura_mcp/plugin.hpp"

#include <nlohmann/json.hpp>

namespace omcp {
inline namespace v1 {

/// Parses handler arguments (already validated by the host against the input schema).
inline nlohmann::json parseArgs(const std::string& argsJson)
{
    auto j = nlohmann::json::parse(argsJson, nullptr, false);
    if (j.is_discarded() || !j.is_object())
        throw Error("arguments are not a JSON object");
    return j;
}

/// A string argument, or fallback when absent or null.
inline std::string stringArg(const nlohmann::json& args, const char* key, const std::string& fallback = {})
{
    auto it = args.find(key);
    if (it == args.end() || it->is_null())
        return fallback;
    if (!it->is_string())
        throw Error(std::string(key) + " must be a string");
    return it->get<std::string>();
}

/// Parses a Response body.
inline nlohmann::json parseBody(const Response& response)
{
    auto j = nlohmann::json::parse(response.body, nullptr, false);
    if (j.is_discarded())
        throw Error("the Oura API returned a malformed answer", OMCP_E_UPSTREAM);
    return j;
}

/// Sets the structured result (the host adds the compact text copy).
inline void jsonResult(Call& call, const nlohmann::json& value)
{
    call.json(value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

} // namespace v1
} // namespace omcp

#endif // OURA_MCP_PLUGIN_JSON_HPP

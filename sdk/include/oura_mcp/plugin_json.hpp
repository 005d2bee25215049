// oura_mcp/plugin_json.hpp -- optional nlohmann/json conveniences for plugins that use it.
// Header-only and compiled into the plugin like plugin.hpp; include it only if your plugin links nlohmann/json.
#ifndef OURA_MCP_PLUGIN_JSON_HPP
#define OURA_MCP_PLUGIN_JSON_HPP

#include "oura_mcp/plugin.hpp"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

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

/// A list-of-strings argument (e.g. include=["met"]); empty when absent or null.
inline std::vector<std::string> stringListArg(const nlohmann::json& args, const char* key)
{
    std::vector<std::string> out;
    auto it = args.find(key);
    if (it == args.end() || it->is_null())
        return out;
    if (!it->is_array())
        throw Error(std::string(key) + " must be an array of strings");
    for (const auto& item : *it)
    {
        if (!item.is_string())
            throw Error(std::string(key) + " must be an array of strings");
        out.push_back(item.get<std::string>());
    }
    return out;
}

/// The documents of a collection body ({"data":[...]}); an empty array if the body has none.
inline nlohmann::json documents(const nlohmann::json& body)
{
    if (body.is_object())
    {
        auto it = body.find("data");
        if (it != body.end() && it->is_array())
            return *it;
    }
    return nlohmann::json::array();
}

/// {"start": ..., "end": ...}: the inclusive days a collection response covers.
inline nlohmann::json rangeOf(const Response& response)
{
    return nlohmann::json{{"start", response.startDay}, {"end", response.endDay}};
}

/// Sets the structured result (the host adds the compact text copy).
inline void jsonResult(Call& call, const nlohmann::json& value)
{
    call.json(value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

} // namespace v1
} // namespace omcp

#endif // OURA_MCP_PLUGIN_JSON_HPP

// oura_mcp/plugin_json.hpp -- optional nlohmann/json conveniences for plugins that use it.
// Header-only and compiled into the plugin like plugin.hpp; include it only if your plugin links nlohmann/json.
#ifndef OURA_MCP_PLUGIN_JSON_HPP
#define OURA_MCP_PLUGIN_JSON_HPP

#include "oura_mcp/plugin.hpp"

#include <nlohmann/json.hpp>

#include <functional>
#include <string>
#include <utility>
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
    auto j = nlohmann::json::parse(response.body.begin(), response.body.end(), nullptr, false);
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

/// The same, taking the documents out of a body that is not needed afterwards (e.g.
/// `documents(parseBody(response))`) instead of copying them: 30 days of heart rate are ~8,600 objects.
inline nlohmann::json documents(nlohmann::json&& body)
{
    if (body.is_object())
    {
        auto it = body.find("data");
        if (it != body.end() && it->is_array())
            return std::move(*it);
    }
    return nlohmann::json::array();
}

namespace detail {

/// SAX handler behind forEachDocument: builds one element of the top-level "data" array at a time and
/// hands it over, so the whole body never exists as a tree.
class DocumentStream : public nlohmann::json_sax<nlohmann::json>
{
public:
    using json = nlohmann::json;

    explicit DocumentStream(const std::function<void(json&&)>& each) : _each(each) {}

    bool null() override { return value(json(nullptr)); }
    bool boolean(bool v) override { return value(json(v)); }
    bool number_integer(number_integer_t v) override { return value(json(v)); }
    bool number_unsigned(number_unsigned_t v) override { return value(json(v)); }
    bool number_float(number_float_t v, const string_t&) override { return value(json(v)); }
    bool string(string_t& v) override { return value(json(std::move(v))); }
    bool binary(binary_t&) override { return value(json()); }
    bool key(string_t& k) override
    {
        if (_depth == 1 && _building.empty())
            _dataNext = k == "data";
        _key = std::move(k);
        return true;
    }
    bool start_object(std::size_t) override { return open(json::object()); }
    bool start_array(std::size_t) override
    {
        if (_depth == 1 && _dataNext && _building.empty())
        {
            _inData = true; // the "data" array itself: its elements are the documents
            ++_depth;
            return true;
        }
        return open(json::array());
    }
    bool end_object() override { return close(); }
    bool end_array() override
    {
        if (_inData && _building.empty())
        {
            _inData = false;
            _dataNext = false;
            --_depth;
            return true;
        }
        return close();
    }
    bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) override
    {
        return false;
    }

private:
    bool building() const { return _inData || !_building.empty(); }

    json* place(json v)
    {
        json& parent = *_building.back();
        if (parent.is_object())
            return &(parent[_key] = std::move(v));
        parent.push_back(std::move(v));
        return &parent.back();
    }
    bool value(json v)
    {
        if (!_building.empty())
            place(std::move(v));
        else if (_inData)
            _each(std::move(v)); // a document that is a plain value
        if (_depth == 1)
            _dataNext = false;
        return true;
    }
    bool open(json v)
    {
        ++_depth;
        if (!building())
            return true; // outside "data": skipped
        if (_building.empty())
        {
            _current = std::move(v);
            _building.push_back(&_current);
        }
        else
            _building.push_back(place(std::move(v)));
        return true;
    }
    bool close()
    {
        --_depth;
        if (_building.empty())
            return true;
        _building.pop_back();
        if (_building.empty())
            _each(std::move(_current));
        return true;
    }

    const std::function<void(json&&)>& _each;
    int _depth = 0;
    bool _dataNext = false;
    bool _inData = false;
    std::string _key;
    json _current;
    std::vector<json*> _building;
};

} // namespace detail

/// Calls each(document) for every element of a collection body's "data" array, in order, parsing one
/// document at a time: the memory of one document instead of the whole body's tree (30 days of heart rate
/// are ~8,600 documents). Throws Error like parseBody for a malformed body.
inline void forEachDocument(const Response& response, const std::function<void(nlohmann::json&&)>& each)
{
    detail::DocumentStream stream(each);
    if (!nlohmann::json::sax_parse(response.body.begin(), response.body.end(), &stream))
        throw Error("the Oura API returned a malformed answer", OMCP_E_UPSTREAM);
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

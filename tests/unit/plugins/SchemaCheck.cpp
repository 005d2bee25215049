#include "SchemaCheck.h"

#include <algorithm>

namespace OuraMcp::DomainTest {

namespace {

bool hasType(const nlohmann::json& value, const std::string& type)
{
    if (type == "object")
        return value.is_object();
    if (type == "array")
        return value.is_array();
    if (type == "string")
        return value.is_string();
    if (type == "boolean")
        return value.is_boolean();
    if (type == "null")
        return value.is_null();
    if (type == "number")
        return value.is_number();
    if (type == "integer")
        return value.is_number_integer() ||
               (value.is_number_float() &&
                value.get<double>() == static_cast<double>(value.get<long long>()));
    return false;
}

} // namespace

std::optional<std::string> schemaViolation(const nlohmann::json& schema, const nlohmann::json& value,
                                           const std::string& path)
{
    if (schema.is_boolean())
        return schema.get<bool>() ? std::nullopt : std::optional<std::string>(path + ": not allowed");
    if (auto t = schema.find("type"); t != schema.end())
    {
        bool ok = false;
        if (t->is_string())
            ok = hasType(value, t->get<std::string>());
        else
            for (const auto& name : *t)
                ok = ok || hasType(value, name.get<std::string>());
        if (!ok)
            return path + ": expected type " + t->dump() + ", got " + value.dump().substr(0, 80);
    }
    if (auto e = schema.find("enum"); e != schema.end())
        if (std::find(e->begin(), e->end(), value) == e->end())
            return path + ": " + value.dump() + " is not one of " + e->dump();
    if (auto m = schema.find("minimum"); m != schema.end() && value.is_number())
        if (value.get<double>() < m->get<double>())
            return path + ": below minimum";
    if (value.is_object())
    {
        const auto props = schema.find("properties");
        if (auto req = schema.find("required"); req != schema.end())
            for (const auto& name : *req)
                if (!value.contains(name.get<std::string>()))
                    return path + ": missing required " + name.get<std::string>();
        for (const auto& [k, v] : value.items())
        {
            if (props != schema.end() && props->contains(k))
            {
                if (auto bad = schemaViolation((*props)[k], v, path + "." + k))
                    return bad;
            }
            else if (auto ap = schema.find("additionalProperties"); ap != schema.end())
            {
                if (auto bad = schemaViolation(*ap, v, path + "." + k))
                    return bad;
            }
        }
    }
    if (value.is_array())
        if (auto items = schema.find("items"); items != schema.end())
            for (std::size_t i = 0; i < value.size(); ++i)
                if (auto bad = schemaViolation(*items, value[i], path + "[" + std::to_string(i) + "]"))
                    return bad;
    return std::nullopt;
}

} // namespace OuraMcp::DomainTest

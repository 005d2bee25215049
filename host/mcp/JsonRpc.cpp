#include "mcp/JsonRpc.h"

namespace OuraMcp::Mcp {

Json JsonRpc::result(const Json& id, Json result)
{
    Json message = Json::object();
    message["jsonrpc"] = "2.0";
    message["id"] = id;
    message["result"] = std::move(result);
    return message;
}

Json JsonRpc::error(const Json& id, int code, const std::string& message, const Json& data)
{
    Json error = Json::object();
    error["code"] = code;
    error["message"] = message;
    if (!data.is_null())
        error["data"] = data;
    Json response = Json::object();
    response["jsonrpc"] = "2.0";
    response["id"] = id;
    response["error"] = std::move(error);
    return response;
}

Json JsonRpc::notification(const std::string& method, Json params)
{
    Json message = Json::object();
    message["jsonrpc"] = "2.0";
    message["method"] = method;
    message["params"] = std::move(params);
    return message;
}

bool JsonRpc::isValidId(const Json& id) noexcept
{
    return id.is_string() || id.is_number_integer();
}

std::string JsonRpc::idKey(const Json& id)
{
    return id.dump();
}

} // namespace OuraMcp::Mcp

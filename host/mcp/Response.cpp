#include "mcp/Response.h"

#include "mcp/JsonRpc.h"

namespace OuraMcp::Mcp {

namespace {

std::string dump(const Json& value)
{
    return value.dump(-1, ' ', false, Json::error_handler_t::replace);
}

} // namespace

Response::Response(Json message) : _message(std::move(message)) {}

Response::Response(Json id, SerializedResult result) : _id(std::move(id)), _result(std::move(result)) {}

bool Response::isResult() const
{
    return _result || (_message.is_object() && _message.contains("result"));
}

Json Response::toJson() const&
{
    if (!_result)
        return _message;
    return JsonRpc::result(_id, Json::parse(_result->text()));
}

Json Response::toJson() &&
{
    if (!_result)
        return std::move(_message);
    return JsonRpc::result(_id, Json::parse(_result->text()));
}

std::string Response::text() const
{
    if (!_result)
        return dump(_message);
    // The member order of JsonRpc::result: jsonrpc, id, result.
    static const std::string head = R"({"jsonrpc":"2.0","id":)";
    static const std::string middle = R"(,"result":)";
    const std::string id = dump(_id);
    const std::string& result = _result->text();
    std::string text;
    // Room for the closing brace and a newline a stream transport appends, so that it does not reallocate.
    text.reserve(head.size() + id.size() + middle.size() + result.size() + 2);
    text.append(head).append(id).append(middle).append(result).push_back('}');
    return text;
}

} // namespace OuraMcp::Mcp

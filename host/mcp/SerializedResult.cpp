#include "mcp/SerializedResult.h"

namespace OuraMcp::Mcp {

SerializedResult::SerializedResult(const Json& result)
    : _text(std::make_shared<const std::string>(result.dump(-1, ' ', false, Json::error_handler_t::replace)))
{}

} // namespace OuraMcp::Mcp

#include "mcp/JsonReader.h"

#include "mcp/ProtocolError.h"

namespace OuraMcp::Mcp {

namespace {

struct DepthExceeded
{};

std::string describe(const Json::exception& e)
{
    // nlohmann's message starts with "[json.exception.parse_error.101] "; the rest is useful to a client
    // author. Cut it short: the "last read" part may quote a long stretch of the input.
    std::string what = e.what();
    const auto bracket = what.find("] ");
    if (what.rfind("[json.exception", 0) == 0 && bracket != std::string::npos)
        what.erase(0, bracket + 2);
    if (what.size() > 200)
        what = what.substr(0, 200) + "...";
    return what;
}

} // namespace

Json JsonReader::parse(const std::string& text, std::size_t maxDepth)
{
    const Json::parser_callback_t limit = [maxDepth](int depth, Json::parse_event_t event, Json&) {
        // depth counts the containers enclosing the one that starts, so the top level is 0.
        if ((event == Json::parse_event_t::object_start || event == Json::parse_event_t::array_start) &&
            static_cast<std::size_t>(depth) >= maxDepth)
            throw DepthExceeded{};
        return true;
    };
    try
    {
        return Json::parse(text, limit);
    }
    catch (const DepthExceeded&)
    {
        throw ProtocolError(ProtocolError::InvalidRequest,
                            "Invalid Request: JSON nesting exceeds the limit of " + std::to_string(maxDepth) +
                                " levels");
    }
    catch (const Json::parse_error& e)
    {
        throw ProtocolError(ProtocolError::ParseError, "Parse error: " + describe(e));
    }
    catch (const Json::out_of_range& e)
    {
        // A number too large for a double (1e999): valid JSON grammar, but not a value we can hold. Without
        // this the exception escaped the reader and the request got no response at all (found by fuzzing).
        throw ProtocolError(ProtocolError::ParseError, "Parse error: " + describe(e));
    }
}

} // namespace OuraMcp::Mcp

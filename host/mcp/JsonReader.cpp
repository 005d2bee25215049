#include "mcp/JsonReader.h"

#include "mcp/ProtocolError.h"

namespace OuraMcp::Mcp {

namespace {

struct DepthExceeded
{};

struct TooManyValues
{};

/// nlohmann's DOM builder behind a gate that counts nesting and values as they stream by.
class LimitedSax
{
public:
    using Dom = nlohmann::detail::json_sax_dom_parser<Json>;

    LimitedSax(Json& result, std::size_t maxDepth, std::size_t maxValues)
        : _dom(result), _maxDepth(maxDepth), _maxValues(maxValues)
    {}

    bool null() { return count() && _dom.null(); }
    bool boolean(bool value) { return count() && _dom.boolean(value); }
    bool number_integer(Json::number_integer_t value) { return count() && _dom.number_integer(value); }
    bool number_unsigned(Json::number_unsigned_t value) { return count() && _dom.number_unsigned(value); }
    bool number_float(Json::number_float_t value, const Json::string_t& text)
    {
        return count() && _dom.number_float(value, text);
    }
    bool string(Json::string_t& value) { return count() && _dom.string(value); }
    bool binary(Json::binary_t& value) { return count() && _dom.binary(value); }
    bool start_object(std::size_t elements) { return open() && _dom.start_object(elements); }
    bool key(Json::string_t& value) { return _dom.key(value); }
    bool end_object() { return close() && _dom.end_object(); }
    bool start_array(std::size_t elements) { return open() && _dom.start_array(elements); }
    bool end_array() { return close() && _dom.end_array(); }
    // A template, as in nlohmann's own DOM parser: it rethrows the exception it is given, and a base-class
    // reference would throw a sliced detail::exception that the catch of Json::parse_error below misses.
    template <class Exception>
    bool parse_error(std::size_t position, const std::string& token, const Exception& e)
    {
        return _dom.parse_error(position, token, e);
    }

private:
    bool count()
    {
        if (_maxValues != 0 && ++_values > _maxValues)
            throw TooManyValues{};
        return true;
    }
    bool open()
    {
        // _depth counts the containers enclosing the one that starts, so the top level is 0.
        if (_depth >= _maxDepth)
            throw DepthExceeded{};
        ++_depth;
        return count();
    }
    bool close()
    {
        --_depth;
        return true;
    }

    Dom _dom;
    std::size_t _maxDepth;
    std::size_t _maxValues;
    std::size_t _depth = 0;
    std::size_t _values = 0;
};

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

Json JsonReader::parse(const std::string& text, std::size_t maxDepth, std::size_t maxValues)
{
    Json result;
    LimitedSax sax(result, maxDepth, maxValues);
    try
    {
        Json::sax_parse(text, &sax);
    }
    catch (const DepthExceeded&)
    {
        throw ProtocolError(ProtocolError::InvalidRequest,
                            "Invalid Request: JSON nesting exceeds the limit of " + std::to_string(maxDepth) +
                                " levels");
    }
    catch (const TooManyValues&)
    {
        throw ProtocolError(ProtocolError::InvalidRequest, "Invalid Request: the message holds more than " +
                                                               std::to_string(maxValues) +
                                                               " JSON values, the limit of this server");
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
    return result;
}

} // namespace OuraMcp::Mcp

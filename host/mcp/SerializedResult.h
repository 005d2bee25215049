#pragma once

#include "util/Json.h"

#include <memory>
#include <string>

namespace OuraMcp::Mcp {

/// A JSON-RPC result object serialised once, as the output would serialise it (compact, invalid UTF-8
/// replaced by U+FFFD), and shared read-only: a list result is the same bytes for every request of its
/// revision and page, so it is dumped once and its text spliced into each response (Response). Copies share
/// the one text; thread-safe, since the text never changes.
class SerializedResult
{
public:
    explicit SerializedResult(const Json& result);
    /// Throws what Json::dump throws (nothing for the values the engine builds).

    const std::string& text() const noexcept { return *_text; }
    /// The result object as compact JSON, no trailing newline.

private:
    std::shared_ptr<const std::string> _text;
};

} // namespace OuraMcp::Mcp

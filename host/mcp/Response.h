#pragma once

#include "mcp/SerializedResult.h"
#include "util/Json.h"

#include <optional>
#include <string>

namespace OuraMcp::Mcp {

/// What the engine hands a transport as the answer to a request (or to a batch): a Json message, or a
/// result that is already serialised (SerializedResult, the cached list results) with the id it answers.
/// Transports write text(), which splices the serialised result into the JSON-RPC envelope as it is: never
/// parsed or dumped again, and the same bytes as JsonRpc::result(id, result) dumped.
class Response
{
public:
    Response(Json message); // NOLINT(google-explicit-constructor): every JsonRpc message is a Response
    /// A message built as Json (errors, results built per request, batch arrays).

    Response(Json id, SerializedResult result);
    /// {"jsonrpc":"2.0","id":<id>,"result":<result>}.

    bool isResult() const;
    /// A success response: one with a "result" (a batch array is not).

    const Json* message() const noexcept { return _result ? nullptr : &_message; }
    /// The Json form; nullptr for a pre-serialised result, which is always a success.

    Json toJson() const&;
    Json toJson() &&;
    /// The Json form in any case: parses a pre-serialised result back (batches, tests), so not for a hot path.

    std::string text() const;
    /// Compact JSON without a newline, invalid UTF-8 replaced by U+FFFD (as every output).

private:
    Json _message; ///< the message, unless _result is set
    Json _id;      ///< the id a pre-serialised result answers
    std::optional<SerializedResult> _result;
};

} // namespace OuraMcp::Mcp

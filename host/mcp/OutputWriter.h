#pragma once

#include "mcp/Response.h"
#include "platform/StopSignal.h"
#include "platform/StreamWriter.h"
#include "util/Json.h"

#include <atomic>
#include <mutex>
#include <string>

namespace OuraMcp::Mcp {

/// The only code that writes to the MCP output (stdout). Each message is serialised compactly (invalid
/// UTF-8 from plugins becomes U+FFFD), written as one line under a mutex so that concurrent responses and
/// notifications never interleave, and pushed to the stream before write() returns (no buffering).
///
/// Writes go through Platform::StreamWriter, so a client that stops reading can delay a write only until the
/// server stops (the stop signal is raised). After close() nothing is
/// ever written again, which is how the server guarantees silence once run() has returned.
class OutputWriter
{
public:
    OutputWriter(Platform::NativeStream stream, Platform::StopSignal& stop);

    bool write(const Json& message);
    /// Writes message plus '\n'. False if the writer is closed or broken, or the message was abandoned
    /// because the server is stopping while the client does not read.

    bool write(const Response& response);
    /// The same for a response, whose pre-serialised result is written as it is.

    void close();
    /// No write starts after this returns; a write in progress is finished (or abandoned) first.

    bool broken() const noexcept { return _broken.load(); }
    /// True once the output failed (EPIPE, a hang-up, a half-written line). The stop signal is then
    /// raised so that the server stops: without an output there is nothing left to do.

private:
    bool writeLine(std::string text);
    bool writeLocked(const std::string& text);
    void fail(const std::string& reason);

    Platform::StopSignal* _stop;
    Platform::StreamWriter _stream;
    std::mutex _mutex;
    bool _closed = false;
    std::atomic<bool> _broken{false};
};

} // namespace OuraMcp::Mcp

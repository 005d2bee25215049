#include "mcp/OutputWriter.h"

#include "util/Log.h"

namespace OuraMcp::Mcp {

OutputWriter::OutputWriter(Platform::NativeStream stream, Platform::StopSignal& stop)
    : _stop(&stop), _stream(stream, stop)
{}

bool OutputWriter::write(const Json& message)
{
    std::string text;
    try
    {
        text = message.dump(-1, ' ', false, Json::error_handler_t::replace);
    }
    catch (const std::exception& e)
    {
        Util::Log::error("mcp", std::string("cannot serialise an outgoing message: ") + e.what());
        return false;
    }
    return writeLine(std::move(text));
}

bool OutputWriter::write(const Response& response)
{
    std::string text;
    try
    {
        text = response.text();
    }
    catch (const std::exception& e)
    {
        Util::Log::error("mcp", std::string("cannot serialise an outgoing message: ") + e.what());
        return false;
    }
    return writeLine(std::move(text));
}

bool OutputWriter::writeLine(std::string text)
{
    text.push_back('\n');
    std::string failure;
    bool ok;
    {
        std::lock_guard<std::mutex> lock(_mutex);
        if (_closed || _broken.load())
            return false;
        ok = writeLocked(text);
        if (!ok && _broken.load())
            failure = "the MCP output failed; stopping";
    }
    // Logged outside the lock: the log listener may forward log lines through this very writer.
    if (!failure.empty())
        Util::Log::warning("mcp", failure);
    return ok;
}

bool OutputWriter::writeLocked(const std::string& text)
{
    std::size_t written = 0;
    switch (_stream.write(text.data(), text.size(), written))
    {
    case Platform::StreamWriter::Status::Written:
        return true;
    case Platform::StreamWriter::Status::Failed:
        fail(_stream.error());
        return false;
    case Platform::StreamWriter::Status::Stopped:
        // Stopping and the client does not read: give up. A half-written line would corrupt the framing of
        // anything after it, so the writer is finished in that case.
        if (written > 0)
            fail("abandoned");
        return false;
    }
    return false;
}

void OutputWriter::fail(const std::string&)
{
    _broken.store(true);
    _stop->raise();
}

void OutputWriter::close()
{
    std::lock_guard<std::mutex> lock(_mutex);
    _closed = true;
}

} // namespace OuraMcp::Mcp

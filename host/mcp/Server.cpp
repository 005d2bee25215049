#include "mcp/Server.h"

#include "mcp/LineReader.h"
#include "mcp/LogForwarder.h"
#include "mcp/MessageDispatcher.h"
#include "mcp/OutputWriter.h"
#include "mcp/Session.h"
#include "mcp/WorkerPool.h"
#include "platform/BrokenPipe.h"
#include "platform/StopSignal.h"
#include "util/Log.h"

#include <algorithm>
#include <optional>

namespace OuraMcp::Mcp {

Server::Server(Catalog& catalog, ServerInfo info, ServerOptions options)
    : _catalog(catalog), _info(std::move(info)), _options(options),
      _wake(std::make_unique<Platform::StopSignal>())
{}

Server::~Server() = default;

void Server::requestStop()
{
    _wake->raise();
}

int Server::run(Platform::NativeStream in, Platform::NativeStream out)
{
    Platform::BrokenPipe::ignoreSignal();
    auto writer = std::make_shared<OutputWriter>(out, *_wake);
    auto session = std::make_shared<Session>(_catalog, _info, _options, writer);
    WorkerPool pool(_options.workerThreads, _options.maxQueuedRequests);
    std::optional<LogForwarder> forwarder(std::in_place, session);
    bool endOfInput = false;
    {
        MessageDispatcher dispatcher(session, pool);
        LineReader reader(in, *_wake, _options.maxMessageBytes);
        std::string line;
        bool reading = true;
        while (reading && !writer->broken())
        {
            switch (reader.next(line))
            {
            case LineReader::Result::Line:
                try
                {
                    dispatcher.handleLine(line);
                }
                catch (const std::exception& e)
                {
                    // Requests catch their own errors; this is the last net (e.g. bad_alloc) so that one
                    // message cannot end the session.
                    Util::Log::error("mcp", std::string("failed to handle an input line: ") + e.what());
                }
                break;
            case LineReader::Result::Oversize:
                dispatcher.handleOversize();
                break;
            case LineReader::Result::End:
                Util::Log::debug("mcp", "end of input");
                reading = false;
                endOfInput = true;
                break;
            case LineReader::Result::Stopped:
                Util::Log::debug("mcp", "stop requested");
                reading = false;
                break;
            }
        }
    }
    if (endOfInput && _options.eofDrain.count() > 0)
    {
        // Waited in short slices so that requestStop() still ends the drain promptly.
        const auto deadline = std::chrono::steady_clock::now() + _options.eofDrain;
        while (!_wake->raised() && std::chrono::steady_clock::now() < deadline &&
               !pool.waitIdle(
                   std::min(deadline, std::chrono::steady_clock::now() + std::chrono::milliseconds(50))))
        {}
    }
    session->cancelAll();
    if (!pool.waitIdle(std::chrono::steady_clock::now() + _options.shutdownGrace))
        Util::Log::debug("mcp", "grace period over with requests still running");
    // From here on a write that waits for a client that does not read gives up at once.
    _wake->raise();
    session->close();
    forwarder.reset();
    pool.shutdown();
    return 0;
}

} // namespace OuraMcp::Mcp

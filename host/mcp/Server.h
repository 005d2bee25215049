#pragma once

#include "mcp/Catalog.h"
#include "mcp/ServerOptions.h"
#include "platform/StandardStreams.h"

#include <memory>

namespace OuraMcp::Mcp {}
namespace OuraMcp::Platform {
class StopSignal;
}
namespace OuraMcp::Mcp {

/// The MCP protocol engine: JSON-RPC 2.0 over a pair of streams (stdin/stdout), one message per
/// line, serving any Catalog in both protocol eras on the same stream: the legacy initialize handshake
/// (2024-11-05 ... 2025-11-25) and stateless per-request _meta (2026-07-28). Knows nothing about Oura or
/// plugins.
///
/// Quick methods are answered by the reading thread; tools/call, resources/read, prompts/get and
/// completion/complete run on a pool of workers, so a slow tool never delays ping or tools/list, and
/// responses may leave out of order. Log lines of the host (Util::Log) reach the client as
/// notifications/message once it asks for them (legacy logging/setLevel or modern _meta logLevel).
class Server
{
public:
    Server(Catalog& catalog, ServerInfo info, ServerOptions options = {});
    ~Server();
    Server(const Server&) = delete;
    Server& operator=(const Server&) = delete;

    int run(Platform::NativeStream in, Platform::NativeStream out);
    /// Serves until end of input on in, a failed output, or requestStop(); returns 0. At the end every
    /// running request reports cancelled(), results arriving within ServerOptions::shutdownGrace are still
    /// sent, and nothing is written to out after run() returns. Neither stream is closed. A Server
    /// runs once. Sets SIGPIPE to ignored if it has its default action (Platform::BrokenPipe) (a vanished client must not kill
    /// the process). A request still running after the grace period keeps its (detached) thread until it
    /// returns, so the Catalog must outlive such calls; in main() it lives until exit.

    void requestStop();
    /// Thread-safe (not async-signal-safe): makes run() return promptly, even while it waits for input.

private:
    Catalog& _catalog;
    ServerInfo _info;
    ServerOptions _options;
    std::unique_ptr<Platform::StopSignal> _wake;
};

} // namespace OuraMcp::Mcp

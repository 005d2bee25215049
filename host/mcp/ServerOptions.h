#pragma once

#include <chrono>
#include <cstddef>
#include <memory>
#include <string>

namespace OuraMcp::Mcp {

class CallMemo;

/// Who the server says it is (initialize serverInfo / instructions, server/discover).
struct ServerInfo
{
    std::string name;
    std::string version;
    std::string title;        ///< sent to clients of 2025-06-18 and later; omitted if empty
    std::string description;  ///< sent to clients of 2025-11-25 and later; omitted if empty
    std::string instructions; ///< omitted if empty
};

/// Limits and tuning of the engine.
struct ServerOptions
{
    std::size_t maxMessageBytes = 8 * 1024 * 1024; ///< longer input lines are refused with -32600
    std::size_t maxJsonDepth = 64;                 ///< deeper nesting is refused with -32600
    std::size_t maxJsonValues = 100000;            ///< more values in one message: -32600 (see JsonReader)
    unsigned workerThreads = 4;                   ///< for tools/call, resources/read, prompts/get, completion
    std::size_t pageSize = 100;                   ///< items per list page; 0 = no pagination
    std::chrono::milliseconds shutdownGrace{500}; ///< how long run() waits for running requests at the end
    std::size_t maxQueuedRequests = 1000;         ///< beyond this, requests are refused with "server busy"
    std::chrono::milliseconds cacheTtl{0};        ///< ttlMs of modern resources/read results (user data)
    std::chrono::milliseconds catalogCacheTtl{0}; ///< ttlMs of modern list and discover results, which are
                                                  ///< cacheScope "public": no user data, and the catalog
                                                  ///< never changes while the process runs
    unsigned logBurst = 200;                      ///< notifications/message allowed in a burst ...
    double logPerSecond = 50;              ///< ... and sustained; the excess is dropped (stderr keeps all)
    std::chrono::milliseconds eofDrain{0}; ///< at end of input, first wait this long for running requests
                                           ///< before cancelling them (piped scripts want their answers)
    std::shared_ptr<CallMemo> callMemo;    ///< recent successful tools/call results, shared by every Session
                                           ///< with these options (same catalog and ServerInfo); null: none
};

} // namespace OuraMcp::Mcp

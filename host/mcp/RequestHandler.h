#pragma once

#include "mcp/Request.h"
#include "mcp/RequestContext.h"
#include "mcp/Response.h"
#include "mcp/SerializedResult.h"
#include "util/Json.h"

#include <optional>
#include <string>
#include <vector>

namespace OuraMcp::Mcp {

class CallMemo;
class Session;

/// The MCP methods: validates params, asks the Catalog, and shapes the result for the request's era
/// (legacy results lose fields their revision does not know; modern results gain resultType, cache hints
/// and serverInfo). Errors are thrown as ProtocolError; the caller turns them into responses.
///
/// A list result depends only on the method, the revision, the era and the page (the catalog is fixed once
/// loaded; nothing of the client or user is in it), which is what makes it cacheable as text.
class RequestHandler
{
public:
    explicit RequestHandler(Session& session) : _session(session) {}

    static bool runsOnWorker(const std::string& method);
    /// tools/call, resources/read, prompts/get and completion/complete may be slow (network, plugins);
    /// everything else is answered inline by the reader.

    Response handle(const Request& request, RequestContext* context);
    /// The response to a request; context is required for the worker methods. The list results come from
    /// the Session's ListCache, serialised once; a tools/call result the catalog lets the engine memoise is
    /// stored in the options' CallMemo (successful results only) and answered as that text.

    std::optional<SerializedResult> memoised(const Request& request) const;
    /// A tools/call the CallMemo answers: the text stored for the same user, tool, arguments, revision, era
    /// and catalog variant (today). Cheap and non-blocking, so the reading thread asks before it hands the
    /// call to a worker; std::nullopt for anything else.

private:
    Json result(const Request& request, RequestContext* context);
    SerializedResult cachedList(const Request& request) const;
    std::optional<std::string> memoKey(const Request& request) const;
    Response memoisedCall(const Request& request, RequestContext* context, CallMemo& memo,
                          const std::string& key);
    Json initialize(const Request& request);
    Json discover(const Request& request) const;
    Json setLevel(const Request& request);
    Json list(const Request& request, const std::vector<Json>& all, const char* kind,
              const char* field) const;
    Json callTool(const Request& request, RequestContext& context);
    Json readResource(const Request& request, RequestContext& context);
    Json getPrompt(const Request& request, RequestContext& context);
    Json complete(const Request& request);

    Json capabilities() const;
    Json serverInfo(const std::string& version) const;
    /// What a modern result may say about caching it (2026-07-28 ttlMs / cacheScope).
    enum class Caching
    {
        None,    ///< not a cacheable result (tools/call, prompts/get, completion)
        Catalog, ///< the lists: fixed for the life of the process and free of user data
        UserData ///< resources/read: the user's own data
    };
    Json finish(const Request& request, Json result, Caching caching) const;

    Session& _session;
};

} // namespace OuraMcp::Mcp

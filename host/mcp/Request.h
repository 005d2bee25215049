#pragma once

#include "mcp/LogLevel.h"
#include "util/Json.h"

#include <string>

namespace OuraMcp::Mcp {

/// One validated JSON-RPC request together with the protocol era it is served in.
struct Request
{
    Json id;         ///< string or integer, echoed exactly
    std::string key; ///< JsonRpc::idKey(id)
    std::string method;
    Json params = Json::object();  ///< always an object
    bool modern = false;           ///< served statelessly per 2026-07-28 (per-request _meta)
    std::string version;           ///< the revision that shapes the result
    int logLevel = LogLevel::None; ///< modern only: _meta io.modelcontextprotocol/logLevel
    Json progressToken;            ///< params._meta.progressToken, null if none
};

} // namespace OuraMcp::Mcp

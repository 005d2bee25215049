// A plugin that reaches for the network itself, which the architecture forbids: plugins never see an HTTP
// library; the host owns HTTP. It must fail to link (tests/layering/CMakeLists.txt).
#include <oura_mcp/plugin_abi.h>

#include <Poco/Net/HTTPClientSession.h>

extern "C" int probe_fetch()
{
    Poco::Net::HTTPClientSession session("example.invalid", 443);
    return static_cast<int>(session.getPort());
}

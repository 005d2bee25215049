#include "app/ServerApp.h"

#include "platform/Memory.h"

int main(int argc, char** argv)
{
    // glibc gives every thread that allocates its own arena (up to 8 per core) and keeps what each one
    // freed; the time-series workers and the MCP workers would each pin megabytes. Two arenas are plenty
    // for a server that mostly waits on the network (docs/performance.md, peak RSS). Elsewhere: nothing.
    OuraMcp::Platform::Memory::tuneAllocator();
    return OuraMcp::App::ServerApp::main(argc, argv);
}

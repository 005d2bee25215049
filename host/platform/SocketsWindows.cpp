#include "platform/Sockets.h"

#include <winsock2.h>

namespace OuraMcp::Platform::Sockets {

namespace {

SOCKET native(Native socket)
{
    return static_cast<SOCKET>(socket);
}

} // namespace

bool peerClosed(Native socket) noexcept
{
    // The socket is readable (the caller polled), so a peeking recv returns at once: 0 at the peer's close.
    char c;
    const int n = ::recv(native(socket), &c, 1, MSG_PEEK);
    if (n >= 0)
        return n == 0;
    const int error = ::WSAGetLastError();
    return error != WSAEWOULDBLOCK && error != WSAEINTR;
}

Native duplicate(Native socket) noexcept
{
    WSAPROTOCOL_INFOW info;
    if (::WSADuplicateSocketW(native(socket), ::GetCurrentProcessId(), &info) != 0)
        return Invalid;
    const SOCKET copy = ::WSASocketW(FROM_PROTOCOL_INFO, FROM_PROTOCOL_INFO, FROM_PROTOCOL_INFO, &info, 0,
                                     WSA_FLAG_OVERLAPPED);
    return copy == INVALID_SOCKET ? Invalid : static_cast<Native>(copy);
}

void shutdownBoth(Native socket) noexcept
{
    ::shutdown(native(socket), SD_BOTH);
}

void close(Native socket) noexcept
{
    ::closesocket(native(socket));
}

} // namespace OuraMcp::Platform::Sockets

#pragma once

#include <cstdint>

namespace OuraMcp::Platform::Sockets {

// The few socket operations Poco does not offer portably, on a native socket (Poco's SocketImpl::sockfd(): an int
// descriptor on POSIX, a SOCKET on Windows, both as an integer).

using Native = std::intptr_t;
constexpr Native Invalid = -1;

bool peerClosed(Native socket) noexcept;
/// For a socket that poll() just reported readable: true if the peer closed its side (or the connection
/// broke), false if bytes are waiting. Never blocks and never consumes a byte.

Native duplicate(Native socket) noexcept;
/// A second handle of the same connection (dup; WSADuplicateSocketW), so another thread can shut the connection
/// down without touching a handle its owner may already have closed and the system reused. Invalid on failure.

void shutdownBoth(Native socket) noexcept;
/// Ends the connection in both directions: a read blocked on it (in any thread) returns.

void close(Native socket) noexcept;
/// Closes a handle from duplicate().

} // namespace OuraMcp::Platform::Sockets

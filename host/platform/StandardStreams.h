#pragma once

#include <cstdint>

namespace OuraMcp::Platform {

using NativeStream = std::intptr_t;
/// A stream of the operating system as an integer: a file descriptor on POSIX, a HANDLE on Windows. The MCP
/// engine reads and writes such streams through StreamReader and StreamWriter; it never closes them.

NativeStream standardInput() noexcept;
/// The process's stdin (fd 0; GetStdHandle(STD_INPUT_HANDLE)).

NativeStream standardOutput() noexcept;
/// The process's stdout (fd 1; GetStdHandle(STD_OUTPUT_HANDLE)). Written with raw writes, so no C runtime
/// text mode turns "\n" into "\r\n" in an MCP message.

} // namespace OuraMcp::Platform

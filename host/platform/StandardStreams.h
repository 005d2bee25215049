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

void ignoreBrokenPipes() noexcept;
/// A write to a pipe nobody reads must fail, not end the process: sets SIGPIPE to ignored if it has its default
/// action (POSIX); nothing to do on Windows, where such a write fails with ERROR_NO_DATA.

} // namespace OuraMcp::Platform

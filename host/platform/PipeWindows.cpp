#include "platform/Pipe.h"

#include "platform/WindowsText.h"

#include <windows.h>

#include <stdexcept>

namespace OuraMcp::Platform {

Pipe::Pipe()
{
    HANDLE readEnd = nullptr;
    HANDLE writeEnd = nullptr;
    // No SECURITY_ATTRIBUTES: the handles are not inheritable, like O_CLOEXEC.
    if (!::CreatePipe(&readEnd, &writeEnd, nullptr, 0))
        throw std::runtime_error("cannot create a pipe: " + Windows::errorText(::GetLastError()));
    _read = readEnd;
    _write = writeEnd;
}

Pipe::~Pipe()
{
    closeRead();
    closeWrite();
}

std::size_t Pipe::read(char* buffer, std::size_t size)
{
    const DWORD want = size > (1u << 30) ? (1u << 30) : static_cast<DWORD>(size);
    DWORD n = 0;
    if (::ReadFile(static_cast<HANDLE>(_read), buffer, want, &n, nullptr))
        return n;
    const DWORD error = ::GetLastError();
    if (error == ERROR_BROKEN_PIPE) // every write end is closed: the end of the stream
        return 0;
    throw std::runtime_error("cannot read a pipe: " + Windows::errorText(error));
}

void Pipe::write(const char* data, std::size_t size)
{
    std::size_t done = 0;
    while (done < size)
    {
        const std::size_t left = size - done;
        const DWORD chunk = left > (1u << 30) ? (1u << 30) : static_cast<DWORD>(left);
        DWORD n = 0;
        if (!::WriteFile(static_cast<HANDLE>(_write), data + done, chunk, &n, nullptr))
            throw std::runtime_error("cannot write a pipe: " + Windows::errorText(::GetLastError()));
        done += n;
    }
}

void Pipe::closeRead() noexcept
{
    if (_read != Closed)
        ::CloseHandle(static_cast<HANDLE>(_read));
    _read = Closed;
}

void Pipe::closeWrite() noexcept
{
    if (_write != Closed)
        ::CloseHandle(static_cast<HANDLE>(_write));
    _write = Closed;
}

} // namespace OuraMcp::Platform

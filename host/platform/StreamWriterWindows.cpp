#include "platform/StreamWriter.h"

#include "platform/StopSignal.h"
#include "platform/StopSignalNative.h"
#include "platform/WindowsErrorText.h"

#include <memory>
#include <mutex>
#include <string>

namespace OuraMcp::Platform {

/// What the writer thread and write() share. The thread keeps its own reference: when a stop abandons a write
/// to a client that does not read, the thread may stay blocked in WriteFile until the process ends.
struct StreamWriter::State
{
    HANDLE stream = INVALID_HANDLE_VALUE;
    HANDLE work = nullptr; ///< auto-reset: a new buffer to write, or quit
    HANDLE done = nullptr; ///< auto-reset: the buffer is written (or failed)
    std::mutex mutex;
    std::string buffer;
    std::size_t written = 0;
    DWORD error = 0;
    bool quit = false;
    HANDLE thread = nullptr;

    ~State()
    {
        for (HANDLE h : {work, done, thread})
            if (h)
                ::CloseHandle(h);
    }
};

namespace {

DWORD WINAPI writerThread(LPVOID parameter)
{
    std::unique_ptr<std::shared_ptr<StreamWriter::State>> owned(
        static_cast<std::shared_ptr<StreamWriter::State>*>(parameter));
    StreamWriter::State& state = **owned;
    for (;;)
    {
        ::WaitForSingleObject(state.work, INFINITE);
        std::string buffer;
        {
            std::lock_guard<std::mutex> lock(state.mutex);
            if (state.quit)
                return 0;
            buffer.swap(state.buffer);
        }
        std::size_t offset = 0;
        DWORD error = 0;
        while (offset < buffer.size())
        {
            DWORD n = 0;
            const DWORD piece = static_cast<DWORD>(std::min<std::size_t>(buffer.size() - offset, 1 << 20));
            if (!::WriteFile(state.stream, buffer.data() + offset, piece, &n, nullptr))
            {
                error = ::GetLastError();
                break;
            }
            offset += n;
            std::lock_guard<std::mutex> lock(state.mutex);
            state.written = offset;
        }
        {
            std::lock_guard<std::mutex> lock(state.mutex);
            state.written = offset;
            state.error = error;
        }
        ::SetEvent(state.done);
    }
}

} // namespace

StreamWriter::StreamWriter(NativeStream stream, const StopSignal& stop) : _stream(stream), _stop(stop) {}

StreamWriter::~StreamWriter()
{
    if (!_state)
        return;
    {
        std::lock_guard<std::mutex> lock(_state->mutex);
        _state->quit = true;
    }
    ::SetEvent(_state->work);
    if (_state->thread)
        ::CancelSynchronousIo(_state->thread);
}

StreamWriter::Status StreamWriter::write(const char* data, std::size_t size, std::size_t& written)
{
    written = 0;
    if (_stop.raised())
        return Status::Stopped;
    if (!_state)
    {
        auto state = std::make_shared<State>();
        state->stream = reinterpret_cast<HANDLE>(_stream);
        state->work = ::CreateEventW(nullptr, FALSE, FALSE, nullptr);
        state->done = ::CreateEventW(nullptr, FALSE, FALSE, nullptr);
        auto* owned = new std::shared_ptr<State>(state);
        state->thread = state->work && state->done
                            ? ::CreateThread(nullptr, 0, &writerThread, owned, 0, nullptr)
                            : nullptr;
        if (!state->thread)
        {
            delete owned;
            _error = "cannot start the output thread: " + windowsErrorText(::GetLastError());
            return Status::Failed;
        }
        _state = state;
    }
    {
        std::lock_guard<std::mutex> lock(_state->mutex);
        _state->buffer.assign(data, size);
        _state->written = 0;
        _state->error = 0;
    }
    ::SetEvent(_state->work);
    HANDLE handles[2] = {_state->done, _stop.native().event};
    const DWORD which = ::WaitForMultipleObjects(2, handles, FALSE, INFINITE);
    std::lock_guard<std::mutex> lock(_state->mutex);
    written = _state->written;
    if (which == WAIT_OBJECT_0)
    {
        if (_state->error == 0)
            return Status::Written;
        _error = "write: " + windowsErrorText(_state->error);
        return Status::Failed;
    }
    if (which == WAIT_OBJECT_0 + 1)
        return Status::Stopped;
    _error = "wait: " + windowsErrorText(::GetLastError());
    return Status::Failed;
}

} // namespace OuraMcp::Platform

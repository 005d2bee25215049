#include "platform/StreamReader.h"

#include "platform/StopSignal.h"
#include "platform/StopSignalNative.h"

#include <algorithm>
#include <condition_variable>
#include <cstring>
#include <mutex>
#include <string>

namespace OuraMcp::Platform {

namespace {

constexpr std::size_t ReadChunk = 64 * 1024;
constexpr std::size_t ReadAhead = 1024 * 1024;

} // namespace

/// What the reader thread and read() share. The thread holds its own reference: it may still be blocked in
/// ReadFile when the StreamReader is gone (nothing can wake a synchronous read of an anonymous pipe for sure;
/// CancelSynchronousIo is tried), and then ends with the process.
struct StreamReader::State
{
    HANDLE stream = INVALID_HANDLE_VALUE;
    HANDLE dataReady = nullptr; ///< manual-reset: set while bytes or the end wait for read()
    std::mutex mutex;
    std::condition_variable spaceFree;
    std::string pending;
    bool end = false;
    bool abandoned = false;
    HANDLE thread = nullptr; ///< a real handle of the reader thread, for CancelSynchronousIo

    ~State()
    {
        if (dataReady)
            ::CloseHandle(dataReady);
        if (thread)
            ::CloseHandle(thread);
    }
};

namespace {

void readLoop(const std::shared_ptr<StreamReader::State>& state)
{
    std::string chunk(ReadChunk, '\0');
    for (;;)
    {
        {
            std::unique_lock<std::mutex> lock(state->mutex);
            state->spaceFree.wait(lock,
                                  [&] { return state->pending.size() < ReadAhead || state->abandoned; });
            if (state->abandoned)
                return;
        }
        DWORD got = 0;
        const BOOL ok =
            ::ReadFile(state->stream, chunk.data(), static_cast<DWORD>(chunk.size()), &got, nullptr);
        std::lock_guard<std::mutex> lock(state->mutex);
        if (!ok || got == 0)
        {
            // ERROR_BROKEN_PIPE is the writer closing its end: the normal end of input. A console's Ctrl+Z
            // (0 bytes) ends it too.
            state->end = true;
            ::SetEvent(state->dataReady);
            return;
        }
        state->pending.append(chunk.data(), got);
        ::SetEvent(state->dataReady);
    }
}

DWORD WINAPI readerThread(LPVOID parameter)
{
    std::unique_ptr<std::shared_ptr<StreamReader::State>> state(
        static_cast<std::shared_ptr<StreamReader::State>*>(parameter));
    readLoop(*state);
    return 0;
}

} // namespace

StreamReader::StreamReader(NativeStream stream, const StopSignal& stop) : _stream(stream), _stop(stop) {}

StreamReader::~StreamReader()
{
    if (!_state)
        return;
    {
        std::lock_guard<std::mutex> lock(_state->mutex);
        _state->abandoned = true;
    }
    _state->spaceFree.notify_all();
    if (_state->thread)
        ::CancelSynchronousIo(_state->thread);
}

StreamReader::Status StreamReader::read(char* buffer, std::size_t capacity, std::size_t& count)
{
    count = 0;
    if (!_state)
    {
        _state = std::make_shared<State>();
        _state->stream = reinterpret_cast<HANDLE>(_stream);
        _state->dataReady = ::CreateEventW(nullptr, TRUE, FALSE, nullptr);
        if (!_state->dataReady)
            return Status::End;
        // A Win32 thread rather than std::thread: CancelSynchronousIo needs its handle.
        auto* owned = new std::shared_ptr<State>(_state);
        _state->thread = ::CreateThread(nullptr, 0, &readerThread, owned, 0, nullptr);
        if (!_state->thread)
        {
            delete owned;
            return Status::End;
        }
    }
    for (;;)
    {
        if (_stop.raised())
            return Status::Stopped;
        {
            std::lock_guard<std::mutex> lock(_state->mutex);
            if (!_state->pending.empty())
            {
                count = std::min(capacity, _state->pending.size());
                std::memcpy(buffer, _state->pending.data(), count);
                _state->pending.erase(0, count);
                if (_state->pending.empty() && !_state->end)
                    ::ResetEvent(_state->dataReady);
                _state->spaceFree.notify_all();
                return Status::Data;
            }
            if (_state->end)
                return Status::End;
        }
        HANDLE handles[2] = {_stop.native().event, _state->dataReady};
        if (::WaitForMultipleObjects(2, handles, FALSE, INFINITE) == WAIT_FAILED)
            return Status::End;
    }
}

} // namespace OuraMcp::Platform

#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace OuraMcp::Mcp {

/// A fixed set of threads running queued tasks, with a bounded queue so that a flood of slow requests is
/// refused quickly instead of piling up. Threads share the queue state through a shared_ptr, so a thread
/// still stuck in a task at shutdown can be detached safely: it finishes its task later and exits without
/// touching the pool object.
class WorkerPool
{
public:
    WorkerPool(unsigned threads, std::size_t maxQueued);
    ~WorkerPool();
    WorkerPool(const WorkerPool&) = delete;
    WorkerPool& operator=(const WorkerPool&) = delete;

    bool trySubmit(std::function<void()> task);
    /// False (task not taken) when maxQueued tasks already wait or the pool is shutting down.

    bool waitIdle(std::chrono::steady_clock::time_point deadline);
    /// Waits until no task is queued or running; false if the deadline came first.

    void shutdown();
    /// Drops queued tasks, joins the idle threads and detaches the ones still inside a task. Idempotent.

private:
    struct State
    {
        std::mutex mutex;
        std::condition_variable wake;
        std::condition_variable idle;
        std::deque<std::function<void()>> queue;
        std::vector<bool> busy;
        std::size_t running = 0;
        bool stopping = false;
    };
    static void work(std::shared_ptr<State> state, std::size_t index);

    std::shared_ptr<State> _state;
    std::vector<std::thread> _threads;
    std::size_t _maxQueued;
};

} // namespace OuraMcp::Mcp

#include "mcp/WorkerPool.h"

#include "util/Log.h"

namespace OuraMcp::Mcp {

WorkerPool::WorkerPool(unsigned threads, std::size_t maxQueued)
    : _state(std::make_shared<State>()), _maxQueued(maxQueued)
{
    if (threads == 0)
        threads = 1;
    _state->busy.assign(threads, false);
    for (unsigned i = 0; i < threads; ++i)
        _threads.emplace_back(&WorkerPool::work, _state, i);
}

WorkerPool::~WorkerPool()
{
    shutdown();
}

bool WorkerPool::trySubmit(std::function<void()> task)
{
    {
        std::lock_guard<std::mutex> lock(_state->mutex);
        if (_state->stopping || _state->queue.size() >= _maxQueued)
            return false;
        _state->queue.push_back(std::move(task));
    }
    _state->wake.notify_one();
    return true;
}

bool WorkerPool::waitIdle(std::chrono::steady_clock::time_point deadline)
{
    std::unique_lock<std::mutex> lock(_state->mutex);
    return _state->idle.wait_until(lock, deadline,
                                   [this] { return _state->queue.empty() && _state->running == 0; });
}

void WorkerPool::shutdown()
{
    std::deque<std::function<void()>> dropped;
    std::vector<bool> busy;
    {
        std::lock_guard<std::mutex> lock(_state->mutex);
        if (_state->stopping && _threads.empty())
            return;
        _state->stopping = true;
        dropped.swap(_state->queue);
        busy = _state->busy;
    }
    _state->wake.notify_all();
    dropped.clear(); // outside the lock: a task's captures may do work when destroyed
    std::size_t detached = 0;
    for (std::size_t i = 0; i < _threads.size(); ++i)
    {
        if (!_threads[i].joinable())
            continue;
        // An idle thread sees `stopping` before it could take another task, so joining it is prompt.
        if (busy[i])
        {
            _threads[i].detach();
            ++detached;
        }
        else
            _threads[i].join();
    }
    _threads.clear();
    if (detached > 0)
        Util::Log::warning("mcp", std::to_string(detached) +
                                      " request(s) still running at shutdown; their results will be dropped");
}

void WorkerPool::work(std::shared_ptr<State> state, std::size_t index)
{
    std::unique_lock<std::mutex> lock(state->mutex);
    for (;;)
    {
        state->wake.wait(lock, [&] { return state->stopping || !state->queue.empty(); });
        if (state->stopping)
            return;
        std::function<void()> task = std::move(state->queue.front());
        state->queue.pop_front();
        state->busy[index] = true;
        ++state->running;
        lock.unlock();
        try
        {
            task();
        }
        catch (...)
        {
            // Tasks handle their own errors; this only keeps a stray exception from killing the process.
        }
        task = nullptr;
        lock.lock();
        state->busy[index] = false;
        --state->running;
        if (state->queue.empty() && state->running == 0)
            state->idle.notify_all();
    }
}

} // namespace OuraMcp::Mcp

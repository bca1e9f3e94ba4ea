#pragma once
// Progress and cancellation for long compute jobs, toolkit-free. A job polls its CancelToken at least every
// ~100 ms of work and reports through a ProgressSink; the UI adapts both to QPromise / QFutureWatcher.
// Thread-safety: CancelToken may be cancelled from any thread; ProgressSink is called on the worker thread.

#include <atomic>
#include <functional>
#include <memory>
#include <string>

namespace dinolens::core {

class CancelToken {
public:
    void cancel() { m_cancelled->store(true, std::memory_order_relaxed); }
    bool isCancelled() const { return m_cancelled->load(std::memory_order_relaxed); }

private:
    // Shared so that copies handed to worker threads observe the same flag.
    std::shared_ptr<std::atomic<bool>> m_cancelled = std::make_shared<std::atomic<bool>>(false);
};

/// Called with the work done so far, the total (0 when unknown) and a short description of the current step.
using ProgressSink = std::function<void(long long done, long long total, const std::string& step)>;

/// Explicit job states (Idle -> Scheduled -> Running -> Cancelling -> Cancelled | Completed | Failed).
enum class JobState { Idle, Scheduled, Running, Cancelling, Cancelled, Completed, Failed };

} // namespace dinolens::core

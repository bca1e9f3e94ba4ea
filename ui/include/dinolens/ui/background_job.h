#pragma once
// One restartable background job as the GUI holds it: the QFutureWatcher that brings its results back to the GUI
// thread, and the cancel token of the run in flight. start() cancels the previous run and begins a new one with a
// fresh token, so a superseded run ends early and cannot cancel its successor.
// Ownership: owns the watcher; the QFuture's work holds its own copies of its inputs. Thread-safety: GUI thread.

#include <QFutureWatcher>

#include <utility>

#include "dinolens/core/progress.h"

namespace dinolens::ui {

template <typename T> class BackgroundJob {
public:
    BackgroundJob() = default;
    BackgroundJob(const BackgroundJob&) = delete;
    BackgroundJob& operator=(const BackgroundJob&) = delete;
    /// Cancels the run in flight: a job never outlives its owner's interest in it.
    ~BackgroundJob() { cancel(); }

    /// Cancels the run in flight, then starts `launch(token)` (which returns the QFuture<T> of the new run).
    template <typename Launch> void start(Launch&& launch)
    {
        cancel();
        m_cancel = core::CancelToken {};
        m_watcher.setFuture(std::forward<Launch>(launch)(m_cancel));
    }
    /// Asks the run in flight to stop; its `finished` still arrives.
    void cancel()
    {
        m_cancel.cancel();
        m_watcher.cancel();
    }
    bool isRunning() const { return m_watcher.isRunning(); }
    /// True when the last run ended with at least one result (a cancelled run may have none).
    bool hasResult() const { return m_watcher.future().resultCount() > 0; }
    T result() const { return m_watcher.result(); }
    T resultAt(int index) const { return m_watcher.resultAt(index); }
    /// The watcher, to connect to (finished, resultReadyAt, progress...).
    QFutureWatcher<T>* watcher() { return &m_watcher; }

private:
    QFutureWatcher<T> m_watcher;
    core::CancelToken m_cancel;
};

} // namespace dinolens::ui

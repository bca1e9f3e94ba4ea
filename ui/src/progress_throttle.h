#pragma once
// Forwards core progress to a QPromise at most every 100 ms (10 Hz), and turns a cancelled QFuture into a
// cancelled core::CancelToken. Private to ui. Thread-safety: report() may be called from several worker threads.

#include <QPromise>
#include <QString>

#include <chrono>
#include <mutex>
#include <string>

#include "dinolens/core/progress.h"

namespace dinolens::ui {

template <typename T> class ProgressThrottle {
public:
    ProgressThrottle(QPromise<T>& promise, core::CancelToken cancel)
        : m_promise(promise)
        , m_cancel(std::move(cancel))
    {
    }

    void report(long long done, long long total, const std::string& step)
    {
        if (m_promise.isCanceled()) {
            m_cancel.cancel();
        }
        const std::lock_guard lock(m_mutex);
        const auto now = std::chrono::steady_clock::now();
        if (done != total && now - m_last < std::chrono::milliseconds(100)) {
            return;
        }
        m_last = now;
        m_promise.setProgressRange(0, static_cast<int>(total));
        m_promise.setProgressValueAndText(static_cast<int>(done), QString::fromStdString(step));
    }

    core::ProgressSink sink()
    {
        return [this](long long done, long long total, const std::string& step) { report(done, total, step); };
    }

private:
    QPromise<T>& m_promise;
    core::CancelToken m_cancel;
    std::mutex m_mutex;
    std::chrono::steady_clock::time_point m_last {};
};

} // namespace dinolens::ui

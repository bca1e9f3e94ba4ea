#include "dinolens/core/parallel_for.h"

#include <algorithm>
#include <atomic>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

namespace dinolens::core {

unsigned defaultThreadCount()
{
    return std::max(1U, std::thread::hardware_concurrency());
}

void parallelFor(
    std::size_t count, unsigned threads, const std::function<void(std::size_t)>& body, const CancelToken& cancel)
{
    if (count == 0) {
        return;
    }
    const unsigned workers
        = static_cast<unsigned>(std::min<std::size_t>(count, threads == 0 ? defaultThreadCount() : threads));
    std::atomic<std::size_t> next { 0 };
    std::atomic<bool> failed { false };
    std::exception_ptr firstError;
    std::mutex errorMutex;
    const auto work = [&] {
        for (;;) {
            if (failed.load() || cancel.isCancelled()) {
                return;
            }
            const std::size_t i = next.fetch_add(1);
            if (i >= count) {
                return;
            }
            try {
                body(i);
            } catch (...) {
                const std::lock_guard lock(errorMutex);
                if (!firstError) {
                    firstError = std::current_exception();
                }
                failed.store(true);
            }
        }
    };
    std::vector<std::thread> pool;
    pool.reserve(workers - 1);
    for (unsigned t = 1; t < workers; ++t) {
        pool.emplace_back(work);
    }
    work();
    for (auto& thread : pool) {
        thread.join();
    }
    if (firstError) {
        std::rethrow_exception(firstError);
    }
}

} // namespace dinolens::core

#pragma once
// A minimal parallel loop for decoding slices and scanning files on a few threads.
// Thread-safety: `body` runs concurrently for different indices; it must only touch per-index state.

#include <cstddef>
#include <functional>

#include "dinolens/core/progress.h"

namespace dinolens::core {

/// Number of worker threads to use when the caller passes 0: the hardware concurrency (at least 1).
unsigned defaultThreadCount();

/// Runs body(i) for every i in [0, count) on up to `threads` threads (0 = defaultThreadCount()). Once `cancel`
/// is set, no new index starts. If a body throws, the remaining indices are skipped and the first exception is
/// rethrown on the calling thread after all workers have stopped.
void parallelFor(std::size_t count, unsigned threads, const std::function<void(std::size_t)>& body,
    const CancelToken& cancel = CancelToken {});

} // namespace dinolens::core

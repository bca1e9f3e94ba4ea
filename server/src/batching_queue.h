#pragma once
// Private: the bounded queue in front of one model. One worker thread takes the oldest request, waits up to the
// batch window for more (up to maxBatch), and runs them as one predictBatch() forward pass. Requests whose
// deadline passed before their turn are answered with a timeout instead of being computed.
// Ownership: shares the predictor; owns its worker thread (joined by shutdown() or the destructor).
// Thread-safety: submit(), length() and shutdown() may be called from any thread.

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "dinolens/core/result.h"
#include "dinolens/inference/segmentation_predictor.h"
#include "metrics.h"

namespace dinolens::server {

struct BatchingOptions {
    std::size_t capacity = 64;
    int maxBatch = 8;
    std::chrono::milliseconds window { 4 };
};

/// One slice to segment; the queue owns its pixels until the answer is set.
struct SliceRequest {
    std::vector<std::uint8_t> grey;
    int width = 0;
    int height = 0;
    bool withPatchGrid = false;
    std::chrono::steady_clock::time_point deadline;
    bool withTumorMap = false; // the per-pixel tumour probability too (three-plane fusion of a series)
};

using SliceResult = core::Result<inference::SlicePrediction>;

enum class SubmitOutcome { Queued, Full, ShuttingDown };

/// Why a request was not queued: Full -> Unavailable (503 with Retry-After), ShuttingDown -> Cancelled (503).
core::Error submitRefusal(SubmitOutcome outcome);

class BatchingQueue {
public:
    BatchingQueue(std::string model, std::shared_ptr<const inference::SegmentationPredictor> predictor,
        BatchingOptions options, Metrics& metrics);
    ~BatchingQueue();
    BatchingQueue(const BatchingQueue&) = delete;
    BatchingQueue& operator=(const BatchingQueue&) = delete;

    /// Queues the request; on Queued, `answer` receives the result once computed.
    SubmitOutcome submit(SliceRequest request, std::future<SliceResult>& answer);
    std::size_t length() const;
    /// The model's calibrated detection settings.
    const inference::DetectionSettings& detection() const { return m_predictor->detection(); }
    /// Refuses new requests, finishes the queued ones, and joins the worker. Idempotent.
    void shutdown();

private:
    struct Entry {
        SliceRequest request;
        std::promise<SliceResult> promise;
    };
    void run();
    std::vector<Entry> takeBatch(std::unique_lock<std::mutex>& lock);
    void compute(std::vector<Entry>& batch);

    std::string m_model;
    std::shared_ptr<const inference::SegmentationPredictor> m_predictor;
    BatchingOptions m_options;
    Metrics& m_metrics;
    mutable std::mutex m_mutex;
    std::condition_variable m_wake;
    std::deque<Entry> m_queue;
    bool m_stopping = false;
    std::thread m_worker;
};

} // namespace dinolens::server

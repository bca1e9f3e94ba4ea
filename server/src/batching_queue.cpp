#include "batching_queue.h"

#include <exception>

namespace dinolens::server {

using core::ErrorCode;
using core::makeError;
using Clock = std::chrono::steady_clock;

core::Error submitRefusal(SubmitOutcome outcome)
{
    return outcome == SubmitOutcome::Full ? makeError(ErrorCode::Unavailable, "the model's queue is full; retry later")
                                          : makeError(ErrorCode::Cancelled, "the server is shutting down");
}

BatchingQueue::BatchingQueue(std::string model, std::shared_ptr<const inference::SegmentationPredictor> predictor,
    BatchingOptions options, Metrics& metrics)
    : m_model(std::move(model))
    , m_predictor(std::move(predictor))
    , m_options(options)
    , m_metrics(metrics)
{
    m_options.maxBatch = std::max(1, m_options.maxBatch);
    m_worker = std::thread([this] { run(); });
}

BatchingQueue::~BatchingQueue()
{
    shutdown();
}

SubmitOutcome BatchingQueue::submit(SliceRequest request, std::future<SliceResult>& answer)
{
    const std::lock_guard lock(m_mutex);
    if (m_stopping) {
        return SubmitOutcome::ShuttingDown;
    }
    if (m_queue.size() >= m_options.capacity) {
        return SubmitOutcome::Full;
    }
    Entry entry { std::move(request), {} };
    answer = entry.promise.get_future();
    m_queue.push_back(std::move(entry));
    m_wake.notify_one();
    return SubmitOutcome::Queued;
}

std::size_t BatchingQueue::length() const
{
    const std::lock_guard lock(m_mutex);
    return m_queue.size();
}

void BatchingQueue::shutdown()
{
    {
        const std::lock_guard lock(m_mutex);
        m_stopping = true;
    }
    m_wake.notify_all();
    if (m_worker.joinable()) {
        m_worker.join();
    }
}

std::vector<BatchingQueue::Entry> BatchingQueue::takeBatch(std::unique_lock<std::mutex>& lock)
{
    m_wake.wait(lock, [this] { return m_stopping || !m_queue.empty(); });
    if (m_queue.empty()) {
        return {};
    }
    // The window starts with the oldest request: a lone request waits at most one window.
    const auto until = Clock::now() + m_options.window;
    const auto wanted = static_cast<std::size_t>(m_options.maxBatch);
    m_wake.wait_until(lock, until, [&] { return m_stopping || m_queue.size() >= wanted; });
    std::vector<Entry> batch;
    while (!m_queue.empty() && batch.size() < wanted) {
        batch.push_back(std::move(m_queue.front()));
        m_queue.pop_front();
    }
    return batch;
}

void BatchingQueue::run()
{
    std::unique_lock lock(m_mutex);
    while (true) {
        std::vector<Entry> batch = takeBatch(lock);
        if (batch.empty()) {
            return; // stopping and drained
        }
        lock.unlock();
        try {
            compute(batch);
        } catch (...) {
            // Nothing escapes the worker: unanswered promises break, and their handlers answer 500.
        }
        lock.lock();
    }
}

void BatchingQueue::compute(std::vector<Entry>& batch)
{
    std::vector<Entry*> live;
    const auto now = Clock::now();
    for (Entry& entry : batch) {
        if (entry.request.deadline < now) {
            entry.promise.set_value(
                makeError(ErrorCode::TimedOut, "the request did not finish within the server's time limit"));
        } else {
            live.push_back(&entry);
        }
    }
    if (live.empty()) {
        return;
    }
    std::vector<inference::GreySliceView> views;
    bool withPatchGrid = false;
    bool withTumorMap = false;
    for (Entry* entry : live) {
        views.push_back({ entry->request.grey.data(), entry->request.width, entry->request.height });
        withPatchGrid = withPatchGrid || entry->request.withPatchGrid;
        withTumorMap = withTumorMap || entry->request.withTumorMap;
    }
    const auto start = Clock::now();
    core::Result<std::vector<inference::SlicePrediction>> predictions
        = makeError(ErrorCode::Internal, "prediction did not run");
    try {
        predictions
            = m_predictor->predictBatch(views, { .withPatchGrid = withPatchGrid, .withTumorMap = withTumorMap });
    } catch (const std::exception& error) {
        predictions = makeError(ErrorCode::Internal, std::string("prediction failed: ") + error.what());
    }
    m_metrics.recordBatch(
        m_model, static_cast<int>(live.size()), std::chrono::duration<double>(Clock::now() - start).count());
    for (size_t i = 0; i < live.size(); ++i) {
        if (predictions) {
            live[i]->promise.set_value(std::move((*predictions)[i]));
        } else {
            live[i]->promise.set_value(predictions.error());
        }
    }
}

} // namespace dinolens::server

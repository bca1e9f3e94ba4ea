#pragma once
// Private: the models a server offers (training run folders, id = folder name), loaded in the background, each
// with its batching queue. Thread-safety: every member may be called from any thread.

#include <atomic>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "batching_queue.h"
#include "metrics.h"

namespace dinolens::server {

struct ModelStatus {
    std::string id;
    std::string path;
    bool loaded = false;
    std::string error; // why loading failed (empty while loading or when loaded)
    int resolution = 0;
    std::vector<std::string> baseModel;
};

class ModelPool {
public:
    ModelPool(std::vector<std::filesystem::path> folders, BatchingOptions options, int computeThreads,
        inference::ComputeDevice device, Metrics& metrics);
    ~ModelPool();

    /// Loads every model on a background thread.
    void startLoading();
    /// True once every model is loaded successfully.
    bool ready() const;
    std::vector<ModelStatus> status() const;
    /// The id used when a request names none (the first model).
    std::string defaultModel() const;
    bool known(const std::string& id) const;
    /// The queue of a loaded model, or null (unknown or not loaded yet).
    BatchingQueue* queue(const std::string& id);
    std::vector<std::pair<std::string, std::size_t>> queueLengths() const;
    /// Finishes queued work and stops the workers (the loader is joined first).
    void shutdown();

private:
    void load();

    struct Entry {
        ModelStatus status;
        std::unique_ptr<BatchingQueue> queue;
    };
    BatchingOptions m_options;
    int m_computeThreads;
    inference::ComputeDevice m_device;
    Metrics& m_metrics;
    mutable std::mutex m_mutex;
    std::vector<std::filesystem::path> m_folders;
    std::map<std::string, Entry> m_entries;
    std::atomic<bool> m_stopping { false };
    std::thread m_loader;
};

} // namespace dinolens::server

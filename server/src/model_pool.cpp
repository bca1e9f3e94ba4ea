#include "model_pool.h"

#include <exception>

#include "dinolens/server/server_configuration.h"

namespace dinolens::server {
namespace {

std::string modelId(const std::filesystem::path& folder)
{
    return modelIdOf(folder);
}

} // namespace

ModelPool::ModelPool(std::vector<std::filesystem::path> folders, BatchingOptions options, int computeThreads,
    inference::ComputeDevice device, Metrics& metrics)
    : m_options(options)
    , m_computeThreads(computeThreads)
    , m_device(device)
    , m_metrics(metrics)
    , m_folders(std::move(folders))
{
    for (const auto& folder : m_folders) {
        ModelStatus status;
        status.id = modelId(folder);
        status.path = folder.string();
        m_entries[status.id].status = status;
    }
}

ModelPool::~ModelPool()
{
    shutdown();
}

void ModelPool::startLoading()
{
    m_loader = std::thread([this] { load(); });
}

void ModelPool::load()
{
    for (const auto& folder : m_folders) {
        if (m_stopping) {
            return;
        }
        const std::string id = modelId(folder);
        try {
            auto predictor
                = inference::SegmentationPredictor::open(folder, { .threads = m_computeThreads, .device = m_device });
            const std::lock_guard lock(m_mutex);
            Entry& entry = m_entries[id];
            if (!predictor) {
                entry.status.error = predictor.error().message; // the message alone: the context is a server path
                continue;
            }
            entry.status.resolution = predictor->config().resolution;
            entry.status.baseModel = predictor->config().baseModel;
            auto shared = std::make_shared<const inference::SegmentationPredictor>(std::move(*predictor));
            entry.queue = std::make_unique<BatchingQueue>(id, std::move(shared), m_options, m_metrics);
            entry.status.loaded = true;
        } catch (const std::exception& error) {
            const std::lock_guard lock(m_mutex);
            m_entries[id].status.error = error.what();
        } catch (...) {
            const std::lock_guard lock(m_mutex);
            m_entries[id].status.error = "unexpected failure while loading";
        }
    }
}

bool ModelPool::ready() const
{
    const std::lock_guard lock(m_mutex);
    for (const auto& [id, entry] : m_entries) {
        if (!entry.status.loaded) {
            return false;
        }
    }
    return !m_entries.empty();
}

std::vector<ModelStatus> ModelPool::status() const
{
    const std::lock_guard lock(m_mutex);
    std::vector<ModelStatus> all;
    for (const auto& [id, entry] : m_entries) {
        all.push_back(entry.status);
    }
    return all;
}

std::string ModelPool::defaultModel() const
{
    if (m_folders.empty()) {
        return {};
    }
    return modelId(m_folders.front());
}

bool ModelPool::known(const std::string& id) const
{
    const std::lock_guard lock(m_mutex);
    return m_entries.count(id) > 0;
}

BatchingQueue* ModelPool::queue(const std::string& id)
{
    const std::lock_guard lock(m_mutex);
    const auto found = m_entries.find(id);
    return found == m_entries.end() ? nullptr : found->second.queue.get();
}

std::vector<std::pair<std::string, std::size_t>> ModelPool::queueLengths() const
{
    const std::lock_guard lock(m_mutex);
    std::vector<std::pair<std::string, std::size_t>> lengths;
    for (const auto& [id, entry] : m_entries) {
        lengths.emplace_back(id, entry.queue ? entry.queue->length() : 0);
    }
    return lengths;
}

void ModelPool::shutdown()
{
    m_stopping = true;
    if (m_loader.joinable()) {
        m_loader.join();
    }
    const std::lock_guard lock(m_mutex);
    for (auto& [id, entry] : m_entries) {
        if (entry.queue) {
            entry.queue->shutdown();
        }
    }
}

} // namespace dinolens::server

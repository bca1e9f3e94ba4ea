#include "instance_writer_pool.h"

namespace dinolens::pacs::detail {

InstanceWriterPool::InstanceWriterPool(std::filesystem::path destination, int threads, std::size_t maxQueued)
    : m_destination(std::move(destination))
    , m_maxQueued(std::max<std::size_t>(1, maxQueued))
{
    for (int index = 0; index < std::max(1, threads); ++index) {
        m_threads.emplace_back([this] { work(); });
    }
}

InstanceWriterPool::~InstanceWriterPool()
{
    finish();
    {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
    }
    m_changed.notify_all();
    for (std::thread& thread : m_threads) {
        thread.join();
    }
}

void InstanceWriterPool::submit(InstanceIdentity identity, std::string bytes)
{
    auto shared = std::make_shared<std::pair<InstanceIdentity, std::string>>(std::move(identity), std::move(bytes));
    submit([shared, destination = m_destination] {
        return writeInstanceBytes(destination, shared->first, shared->second);
    });
}

void InstanceWriterPool::submit(Job job)
{
    std::unique_lock lock(m_mutex);
    m_changed.wait(lock, [this] { return m_jobs.size() < m_maxQueued; });
    m_jobs.push_back(std::move(job));
    lock.unlock();
    m_changed.notify_all();
}

std::vector<core::Result<RetrievedInstance>> InstanceWriterPool::takeCompleted()
{
    std::lock_guard lock(m_mutex);
    return std::exchange(m_completed, {});
}

void InstanceWriterPool::finish()
{
    std::unique_lock lock(m_mutex);
    m_changed.wait(lock, [this] { return m_jobs.empty() && m_running == 0; });
}

void InstanceWriterPool::work()
{
    std::unique_lock lock(m_mutex);
    while (true) {
        m_changed.wait(lock, [this] { return m_stopping || !m_jobs.empty(); });
        if (m_jobs.empty()) {
            return; // stopping with nothing left
        }
        Job job = std::move(m_jobs.front());
        m_jobs.pop_front();
        ++m_running;
        lock.unlock();
        m_changed.notify_all();
        auto written = job();
        lock.lock();
        m_completed.push_back(std::move(written));
        --m_running;
        m_changed.notify_all();
    }
}

} // namespace dinolens::pacs::detail

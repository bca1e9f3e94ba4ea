#pragma once
// Writes received instances on a few threads, so that each file's fsync (several milliseconds on common disks) overlaps
// the network and the other files' instead of stalling the receive loop; the file system batches concurrent fsyncs
// into one journal commit. Each file is still written atomically (core::writeFileAtomically). Completed writes are
// collected by the receiving thread, which alone calls the caller's callbacks. At most `maxQueued` instances wait in
// memory; submit() blocks beyond that.
// Thread-safety: submit, takeCompleted and finish are called from one thread.

#include <condition_variable>
#include <deque>
#include <filesystem>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "dicom_instance.h"

namespace dinolens::pacs::detail {

class InstanceWriterPool {
public:
    InstanceWriterPool(std::filesystem::path destination, int threads, std::size_t maxQueued);
    ~InstanceWriterPool();
    InstanceWriterPool(const InstanceWriterPool&) = delete;
    InstanceWriterPool& operator=(const InstanceWriterPool&) = delete;

    using Job = std::function<core::Result<RetrievedInstance>()>;

    /// Bytes received over DICOMweb, written bit for bit.
    void submit(InstanceIdentity identity, std::string bytes);
    /// Any write, e.g. the commit of a prepared DIMSE instance.
    void submit(Job job);
    /// The writes finished since the last call, in completion order.
    std::vector<core::Result<RetrievedInstance>> takeCompleted();
    /// Waits for every submitted write; then takeCompleted() returns the rest.
    void finish();

private:
    void work();

    std::filesystem::path m_destination;
    std::size_t m_maxQueued;
    std::mutex m_mutex;
    std::condition_variable m_changed;
    std::deque<Job> m_jobs;
    std::vector<core::Result<RetrievedInstance>> m_completed;
    std::size_t m_running = 0;
    bool m_stopping = false;
    std::vector<std::thread> m_threads;
};

} // namespace dinolens::pacs::detail

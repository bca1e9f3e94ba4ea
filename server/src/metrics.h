#pragma once
// Private: Prometheus counters and histograms of the server (text exposition format 0.0.4).
// Thread-safety: every member may be called from any thread.

#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

namespace dinolens::server {

class Metrics {
public:
    /// One answered request: its route template ("/v1/segment"), status and latency.
    void recordRequest(const std::string& route, int status, double seconds);
    /// One forward pass of `model` over `size` requests that took `seconds`.
    void recordBatch(const std::string& model, int size, double seconds);
    /// Prometheus text; `queueLengths` are the current queue lengths per model.
    std::string render(const std::vector<std::pair<std::string, std::size_t>>& queueLengths) const;

private:
    struct Histogram {
        std::vector<std::uint64_t> buckets; // cumulative counts are computed at render time
        std::uint64_t count = 0;
        double sum = 0.0;
    };
    static void observe(Histogram& histogram, const std::vector<double>& bounds, double value);

    mutable std::mutex m_mutex;
    std::map<std::pair<std::string, int>, std::uint64_t> m_requests;
    std::map<std::string, Histogram> m_latency; // per route
    std::map<std::string, Histogram> m_batchSize; // per model
    std::map<std::string, Histogram> m_forward; // per model
};

} // namespace dinolens::server

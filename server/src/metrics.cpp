#include "metrics.h"

#include <sstream>

namespace dinolens::server {
namespace {

const std::vector<double> kLatencyBounds = { 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30 };
const std::vector<double> kBatchBounds = { 1, 2, 4, 8, 16, 32 };

template <typename Map>
void writeHistograms(std::ostringstream& out, const std::string& name, const std::string& label, const Map& map,
    const std::vector<double>& bounds)
{
    for (const auto& [key, histogram] : map) {
        std::uint64_t cumulative = 0;
        for (size_t i = 0; i < bounds.size(); ++i) {
            cumulative += histogram.buckets[i];
            out << name << "_bucket{" << label << "=\"" << key << "\",le=\"" << bounds[i] << "\"} " << cumulative
                << "\n";
        }
        out << name << "_bucket{" << label << "=\"" << key << "\",le=\"+Inf\"} " << histogram.count << "\n";
        out << name << "_sum{" << label << "=\"" << key << "\"} " << histogram.sum << "\n";
        out << name << "_count{" << label << "=\"" << key << "\"} " << histogram.count << "\n";
    }
}

} // namespace

void Metrics::observe(Histogram& histogram, const std::vector<double>& bounds, double value)
{
    histogram.buckets.resize(bounds.size(), 0);
    for (size_t i = 0; i < bounds.size(); ++i) {
        if (value <= bounds[i]) {
            ++histogram.buckets[i];
            break;
        }
    }
    ++histogram.count;
    histogram.sum += value;
}

void Metrics::recordRequest(const std::string& route, int status, double seconds)
{
    const std::lock_guard lock(m_mutex);
    ++m_requests[{ route, status }];
    observe(m_latency[route], kLatencyBounds, seconds);
}

void Metrics::recordBatch(const std::string& model, int size, double seconds)
{
    const std::lock_guard lock(m_mutex);
    observe(m_batchSize[model], kBatchBounds, static_cast<double>(size));
    observe(m_forward[model], kLatencyBounds, seconds);
}

std::string Metrics::render(const std::vector<std::pair<std::string, std::size_t>>& queueLengths) const
{
    const std::lock_guard lock(m_mutex);
    std::ostringstream out;
    out << "# HELP dinolens_requests_total HTTP requests answered, by route and status.\n"
        << "# TYPE dinolens_requests_total counter\n";
    for (const auto& [key, count] : m_requests) {
        out << "dinolens_requests_total{route=\"" << key.first << "\",status=\"" << key.second << "\"} " << count
            << "\n";
    }
    out << "# HELP dinolens_request_duration_seconds Request latency, by route.\n"
        << "# TYPE dinolens_request_duration_seconds histogram\n";
    writeHistograms(out, "dinolens_request_duration_seconds", "route", m_latency, kLatencyBounds);
    out << "# HELP dinolens_queue_length Requests waiting for a forward pass, by model.\n"
        << "# TYPE dinolens_queue_length gauge\n";
    for (const auto& [model, length] : queueLengths) {
        out << "dinolens_queue_length{model=\"" << model << "\"} " << length << "\n";
    }
    out << "# HELP dinolens_batch_size Requests per forward pass, by model.\n"
        << "# TYPE dinolens_batch_size histogram\n";
    writeHistograms(out, "dinolens_batch_size", "model", m_batchSize, kBatchBounds);
    out << "# HELP dinolens_forward_seconds Duration of one batched forward pass, by model.\n"
        << "# TYPE dinolens_forward_seconds histogram\n";
    writeHistograms(out, "dinolens_forward_seconds", "model", m_forward, kLatencyBounds);
    return out.str();
}

} // namespace dinolens::server

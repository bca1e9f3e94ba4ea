#include "dinolens/inference/training_benchmark.h"

#include <chrono>
#include <ctime>
#include <thread>

#include "dinolens/inference/base_model.h"
#include "training_session.h"

namespace dinolens::inference {

namespace {

class Stopwatch {
public:
    Stopwatch()
        : m_wall(std::chrono::steady_clock::now())
        , m_cpu(std::clock())
    {
    }
    BenchmarkTime elapsed() const
    {
        return { std::chrono::duration<double>(std::chrono::steady_clock::now() - m_wall).count(),
            static_cast<double>(std::clock() - m_cpu) / CLOCKS_PER_SEC };
    }

private:
    std::chrono::steady_clock::time_point m_wall;
    std::clock_t m_cpu;
};

core::Result<TrainingBenchmark> run(const TrainingConfig& requested, const core::ProgressSink& progress)
{
    TrainingConfig config = requested;
    config.epochs = 10;
    config.augment = false;
    if (auto status = validateTrainingConfig(config); !status) {
        return status.error();
    }
    const int threads
        = config.threads > 0 ? config.threads : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    detail::flushDenormals();
    setComputeThreads(threads);
    auto backbone = loadBaseModel(config.baseModel, { .threads = threads });
    if (!backbone) {
        return backbone.error();
    }
    auto data = detail::loadTrainingData(config, {}, progress);
    if (!data) {
        return data.error();
    }
    TrainingBenchmark result;
    result.images = static_cast<int>(data->samples.size());
    auto cached = std::make_unique<detail::TrainingSession>();
    cached->config = config;
    cached->backbone = &*backbone;
    cached->data = std::move(*data);
    cached->classWeights = at::tensor(at::ArrayRef<float>(cached->data.report.classWeights));
    const Stopwatch fill;
    auto cache = detail::FeatureCache::build(*backbone, 0, cached->data, {}, {}, progress);
    if (!cache) {
        return cache.error();
    }
    result.backbonePass = fill.elapsed();
    cached->cache = std::move(*cache);
    detail::initialiseHead(*cached);
    const Stopwatch epochs;
    for (int epoch = 0; epoch < config.epochs; ++epoch) {
        const Stopwatch one;
        auto metrics = detail::runTrainingEpoch(*cached, epoch);
        if (!metrics) {
            return metrics.error();
        }
        if (epoch == 0) {
            result.cachedEpoch = one.elapsed();
        }
        if (progress) {
            progress(epoch + 1, config.epochs, "cached epochs");
        }
    }
    const BenchmarkTime tenEpochs = epochs.elapsed();
    result.tenEpochs = { result.backbonePass.wallSeconds + tenEpochs.wallSeconds,
        result.backbonePass.cpuSeconds + tenEpochs.cpuSeconds };
    auto uncached = std::make_unique<detail::TrainingSession>();
    uncached->config = config;
    uncached->backbone = &*backbone;
    uncached->data = std::move(cached->data);
    uncached->classWeights = cached->classWeights;
    detail::initialiseHead(*uncached);
    const Stopwatch uncachedEpoch;
    auto metrics = detail::runTrainingEpoch(*uncached, 0);
    if (!metrics) {
        return metrics.error();
    }
    result.uncachedEpoch = uncachedEpoch.elapsed();
    return result;
}

} // namespace

core::Result<TrainingBenchmark> benchmarkTraining(const TrainingConfig& config, const TrainingCallbacks& callbacks)
{
    try {
        return run(config, callbacks.progress);
    } catch (const std::exception& error) {
        return core::makeError(core::ErrorCode::Internal, std::string("benchmark failed: ") + error.what());
    }
}

} // namespace dinolens::inference

#pragma once
// `bench train`: what the feature cache buys. On the first `images` images of a split, times one backbone pass
// (feature extraction), one head epoch on cached features, one epoch without the cache (the backbone runs on
// every batch, as with augmentation), and a 10-epoch run (cache fill + 10 cached epochs).
// Thread-safety: may run on any thread.

#include "dinolens/core/progress.h"
#include "dinolens/core/result.h"
#include "dinolens/inference/trainer.h"
#include "dinolens/inference/training_config.h"

namespace dinolens::inference {

struct BenchmarkTime {
    double wallSeconds = 0.0;
    double cpuSeconds = 0.0; // process CPU time (all threads): steadier than wall time on a shared machine
};

struct TrainingBenchmark {
    int images = 0;
    BenchmarkTime backbonePass;
    BenchmarkTime cachedEpoch;
    BenchmarkTime uncachedEpoch;
    BenchmarkTime tenEpochs; // cache fill + 10 cached epochs
    double tenEpochsPerBackbonePass() const { return tenEpochs.wallSeconds / backbonePass.wallSeconds; }
    double tenEpochsPerBackbonePassCpu() const { return tenEpochs.cpuSeconds / backbonePass.cpuSeconds; }
};

/// Runs the benchmark with `config` (epochs is ignored; a temporary run folder is used). Errors as trainer.h.
core::Result<TrainingBenchmark> benchmarkTraining(
    const TrainingConfig& config, const TrainingCallbacks& callbacks = {});

} // namespace dinolens::inference

// `dinolens-cli bench train`: one head epoch with cached features vs without, and a 10-epoch run as a multiple
// of one backbone pass over the images (goal <= 1.5x). See inference/training_benchmark.h.
#include <cstdio>
#include <memory>

#include "cli_output.h"
#include "dinolens/core/data_location.h"
#include "dinolens/inference/training_benchmark.h"
#include "training_commands.h"

namespace dinolens::app {
namespace {

int runTrainBenchmark(inference::TrainingConfig config)
{
    ProgressLine line("bench train");
    inference::TrainingCallbacks callbacks;
    callbacks.progress = line.sink();
    auto result = inference::benchmarkTraining(config, callbacks);
    if (!result) {
        return reportError(result.error());
    }
    std::printf("bench train: %s, %d images at %d px, batch %d, %d threads\n", config.baseModel.front().c_str(),
        result->images, config.resolution, config.batchSize, config.threads);
    auto row = [](const char* name, const inference::BenchmarkTime& time) {
        std::printf("  %-38s %8.2f s wall %8.2f s CPU\n", name, time.wallSeconds, time.cpuSeconds);
    };
    row("backbone pass (feature cache fill)", result->backbonePass);
    row("one epoch, cached features", result->cachedEpoch);
    row("one epoch, backbone on every batch", result->uncachedEpoch);
    row("10 epochs incl. cache fill", result->tenEpochs);
    std::printf("  uncached / cached epoch: %.1fx wall, %.1fx CPU\n",
        result->uncachedEpoch.wallSeconds / result->cachedEpoch.wallSeconds,
        result->uncachedEpoch.cpuSeconds / result->cachedEpoch.cpuSeconds);
    std::printf("  10 epochs = %.2f x one backbone pass wall, %.2f x CPU (goal <= 1.5): %s\n",
        result->tenEpochsPerBackbonePass(), result->tenEpochsPerBackbonePassCpu(),
        result->tenEpochsPerBackbonePassCpu() <= 1.5 ? "met" : "not met");
    return 0;
}

} // namespace

std::string formatDuration(double seconds)
{
    const auto total = static_cast<long long>(seconds + 0.5);
    char text[32];
    if (total >= 3600) {
        std::snprintf(text, sizeof text, "%lldh%02lldm", total / 3600, (total / 60) % 60);
    } else if (total >= 60) {
        std::snprintf(text, sizeof text, "%lldm%02llds", total / 60, total % 60);
    } else {
        std::snprintf(text, sizeof text, "%llds", total);
    }
    return text;
}

void registerTrainBenchmark(CLI::App& bench, int& exitCode)
{
    auto config = std::make_shared<inference::TrainingConfig>();
    auto root = std::make_shared<std::string>((core::dataRoot() / "brain-tumor").string());
    config->baseModel = { "random:dinov3-vitb16" };
    config->maxImages = 32;
    config->threads = 2;
    CLI::App* command = bench.add_subcommand("train", "Head epoch with and without the feature cache");
    command->add_option("--data", *root, "Dataset root")->capture_default_str();
    command
        ->add_option("--base-model", config->baseModel,
            "As for train (default: random weights in the architecture of the study's DINOv3 ViT-B/16)")
        ->expected(1, 2)
        ->capture_default_str();
    command->add_option("--images", config->maxImages, "First N training images")->capture_default_str();
    command->add_option("--resolution", config->resolution)->capture_default_str();
    command->add_option("--batch-size", config->batchSize)->capture_default_str();
    command->add_option("--threads", config->threads)->capture_default_str();
    auto worldSize = std::make_shared<int>(1);
    command
        ->add_option("--world-size", *worldSize,
            "Above 1: a short run as 1 process x N threads and as N ranks x 1 thread on loopback, with the "
            "all-reduce time per step and the scaling efficiency")
        ->check(CLI::Range(1, 64))
        ->capture_default_str();
    command->callback([config, root, worldSize, &exitCode] {
        config->datasets = { { *root, 1.0 } };
        exitCode
            = *worldSize > 1 ? runDistributedTrainBenchmark(*config, *root, *worldSize) : runTrainBenchmark(*config);
    });
}

void registerTrainingCommands(CLI::App& app, CLI::App& bench, int& exitCode)
{
    registerTrainCommand(app, exitCode);
    registerEvaluateCommand(app, exitCode);
    registerTrainBenchmark(bench, exitCode);
#ifdef DINOLENS_WITH_IMAGING
    registerPackCommand(app, exitCode);
    registerPredictCommand(app, exitCode);
    registerCompareCommand(app, exitCode);
    registerSegmentCommand(app, exitCode);
    registerSegmentBenchmark(bench, exitCode);
#endif
}

} // namespace dinolens::app

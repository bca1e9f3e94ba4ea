#pragma once
// Training commands of dinolens-cli: train, evaluate and bench train in every build; pack, predict, compare, segment
// and bench segment (imaging/) in the imaging build. Inference public API only.

#include <CLI/CLI.hpp>

#include <memory>
#include <string>
#include <vector>

#include "dinolens/inference/training_config.h"

namespace dinolens::app {

void registerTrainingCommands(CLI::App& app, CLI::App& bench, int& exitCode);

void registerTrainCommand(CLI::App& app, int& exitCode);
void registerEvaluateCommand(CLI::App& app, int& exitCode);
void registerPredictCommand(CLI::App& app, int& exitCode);
/// `pack` (imaging/command_pack.cpp): datasets' splits into one packed dataset (inference/dataset_pack.h).
void registerPackCommand(CLI::App& app, int& exitCode);
void registerCompareCommand(CLI::App& app, int& exitCode);
void registerTrainBenchmark(CLI::App& bench, int& exitCode);
/// `segment` (command_segment.cpp) and `bench segment` (command_bench_segment.cpp).
void registerSegmentCommand(CLI::App& app, int& exitCode);
void registerSegmentBenchmark(CLI::App& bench, int& exitCode);

/// `--data` (repeatable: the union of the datasets' splits) and `--data-weight` (one per --data, optional) of
/// train, evaluate and compare.
struct DataOptions {
    std::vector<std::string> roots;
    std::vector<double> weights;
};
void addDataOptions(CLI::App& command, DataOptions& options, bool required);
/// The datasets the options name. Errors: weights given but not one per dataset.
core::Result<std::vector<inference::TrainingDataset>> datasetsFromOptions(const DataOptions& options);

/// `evaluate` on datalists of volumes (command_evaluate_volumes.cpp): every case scored in 3-D; writes
/// metrics.json, per_case.csv and worst_cases.png into `out` when given. Returns the exit code.
int evaluateVolumeDatalists(const std::string& run, const std::vector<std::string>& datalists, const std::string& split,
    const std::string& out, int maxCases, int threads);

/// `bench train --world-size N` (command_bench_train_distributed.cpp): this program's `train` as 1 process x N
/// threads and as N ranks x 1 thread; prints both times, rank 0's all-reduce cost and the scaling efficiency.
int runDistributedTrainBenchmark(const inference::TrainingConfig& config, const std::string& root, int worldSize);

/// "1h02m", "3m20s", "12s".
std::string formatDuration(double seconds);

} // namespace dinolens::app

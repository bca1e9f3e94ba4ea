#pragma once
// Training commands of dinolens-cli: train, evaluate, predict and bench train (inference public API only).

#include <CLI/CLI.hpp>

#include <string>

namespace dinolens::app {

void registerTrainingCommands(CLI::App& app, CLI::App& bench, int& exitCode);

void registerTrainCommand(CLI::App& app, int& exitCode);
void registerEvaluateCommand(CLI::App& app, int& exitCode);
void registerPredictCommand(CLI::App& app, int& exitCode);
void registerCompareCommand(CLI::App& app, int& exitCode);
void registerTrainBenchmark(CLI::App& bench, int& exitCode);

/// "1h02m", "3m20s", "12s".
std::string formatDuration(double seconds);

} // namespace dinolens::app

#pragma once
// Private: the files of a training run folder (see trainer.h) and the checkpoint format.
// Checkpoint: checkpoint.safetensors holding "head.<name>" and "adam.{m,v}.<name>" tensors, metadata
// epochs_completed, global_step, data_fingerprint, history (JSON of the per-epoch metrics), written atomically.

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "dinolens/core/result.h"
#include "dinolens/inference/float_tensor.h"
#include "dinolens/inference/trainer.h"

namespace dinolens::inference::detail {

inline constexpr const char* kCheckpointFile = "checkpoint.safetensors";
inline constexpr const char* kHeadFile = "head.safetensors";
inline constexpr const char* kConfigFile = "config.json";
// A run that trains its backbone keeps it here as a Hugging Face snapshot (config.json + model.safetensors).
inline constexpr const char* kBackboneFolder = "backbone";

/// Creates the folder and proves it writable with a probe file. Errors: Unwritable.
core::Status prepareRunFolder(const std::filesystem::path& runDir);

/// config.json: the training configuration plus the head and backbone description.
core::Status writeRunConfig(
    const std::filesystem::path& runDir, const TrainingConfig& config, const std::string& headJson);
/// data_fingerprint.json, with a "validation" part when `validation` is given.
core::Status writeDataFingerprint(const std::filesystem::path& runDir, const TrainingDataReport& report,
    const TrainingDataReport* validation = nullptr);
/// metrics.csv and metrics.json from the whole history.
core::Status writeMetrics(const std::filesystem::path& runDir, const std::vector<TrainingEpochMetrics>& history);

std::string historyToJson(const std::vector<TrainingEpochMetrics>& history);
core::Result<std::vector<TrainingEpochMetrics>> historyFromJson(const std::string& text);

struct CheckpointState {
    int epochsCompleted = 0;
    int64_t globalStep = 0;
    uint64_t dataFingerprint = 0;
    std::vector<TrainingEpochMetrics> history;
    std::map<std::string, FloatTensor> tensors;
};

core::Status writeCheckpoint(const std::filesystem::path& runDir, const CheckpointState& state);
/// Errors: NotFound (no checkpoint), InvalidFormat.
core::Result<CheckpointState> readCheckpoint(const std::filesystem::path& runDir);

} // namespace dinolens::inference::detail

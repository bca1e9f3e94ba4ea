#pragma once
// Private: turns a checkpoint on disk (a Hugging Face snapshot folder, a sharded snapshot or an explicit
// config.json + weights pair) into named torch tensors, after checking the key set against what the
// architecture expects. The check reports every missing, unexpected and mis-shaped key in one error.

#include <ATen/ATen.h>

#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "dinolens/core/result.h"
#include "dinolens/inference/backbone.h"

namespace dinolens::inference::detail {

struct ExpectedTensor {
    std::string name;
    std::vector<int64_t> shape;
};

/// Named parameters, consumed (erased) by the weight assembly so that peak memory stays near one model copy.
using TensorMap = std::map<std::string, at::Tensor>;

struct CheckpointFiles {
    std::filesystem::path config;
    std::vector<std::filesystem::path> weights; // one file, or the shards of model.safetensors.index.json
};

/// Finds config.json and the weight files of `source`. Errors: NotFound, InvalidFormat (a bad shard index).
core::Result<CheckpointFiles> resolveCheckpoint(const ModelSource& source);

/// Reads the expected tensors (converted to float32) from `weights`. Keys in `ignored` may be present or not
/// (e.g. the training-only mask token). Errors: InvalidFormat listing missing / unexpected / mis-shaped keys,
/// plus the safetensors reader's errors.
core::Result<TensorMap> readCheckpoint(const std::vector<std::filesystem::path>& weights,
    const std::vector<ExpectedTensor>& expected, const std::set<std::string>& ignored);

/// Random parameters of the expected shapes (benchmarks): N(0, 0.02), LayerNorm weights 1, LayerScale 0.1.
TensorMap randomCheckpoint(const std::vector<ExpectedTensor>& expected, uint64_t seed);

/// Removes and returns `name` from `tensors` (which readCheckpoint guaranteed to contain it).
at::Tensor take(TensorMap& tensors, const std::string& name);

} // namespace dinolens::inference::detail

#pragma once
// Checks of the backbone engine against reference outputs: every case of a golden folder (a manifest.json naming
// each case's model files, input pixel_values and expected outputs, as ../shared/data/golden holds them: random-weight
// DINOv2 and DINOv3 models run by the Hugging Face reference), and a tensor-by-tensor comparison of two safetensors
// files. On a new machine or device (`dinolens-cli golden --device cuda`) this is the proof that the forward pass is
// exact. Thread-safety: pure functions (the backbone sets LibTorch's thread count when `threads` > 0).

#include <filesystem>
#include <string>
#include <vector>

#include "dinolens/core/result.h"
#include "dinolens/inference/backbone.h"

namespace dinolens::inference {

struct TensorDifference {
    std::string name;
    double maxAbsDifference = 0.0; // +inf when only one file holds the tensor or the shapes differ
    std::string problem; // "missing in the first file", "shape [1, 2] vs [2, 1]", ...; empty when comparable
};

/// Every tensor name of either file, in name order, with its largest absolute difference (as float32).
/// Errors: those of SafetensorsFile::open and readFloat.
core::Result<std::vector<TensorDifference>> compareSafetensors(
    const std::filesystem::path& first, const std::filesystem::path& second);

struct GoldenCaseResult {
    std::string name;
    std::string model;
    std::vector<TensorDifference> outputs; // the reference file's tensors against ours
    double tolerance = 1e-5; // the manifest's suggested_tolerance.max_abs_diff
    bool passed() const;
};

/// Runs every case of `<folder>/manifest.json` on `options.device` and compares all its outputs (hidden states,
/// position tables) with the reference. Errors: NotFound (no manifest), InvalidFormat (manifest without cases),
/// those of loading a model or running it.
core::Result<std::vector<GoldenCaseResult>> runGoldenCases(
    const std::filesystem::path& folder, const BackboneOptions& options);

} // namespace dinolens::inference

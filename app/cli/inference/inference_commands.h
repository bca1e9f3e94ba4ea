#pragma once
// Model commands of dinolens-cli (built with the inference library): features, pca, similarity and
// bench backbone, plus the option handling they share. Qt-free and torch-free: only the inference public API.

#include <CLI/CLI.hpp>

#include <string>
#include <vector>

#include "dinolens/core/result.h"
#include "dinolens/inference/backbone.h"
#include "dinolens/inference/float_tensor.h"

namespace dinolens::app {

/// Options every model command takes.
struct ModelOptions {
    std::vector<std::string> model; // a snapshot folder, or config.json + weights.safetensors
    int threads = 0; // 0: one per core
    std::string device = "cpu";
    int size = 0; // image inputs: model input side (0: the processor's default, 224)
    bool greySlice = false; // image inputs: MRI path (grey, replicated to RGB) instead of the HF processor
};

void addModelOptions(CLI::App& command, ModelOptions& options);

/// Sets the thread count and loads the model named by the options.
core::Result<inference::Backbone> loadModel(const ModelOptions& options);

/// pixel_values for `input`: a .safetensors file's `pixel_values` as given, else an image preprocessed as the
/// model's Hugging Face processor does (at options.size when set).
core::Result<inference::FloatTensor> loadPixels(
    const std::string& input, const inference::Backbone& backbone, const ModelOptions& options);

void registerFeaturesCommand(CLI::App& app, int& exitCode);
void registerFeatureMapCommands(CLI::App& app, int& exitCode);
void registerBackboneBenchmark(CLI::App& bench, int& exitCode);
/// `golden` and `diff-tensors` (command_golden.cpp).
void registerGoldenCommands(CLI::App& app, int& exitCode);

} // namespace dinolens::app

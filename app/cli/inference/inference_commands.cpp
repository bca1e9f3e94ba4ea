#include "inference_commands.h"

#include <thread>

#include "cli_commands.h"
#include "dinolens/inference/model_registry.h"
#include "dinolens/inference/preprocess.h"
#include "dinolens/inference/safetensors.h"
#include "training_commands.h"

namespace dinolens::app {

using core::ErrorCode;
using core::makeError;

void addModelOptions(CLI::App& command, ModelOptions& options)
{
    command.add_option("--model", options.model, "Snapshot folder, or config.json weights.safetensors")
        ->required()
        ->expected(1, 2);
    command.add_option("--threads", options.threads, "Compute threads (0 = one per core)");
    command.add_option("--device", options.device, "cpu or cuda")->check(CLI::IsMember({ "cpu", "cuda" }));
    command.add_option("--size", options.size, "Image inputs: model input side in pixels (default 224)");
    command.add_flag("--grey", options.greySlice,
        "Image inputs: MRI slice path (first channel as grey, bilinear antialiased resize to --size, "
        "replicated to RGB, ImageNet normalisation)");
}

core::Result<inference::Backbone> loadModel(const ModelOptions& options)
{
    inference::BackboneOptions backboneOptions;
    backboneOptions.threads
        = options.threads > 0 ? options.threads : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    backboneOptions.device = options.device == "cuda" ? inference::ComputeDevice::Cuda : inference::ComputeDevice::Cpu;
    if (options.model.size() == 2) {
        return inference::Backbone::load(
            inference::ModelSource::fromFiles(options.model[0], options.model[1]), backboneOptions);
    }
    const std::string& name = options.model.front();
    if (!std::filesystem::exists(name)) {
        if (const inference::KnownCheckpoint* known = inference::findKnownCheckpoint(name)) {
            return makeError(ErrorCode::NotFound,
                "weights are not bundled; download the snapshot first from " + known->source
                    + " (licence: " + known->licence + ") and pass its folder",
                name);
        }
    }
    return inference::Backbone::load(inference::ModelSource::fromFolder(name), backboneOptions);
}

core::Result<inference::FloatTensor> loadPixels(
    const std::string& input, const inference::Backbone& backbone, const ModelOptions& options)
{
    if (std::filesystem::path(input).extension() == ".safetensors") {
        auto file = inference::SafetensorsFile::open(input);
        if (!file) {
            return file.error();
        }
        return file->readFloat("pixel_values");
    }
#ifndef DINOLENS_WITH_IMAGING
    (void)backbone, (void)options;
    return makeError(ErrorCode::UnsupportedFormat,
        "this build reads pixel_values from .safetensors files only (decoding images needs the full build)", input);
#else
    auto image = inference::loadRgbImage(input);
    if (!image) {
        return image.error();
    }
    if (options.greySlice) {
        const int64_t side = options.size > 0 ? options.size : 224;
        std::vector<uint8_t> grey(static_cast<size_t>(image->width * image->height));
        for (size_t i = 0; i < grey.size(); ++i) {
            grey[i] = image->pixels[i * 3];
        }
        return inference::preprocessGreySlice(grey.data(), image->width, image->height, side, side);
    }
    if (options.size <= 0) {
        return inference::preprocessForFamily(*image, backbone.config().family);
    }
    if (backbone.config().family == inference::BackboneFamily::Dinov2) {
        // Keep the processor's 256:224 resize-to-crop ratio at other sizes.
        return inference::preprocessDinov2(*image, options.size * 256 / 224, options.size);
    }
    return inference::preprocessDinov3(*image, options.size, options.size);
#endif
}

void registerInferenceCommands(CLI::App& app, CLI::App& bench, int& exitCode)
{
    registerFeaturesCommand(app, exitCode);
#ifdef DINOLENS_WITH_IMAGING
    registerFeatureMapCommands(app, exitCode);
#endif
    registerBackboneBenchmark(bench, exitCode);
    registerGoldenCommands(app, exitCode);
    registerTrainingCommands(app, bench, exitCode);
}

} // namespace dinolens::app

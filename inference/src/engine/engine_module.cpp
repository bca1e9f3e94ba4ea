// libdinolens_engine.so: this library and LibTorch behind the table of engine_module.h. Loaded by
// engine_module_loader.cpp the first time a program that links only the torch-free part (the viewer) runs a model;
// it exports nothing else.
#include "dinolens/inference/engine_module.h"

#include <utility>

namespace dinolens::inference {
namespace {

core::Result<std::shared_ptr<const SegmentationPredictor>> openPredictor(
    const std::filesystem::path& runDir, const PredictorOptions& options)
{
    auto predictor = SegmentationPredictor::open(runDir, options);
    if (!predictor) {
        return predictor.error();
    }
    return std::shared_ptr<const SegmentationPredictor>(
        std::make_shared<const SegmentationPredictor>(std::move(*predictor)));
}

const EngineModule kEngine {
    .abi = kEngineModuleAbi,
    .cudaAvailable = &cudaAvailable,
    .openPredictor = &openPredictor,
    .predictorConfig
    = [](const SegmentationPredictor& predictor) -> const TrainingConfig& { return predictor.config(); },
    .backboneLayers = [](const SegmentationPredictor& predictor) { return predictor.backboneLayers(); },
    .predict = [](const SegmentationPredictor& predictor, const uint8_t* grey, int width,
                   int height) { return predictor.predict(grey, width, height); },
    .predictBatch = [](const SegmentationPredictor& predictor, const std::vector<GreySliceView>& slices,
                        const BatchOptions& options) { return predictor.predictBatch(slices, options); },
    .segmentVolume
    = [](const SegmentationPredictor& predictor, const core::Volume& volume,
          const VolumeSegmentationOptions& options) { return segmentVolume(predictor, volume, options); },
    .trainSegmentationHead = &trainSegmentationHead,
};

} // namespace
} // namespace dinolens::inference

extern "C" __attribute__((visibility("default"))) const dinolens::inference::EngineModule* dinolens_engine_module()
{
    return &dinolens::inference::kEngine;
}

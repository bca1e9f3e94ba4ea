#pragma once
// The model engine as a module loaded on first use: libdinolens_engine.so holds this library with LibTorch, and
// hands its entry points to programs that must start without them (the viewer shows its window before LibTorch is
// loaded; core/program_module.h says where the module is looked for). Programs that always run a model (the
// command-line tool, the server) link the library itself and call the same functions directly.
// The table is built with its callers from this header; kEngineModuleAbi changes with any change of it, and
// loadEngineModule refuses a module of another version.
// Thread-safety: loadEngineModule may be called from any thread (the module loads once, the first caller waits);
// each entry point as its own function's documentation says.

#include <cstdint>
#include <filesystem>
#include <memory>
#include <vector>

#include "dinolens/core/result.h"
#include "dinolens/core/volume.h"
#include "dinolens/inference/segmentation_predictor.h"
#include "dinolens/inference/trainer.h"
#include "dinolens/inference/volume_segmentation.h"

namespace dinolens::inference {

inline constexpr int kEngineModuleAbi = 1;
inline constexpr const char* kEngineModuleEntry = "dinolens_engine_module";
inline constexpr const char* kEngineModuleName = "libdinolens_engine.so";

/// Each entry is the function of the same name (backbone.h, segmentation_predictor.h, volume_segmentation.h,
/// trainer.h); a predictor the module opened is used through the module's entries only.
struct EngineModule {
    int abi = kEngineModuleAbi;
    bool (*cudaAvailable)();
    core::Result<std::shared_ptr<const SegmentationPredictor>> (*openPredictor)(
        const std::filesystem::path& runDir, const PredictorOptions& options);
    const TrainingConfig& (*predictorConfig)(const SegmentationPredictor& predictor);
    int (*backboneLayers)(const SegmentationPredictor& predictor);
    core::Result<SlicePrediction> (*predict)(
        const SegmentationPredictor& predictor, const uint8_t* grey, int width, int height);
    core::Result<std::vector<SlicePrediction>> (*predictBatch)(
        const SegmentationPredictor& predictor, const std::vector<GreySliceView>& slices, const BatchOptions& options);
    core::Result<VolumeSegmentation> (*segmentVolume)(
        const SegmentationPredictor& predictor, const core::Volume& volume, const VolumeSegmentationOptions& options);
    core::Result<TrainingSummary> (*trainSegmentationHead)(
        const TrainingConfig& config, const std::filesystem::path& runDir, const TrainingOptions& options);
};

/// The loaded module's table. Errors: Internal when the module is not installed, cannot be loaded (a LibTorch
/// library missing: dlopen's message) or is of another DinoLens version; the same error on every later call.
core::Result<const EngineModule*> loadEngineModule();

} // namespace dinolens::inference

/// The module's one exported symbol (kEngineModuleEntry).
extern "C" const dinolens::inference::EngineModule* dinolens_engine_module();

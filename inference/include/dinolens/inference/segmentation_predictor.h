#pragma once
// A trained run (trainer.h) ready to segment slices: its backbone and head, in evaluation mode.
// Ownership: owns both networks; move-only. Thread-safety: predict() is const and may run concurrently.
// Units: masks are in the input's pixels (spacing copied from the caller, default 1 mm); class ids as in
// core/polygon_label.h.

#include <array>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <vector>

#include "dinolens/core/label_mask.h"
#include "dinolens/core/result.h"
#include "dinolens/inference/backbone.h"
#include "dinolens/inference/float_tensor.h"
#include "dinolens/inference/training_config.h"
#include "dinolens/inference/tumor_detection.h"

namespace dinolens::inference {

/// One slice of a batch: 8-bit grey, width x height, row-major. The caller keeps the buffer alive for the call.
struct GreySliceView {
    const uint8_t* grey = nullptr;
    int width = 0;
    int height = 0;
};

/// A slice's prediction with what a report needs besides the mask.
struct SlicePrediction {
    core::LabelMask mask; // empty (all background) when tumorPresent is false
    // Detection (tumor_detection.h): the slice's tumour score and whether it reaches the run's threshold.
    float tumorProbability = 0.0f;
    bool tumorPresent = false;
    // Per class id: mean softmax probability of the predicted class over the pixels given that class; 0 if none.
    std::array<float, 4> classConfidence {};
    FloatTensor patchGrid; // [gh, gw, D] normed patch tokens of the backbone (empty unless asked for)
    // Per pixel, before the detection decision (empty unless BatchOptions::withTumorMap): the tumour probability
    // 1 - p(background). Three-plane fusion (volume_segmentation.h) takes the median over the planes.
    std::vector<float> tumorMap;
};

/// How a run is opened: LibTorch's intra-op threads (> 0 sets them process-wide, 0 leaves the current setting) and
/// where the backbone runs (Cuda: on the GPU; the small head stays on the CPU).
struct PredictorOptions {
    int threads = 0;
    ComputeDevice device = ComputeDevice::Cpu;
};

/// What a batch returns besides the masks.
struct BatchOptions {
    bool withPatchGrid = false; // each slice's patch grid (feature maps)
    // Which grid: 0 the backbone's final, normed output (what the head sees), k >= 1 the residual stream after
    // transformer layer k (clamped to the layer count).
    int featureLayer = 0;
    bool withTumorMap = false; // each slice's tumorMap
};

class SegmentationPredictor {
public:
    /// Loads runDir's config.json and head.safetensors (else checkpoint.safetensors) and the backbone: the run's
    /// own trained one (runDir/backbone) when present, else the base model it names. runDir "demo" is the shipped
    /// demo model (model_folders.h).
    /// Errors: NotFound (no run there), InvalidFormat, and those of loadBaseModel (InvalidArgument: no CUDA).
    static core::Result<SegmentationPredictor> open(
        const std::filesystem::path& runDir, const PredictorOptions& options = {});

    SegmentationPredictor(SegmentationPredictor&&) noexcept;
    SegmentationPredictor& operator=(SegmentationPredictor&&) noexcept;
    ~SegmentationPredictor();

    const TrainingConfig& config() const;
    /// The run's detection threshold (detection.json, else the uncalibrated defaults).
    const DetectionSettings& detection() const;
    /// Replaces it (evaluate --calibrate scores with the new threshold).
    void setDetection(const DetectionSettings& settings);

    /// Segments an 8-bit grey slice (width x height, row-major) at the run's resolution; logits are upsampled
    /// to the slice's size before the argmax, and the mask is emptied when no tumour is found.
    /// Errors: InvalidArgument (empty), Internal.
    core::Result<SlicePrediction> predict(const uint8_t* grey, int width, int height) const;
    /// Reads an image file (colour is reduced to its first channel) and segments it. Errors: NotFound,
    /// InvalidFormat (undecodable), as predict.
    core::Result<SlicePrediction> predictFile(const std::filesystem::path& image) const;
    /// Segments several slices with one backbone forward pass (dynamic batching); results equal predict()'s.
    /// Errors: InvalidArgument (empty batch or slice), Internal.
    core::Result<std::vector<SlicePrediction>> predictBatch(
        const std::vector<GreySliceView>& slices, const BatchOptions& options = {}) const;
    /// Segments `count` slices already at the run's working resolution (config().resolution squared values each,
    /// grey in [0, 1], as training samples and packed datasets hold them: dataset_pack.h); masks at that resolution.
    /// Errors: InvalidArgument (empty), Internal.
    core::Result<std::vector<SlicePrediction>> predictResampled(const float* grey, int count) const;
    /// The backbone's transformer layer count (for choosing featureLayer).
    int backboneLayers() const;

    struct Impl;

private:
    explicit SegmentationPredictor(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> m_impl;
};

} // namespace dinolens::inference

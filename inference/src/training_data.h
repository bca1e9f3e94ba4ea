#pragma once
// Private: the training split decoded once: each usable image as grey values at the working resolution and its
// rasterised class mask. Torch-free.

#include <cstdint>
#include <string>
#include <vector>

#include "dinolens/core/progress.h"
#include "dinolens/core/result.h"
#include "dinolens/inference/float_tensor.h"
#include "dinolens/inference/trainer.h"

namespace dinolens::inference::detail {

struct TrainingSample {
    std::string stem;
    uint64_t imageHash = 0; // content hash of the image file
    std::vector<float> grey; // resolution^2 values in [0, 1], rows top to bottom
    std::vector<uint8_t> mask; // resolution^2 class ids
};

struct TrainingData {
    int resolution = 0;
    std::vector<TrainingSample> samples;
    TrainingDataReport report;
};

/// Lists, decodes and rasterises `config.split`. Unusable images and labels are skipped and counted.
/// Errors: those of listTumorSplit; InvalidFormat when no image is usable; Cancelled.
core::Result<TrainingData> loadTrainingData(
    const TrainingConfig& config, const core::CancelToken& cancel, const core::ProgressSink& progress);

/// Grey [0, 1] -> pixel_values as preprocess.h's MRI path produces them (3 channels, ImageNet-normalised).
/// `grey` holds count * side * side values; writes count * 3 * side * side into `pixels`.
void greyToPixelValues(const float* grey, int64_t count, int64_t side, float* pixels);

/// Decodes an image file to grey values at side x side (the first channel; preprocess.h's resize).
/// Errors: those of loadRgbImage and preprocessGreySlice.
core::Result<std::vector<float>> loadGreyImage(const std::string& path, int side);
/// As above from an 8-bit grey buffer.
core::Result<std::vector<float>> greyAtResolution(const uint8_t* values, int width, int height, int side);

} // namespace dinolens::inference::detail

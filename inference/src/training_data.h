#pragma once
// Private: the training split decoded once: each usable image as grey values at the working resolution and its
// rasterised class mask. Torch-free.

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "dinolens/core/progress.h"
#include "dinolens/core/result.h"
#include "dinolens/inference/float_tensor.h"
#include "dinolens/inference/trainer.h"

namespace dinolens::inference::detail {

struct TrainingSample {
    std::string stem;
    int dataset = 0; // index into TrainingConfig::datasets
    uint64_t imageHash = 0; // content hash of the image file (a volume slice: of its 8-bit grey values)
    uint64_t labelHash = 0; // content hash of the label file (a volume slice: of its class ids)
    std::vector<float> grey; // resolution^2 values in [0, 1], rows top to bottom
    std::vector<uint8_t> mask; // resolution^2 class ids
};

struct TrainingData {
    int resolution = 0;
    std::vector<TrainingSample> samples;
    TrainingDataReport report;
};

/// Lists, decodes and rasterises `config.split` of every dataset, in order (maxImages: the first N of the union).
/// Unusable images and labels of image datasets are skipped and counted; a volume dataset's entry that cannot be
/// used is an error naming it. Errors: those of listTumorSplit and readDatalist; InvalidFormat when no image is
/// usable or a label volume's shape differs from its image's; Cancelled.
core::Result<TrainingData> loadTrainingData(
    const TrainingConfig& config, const core::CancelToken& cancel, const core::ProgressSink& progress);

/// Appends one dataset's `config.split` to `data` (imaging build): a YOLO folder's usable images, or a datalist's
/// volume slices. Errors: as loadTrainingData.
core::Status appendDatasetSplit(const TrainingConfig& config, const std::filesystem::path& root, int datasetIndex,
    TrainingData& data, const core::CancelToken& cancel, const core::ProgressSink& progress);
/// Appends a packed dataset's `config.split` (dataset_pack.h), every sample as dataset `datasetIndex`. Errors: those
/// of SafetensorsFile::open; InvalidFormat (not a pack, or inconsistent); NotFound (no such split); InvalidArgument
/// (packed at another resolution, or with other slice planes, than `config` asks for).
core::Status appendPackedSplit(const TrainingConfig& config, const std::filesystem::path& pack, int datasetIndex,
    TrainingData& data, const core::CancelToken& cancel);
/// Folds a sample into a fingerprint of contents in order (TrainingDataReport::fingerprint).
uint64_t foldFingerprint(uint64_t fingerprint, const TrainingSample& sample);

/// Class ids of width x height -> side x side by nearest neighbour (pixel centres).
std::vector<uint8_t> resizeClassIds(const std::vector<uint8_t>& classes, int width, int height, int side);

/// Grey [0, 1] -> pixel_values as preprocess.h's MRI path produces them (3 channels, ImageNet-normalised).
/// `grey` holds count * side * side values; writes count * 3 * side * side into `pixels`.
void greyToPixelValues(const float* grey, int64_t count, int64_t side, float* pixels);

/// Decodes an image file to grey values at side x side (the first channel; preprocess.h's resize).
/// Errors: those of loadRgbImage and preprocessGreySlice.
core::Result<std::vector<float>> loadGreyImage(const std::string& path, int side);
/// As above from an 8-bit grey buffer.
core::Result<std::vector<float>> greyAtResolution(const uint8_t* values, int width, int height, int side);

} // namespace dinolens::inference::detail

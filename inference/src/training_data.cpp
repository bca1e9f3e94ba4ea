#include "training_data.h"

#include <algorithm>
#include <array>
#include <cmath>

#include "content_hash.h"
#include "dinolens/inference/dataset_pack.h"
#include "dinolens/inference/preprocess.h"
#include "dinolens/inference/segmentation_loss.h"
#include "volume_planes.h"

namespace dinolens::inference::detail {

using core::ErrorCode;
using core::makeError;

void greyToPixelValues(const float* grey, int64_t count, int64_t side, float* pixels)
{
    const int64_t plane = side * side;
    for (int64_t image = 0; image < count; ++image) {
        for (int64_t channel = 0; channel < 3; ++channel) {
            float* out = pixels + (image * 3 + channel) * plane;
            const float mean = kImageNetMean[channel];
            const float inverseStd = 1.0f / kImageNetStd[channel];
            for (int64_t i = 0; i < plane; ++i) {
                out[i] = (grey[image * plane + i] - mean) * inverseStd;
            }
        }
    }
}

core::Result<std::vector<float>> greyAtResolution(const uint8_t* values, int width, int height, int side)
{
    auto pixels = preprocessGreySlice(values, width, height, side, side);
    if (!pixels) {
        return pixels.error();
    }
    const size_t plane = static_cast<size_t>(side) * static_cast<size_t>(side);
    std::vector<float> grey(plane);
    for (size_t i = 0; i < plane; ++i) {
        grey[i] = pixels->data[i] * kImageNetStd[0] + kImageNetMean[0];
    }
    return grey;
}

std::vector<uint8_t> resizeClassIds(const std::vector<uint8_t>& classes, int width, int height, int side)
{
    std::vector<uint8_t> out(static_cast<size_t>(side) * static_cast<size_t>(side));
    for (int y = 0; y < side; ++y) {
        const int sy = std::min(height - 1, static_cast<int>((y + 0.5) * height / side));
        for (int x = 0; x < side; ++x) {
            const int sx = std::min(width - 1, static_cast<int>((x + 0.5) * width / side));
            out[static_cast<size_t>(y) * static_cast<size_t>(side) + static_cast<size_t>(x)]
                = classes[static_cast<size_t>(sy) * static_cast<size_t>(width) + static_cast<size_t>(sx)];
        }
    }
    return out;
}

uint64_t foldFingerprint(uint64_t fingerprint, const TrainingSample& sample)
{
    return combineHash(combineHash(fnv1a(sample.stem, fingerprint), sample.imageHash), sample.labelHash);
}

namespace {

core::Status appendUnpackedSplit(const TrainingConfig& config, const std::filesystem::path& root, int datasetIndex,
    TrainingData& data, const core::CancelToken& cancel, const core::ProgressSink& progress)
{
#ifdef DINOLENS_WITH_IMAGING
    return appendDatasetSplit(config, root, datasetIndex, data, cancel, progress);
#else
    (void)datasetIndex, (void)data, (void)cancel, (void)progress;
    return makeError(ErrorCode::UnsupportedFormat,
        "this build reads only packed datasets (.safetensors, written by `dinolens-cli pack` on a full build) for "
            + std::string("the \"") + config.split + "\" split",
        root.string());
#endif
}

} // namespace

core::Result<TrainingData> loadTrainingData(
    const TrainingConfig& config, const core::CancelToken& cancel, const core::ProgressSink& progress)
{
    if (config.datasets.empty()) {
        return makeError(ErrorCode::InvalidArgument, "no dataset given");
    }
    TrainingData data;
    data.resolution = config.resolution;
    TrainingDataReport& report = data.report;
    report.fingerprint = kFnvOffset;
    for (size_t d = 0; d < config.datasets.size(); ++d) {
        const std::filesystem::path& root = config.datasets[d].root;
        const auto status = isDatasetPack(root)
            ? appendPackedSplit(config, root, static_cast<int>(d), data, cancel)
            : appendUnpackedSplit(config, root, static_cast<int>(d), data, cancel, progress);
        if (!status) {
            return status.error();
        }
    }
    if (config.maxImages > 0 && data.samples.size() > static_cast<size_t>(config.maxImages)) {
        data.samples.resize(static_cast<size_t>(config.maxImages));
    }
    for (const TrainingSample& sample : data.samples) {
        for (uint8_t id : sample.mask) {
            ++report.pixelCounts[id < 4 ? id : 0];
        }
        if (std::none_of(sample.mask.begin(), sample.mask.end(), [](uint8_t id) { return id != 0; })) {
            ++report.imagesWithoutTumour;
        }
    }
    report.images = static_cast<int>(data.samples.size());
    if (data.samples.empty()) {
        return makeError(ErrorCode::InvalidFormat,
            "no usable labelled image: " + std::to_string(report.missingLabels) + " without a label file (do the "
                + "labels/ names match the images/ names?), " + std::to_string(report.invalidLabels)
                + " unreadable labels, " + std::to_string(report.undecodableImages) + " undecodable images",
            describeDatasets(config) + " (" + config.split + ")");
    }
    std::vector<int64_t> counts(report.pixelCounts.begin(), report.pixelCounts.end());
    report.classWeights = classWeightsFromCounts(counts);
    return data;
}

} // namespace dinolens::inference::detail

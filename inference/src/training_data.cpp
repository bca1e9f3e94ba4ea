#include "training_data.h"

#include "content_hash.h"
#include "dinolens/core/tumor_dataset.h"
#include "dinolens/inference/preprocess.h"
#include "dinolens/inference/segmentation_loss.h"

namespace dinolens::inference::detail {

using core::ErrorCode;
using core::makeError;

namespace {

constexpr size_t kMaxMessages = 200;

void note(TrainingDataReport& report, std::string message)
{
    if (report.messages.size() < kMaxMessages) {
        report.messages.push_back(std::move(message));
    }
}

core::Result<std::vector<uint8_t>> loadMask(
    const core::TumorSample& sample, int side, TrainingDataReport& report, uint64_t& labelHash)
{
    if (!sample.labelPath) {
        ++report.missingLabels;
        return makeError(ErrorCode::NotFound, "no label file", sample.imagePath.string());
    }
    auto label = core::readPolygonLabel(*sample.labelPath);
    if (!label) {
        ++report.invalidLabels;
        return label.error();
    }
    for (const core::LabelProblem& problem : label->problems) {
        if (problem.skipsPolygon()) {
            ++report.skippedPolygons;
            note(report, problem.message);
        }
    }
    labelHash = fnv1a(readFileBytes(*sample.labelPath).value_or(std::string()));
    auto mask = core::rasterizePolygons(label->polygons, side, side);
    if (!mask) {
        return mask.error();
    }
    return std::move(mask->labels);
}

} // namespace

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

core::Result<std::vector<float>> loadGreyImage(const std::string& path, int side)
{
    auto image = loadRgbImage(path);
    if (!image) {
        return image.error();
    }
    std::vector<uint8_t> first(static_cast<size_t>(image->width * image->height));
    for (size_t i = 0; i < first.size(); ++i) {
        first[i] = image->pixels[3 * i];
    }
    return greyAtResolution(first.data(), static_cast<int>(image->width), static_cast<int>(image->height), side);
}

core::Result<TrainingData> loadTrainingData(
    const TrainingConfig& config, const core::CancelToken& cancel, const core::ProgressSink& progress)
{
    auto split = core::listTumorSplit(config.dataRoot, config.split);
    if (!split) {
        return split.error();
    }
    TrainingData data;
    data.resolution = config.resolution;
    TrainingDataReport& report = data.report;
    std::vector<core::TumorSample> samples = split->samples;
    if (config.maxImages > 0 && samples.size() > static_cast<size_t>(config.maxImages)) {
        samples.resize(static_cast<size_t>(config.maxImages));
    }
    report.fingerprint = kFnvOffset;
    for (size_t index = 0; index < samples.size(); ++index) {
        if (cancel.isCancelled()) {
            return makeError(ErrorCode::Cancelled, "cancelled while reading the data");
        }
        const core::TumorSample& sample = samples[index];
        uint64_t labelHash = 0;
        auto mask = loadMask(sample, config.resolution, report, labelHash);
        if (!mask) {
            note(report, mask.error().toString());
            continue;
        }
        const auto bytes = readFileBytes(sample.imagePath);
        auto grey = loadGreyImage(sample.imagePath.string(), config.resolution);
        if (!bytes || !grey) {
            ++report.undecodableImages;
            note(report, grey ? sample.imagePath.string() + ": unreadable" : grey.error().toString());
            continue;
        }
        TrainingSample& usable = data.samples.emplace_back();
        usable.stem = sample.stem;
        usable.imageHash = fnv1a(*bytes);
        usable.grey = std::move(*grey);
        usable.mask = std::move(*mask);
        for (uint8_t id : usable.mask) {
            ++report.pixelCounts[id < 4 ? id : 0];
        }
        report.fingerprint
            = combineHash(combineHash(fnv1a(usable.stem, report.fingerprint), usable.imageHash), labelHash);
        if (progress) {
            progress(static_cast<long long>(index + 1), static_cast<long long>(samples.size()), "reading images");
        }
    }
    report.images = static_cast<int>(data.samples.size());
    if (data.samples.empty()) {
        return makeError(ErrorCode::InvalidFormat,
            "no usable labelled image: " + std::to_string(samples.size()) + " images, "
                + std::to_string(report.missingLabels) + " without a label file (do the labels/ names "
                + "match the images/ names?), " + std::to_string(report.invalidLabels) + " unreadable labels, "
                + std::to_string(report.undecodableImages) + " undecodable images",
            (config.dataRoot / config.split).string());
    }
    std::vector<int64_t> counts(report.pixelCounts.begin(), report.pixelCounts.end());
    report.classWeights = classWeightsFromCounts(counts);
    return data;
}

} // namespace dinolens::inference::detail

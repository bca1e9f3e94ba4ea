// The training samples of the datasets the imaging build reads: YOLO folders (images decoded by core, polygons
// rasterised) and datalists of volumes (every acquired slice, and optionally the reformatted planes).
#include <algorithm>
#include <array>
#include <cmath>

#include "content_hash.h"
#include "dinolens/core/datalist.h"
#include "dinolens/core/datalist_case.h"
#include "dinolens/core/study_reader.h"
#include "dinolens/core/tumor_dataset.h"
#include "dinolens/core/windowing.h"
#include "training_data.h"
#include "volume_planes.h"

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

// Appends one YOLO split's usable images to `data`.
core::Status appendImageSplit(const TrainingConfig& config, const std::filesystem::path& root, int datasetIndex,
    TrainingData& data, const core::CancelToken& cancel, const core::ProgressSink& progress)
{
    auto split = core::listTumorSplit(root, config.split);
    if (!split) {
        return split.error();
    }
    TrainingDataReport& report = data.report;
    std::vector<core::TumorSample> samples = split->samples;
    if (config.maxImages > 0) {
        const size_t room = static_cast<size_t>(config.maxImages)
            - std::min(data.samples.size(), static_cast<size_t>(config.maxImages));
        samples.resize(std::min(samples.size(), room));
    }
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
        usable.dataset = datasetIndex;
        usable.imageHash = fnv1a(*bytes);
        usable.labelHash = labelHash;
        usable.grey = std::move(*grey);
        usable.mask = std::move(*mask);
        report.fingerprint = foldFingerprint(report.fingerprint, usable);
        if (progress) {
            progress(static_cast<long long>(index + 1), static_cast<long long>(samples.size()), "reading images");
        }
    }
    return core::okStatus();
}

// Resamples a width x height slice with pixels of spacingX x spacingY mm onto a square canvas of pixels as fine as
// its finer spacing, centred and padded with 0: the anatomy keeps its physical aspect when the canvas is resized to
// the working resolution. Grey values are interpolated bilinearly, class ids taken from the nearest pixel.
std::vector<uint8_t> physicalSquare(const std::vector<uint8_t>& slice, int width, int height, double spacingX,
    double spacingY, bool classIds, int& side)
{
    // A header's spacing is untrusted: a zero, negative or non-finite one counts as 1 mm.
    const auto usable = [](double mm) { return std::isfinite(mm) && mm > 0.0 && mm < 1e4 ? mm : 1.0; };
    spacingX = usable(spacingX);
    spacingY = usable(spacingY);
    const double pixel = std::min(spacingX, spacingY);
    const double extentX = width * spacingX / pixel;
    const double extentY = height * spacingY / pixel;
    side = std::clamp(static_cast<int>(std::ceil(std::max(extentX, extentY) - 1e-6)), 1, 4096);
    const double offsetX = (side - extentX) / 2.0;
    const double offsetY = (side - extentY) / 2.0;
    const auto value = [&](int x, int y) {
        return slice[static_cast<size_t>(std::clamp(y, 0, height - 1)) * static_cast<size_t>(width)
            + static_cast<size_t>(std::clamp(x, 0, width - 1))];
    };
    std::vector<uint8_t> canvas(static_cast<size_t>(side) * static_cast<size_t>(side), 0);
    for (int v = 0; v < side; ++v) {
        const double inY = v + 0.5 - offsetY;
        for (int u = 0; u < side; ++u) {
            const double inX = u + 0.5 - offsetX;
            if (inX < 0.0 || inY < 0.0 || inX >= extentX || inY >= extentY) {
                continue;
            }
            const double x = inX * pixel / spacingX - 0.5;
            const double y = inY * pixel / spacingY - 0.5;
            uint8_t& out = canvas[static_cast<size_t>(v) * static_cast<size_t>(side) + static_cast<size_t>(u)];
            if (classIds) {
                out = value(static_cast<int>(std::floor(x + 0.5)), static_cast<int>(std::floor(y + 0.5)));
                continue;
            }
            const int x0 = static_cast<int>(std::floor(x));
            const int y0 = static_cast<int>(std::floor(y));
            const double fx = x - x0;
            const double fy = y - y0;
            const double top = value(x0, y0) * (1.0 - fx) + value(x0 + 1, y0) * fx;
            const double bottom = value(x0, y0 + 1) * (1.0 - fx) + value(x0 + 1, y0 + 1) * fx;
            out = static_cast<uint8_t>(std::lround(top * (1.0 - fy) + bottom * fy));
        }
    }
    return canvas;
}

// Appends one training sample made of a slice's 8-bit grey values and class ids (width x height).
core::Status appendSlice(const TrainingConfig& config, std::string stem, int datasetIndex, std::vector<uint8_t> grey8,
    std::vector<uint8_t> classes, int width, int height, TrainingData& data)
{
    auto grey = greyAtResolution(grey8.data(), width, height, config.resolution);
    if (!grey) {
        return grey.error();
    }
    const size_t plane = grey8.size();
    TrainingSample& usable = data.samples.emplace_back();
    usable.stem = std::move(stem);
    usable.dataset = datasetIndex;
    usable.imageHash = fnv1a(grey8.data(), grey8.size(), combineHash(kFnvOffset, plane));
    usable.labelHash = fnv1a(classes.data(), plane);
    usable.grey = std::move(*grey);
    usable.mask = resizeClassIds(classes, width, height, config.resolution);
    data.report.fingerprint = foldFingerprint(data.report.fingerprint, usable);
    return core::okStatus();
}

// Appends the slices of one datalist entry (image and label volume) to `data`: every acquired slice, and with
// config.slicePlanes "all" every slice of the two reformatted planes at its physical aspect.
core::Status appendVolumeSlices(const TrainingConfig& config, const core::Datalist& datalist,
    const core::DatalistEntry& entry, int datasetIndex, TrainingData& data)
{
    auto loaded = core::loadDatalistCase(datalist, entry);
    if (!loaded) {
        return loaded.error();
    }
    const core::Volume& image = loaded->image;
    const core::WindowLevel window = core::defaultWindow(image);
    std::vector<uint8_t> voxels;
    voxels.reserve(image.sliceVoxelCount() * static_cast<size_t>(image.dims[2]));
    for (int k = 0; k < image.dims[2]; ++k) {
        auto grey8 = core::windowSlice(image, k, window);
        if (!grey8) {
            return grey8.error();
        }
        voxels.insert(voxels.end(), grey8->begin(), grey8->end());
    }
    const std::vector<uint8_t>& labels = loaded->label.labels;
    const std::array<int, 3>& dims = image.dims;
    for (int k = 0; k < dims[2]; ++k) { // the acquired plane, as inference sees it
        if (auto status = appendSlice(config, entry.name + " slice " + std::to_string(k), datasetIndex,
                volumeSlice(voxels, dims, 2, k), volumeSlice(labels, dims, 2, k), dims[0], dims[1], data);
            !status) {
            return status;
        }
    }
    if (config.slicePlanes != "all") {
        return core::okStatus();
    }
    for (const int axis : { 1, 0 }) {
        const int columns = axis == 0 ? dims[1] : dims[0];
        const double spacingX = axis == 0 ? image.spacing[1] : image.spacing[0];
        const double spacingZ = image.spacing[2];
        for (int index = 0; index < dims[axis]; ++index) {
            int side = 0;
            auto grey8 = physicalSquare(
                volumeSlice(voxels, dims, axis, index), columns, dims[2], spacingX, spacingZ, false, side);
            auto classes = physicalSquare(
                volumeSlice(labels, dims, axis, index), columns, dims[2], spacingX, spacingZ, true, side);
            const std::string stem = entry.name + (axis == 1 ? " reformat j " : " reformat i ") + std::to_string(index);
            if (auto status
                = appendSlice(config, stem, datasetIndex, std::move(grey8), std::move(classes), side, side, data);
                !status) {
                return status;
            }
        }
    }
    return core::okStatus();
}

core::Status appendVolumeSplit(const TrainingConfig& config, const std::filesystem::path& file, int datasetIndex,
    TrainingData& data, const core::CancelToken& cancel, const core::ProgressSink& progress)
{
    auto datalist = core::readDatalist(file, config.split);
    if (!datalist) {
        return datalist.error();
    }
    for (size_t index = 0; index < datalist->entries.size(); ++index) {
        if (config.maxImages > 0 && data.samples.size() >= static_cast<size_t>(config.maxImages)) {
            break;
        }
        if (cancel.isCancelled()) {
            return makeError(ErrorCode::Cancelled, "cancelled while reading the data");
        }
        if (auto status = appendVolumeSlices(config, *datalist, datalist->entries[index], datasetIndex, data);
            !status) {
            return status;
        }
        if (progress) {
            progress(
                static_cast<long long>(index + 1), static_cast<long long>(datalist->entries.size()), "reading volumes");
        }
    }
    return core::okStatus();
}

} // namespace

core::Status appendDatasetSplit(const TrainingConfig& config, const std::filesystem::path& root, int datasetIndex,
    TrainingData& data, const core::CancelToken& cancel, const core::ProgressSink& progress)
{
    return core::isDatalistFile(root) ? appendVolumeSplit(config, root, datasetIndex, data, cancel, progress)
                                      : appendImageSplit(config, root, datasetIndex, data, cancel, progress);
}

} // namespace dinolens::inference::detail

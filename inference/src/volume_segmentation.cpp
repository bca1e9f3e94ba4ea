// Whole-volume segmentation: windowed slices through the predictor in batches (volume_segmentation.h).
#include "dinolens/inference/volume_segmentation.h"

#include <algorithm>

#include "dinolens/core/windowing.h"

namespace dinolens::inference {

using core::ErrorCode;
using core::makeError;

core::Result<VolumeSegmentation> segmentVolume(
    const SegmentationPredictor& predictor, const core::Volume& volume, const VolumeSegmentationOptions& options)
{
    if (volume.empty()) {
        return makeError(ErrorCode::InvalidArgument, "the volume is empty");
    }
    if (options.batch < 1) {
        return makeError(ErrorCode::InvalidArgument, "the batch size must be at least 1");
    }
    const int width = volume.dims[0];
    const int height = volume.dims[1];
    const int depth = volume.dims[2];
    const size_t plane = volume.sliceVoxelCount();
    VolumeSegmentation result;
    result.mask = core::LabelMask::zeros(width, height, depth);
    result.mask.spacing = volume.spacing;
    result.sliceProbabilities.assign(static_cast<size_t>(depth), 0.0f);
    const core::WindowLevel window = core::defaultWindow(volume);
    std::vector<std::vector<uint8_t>> grey;
    std::vector<GreySliceView> views;
    if (options.progress) {
        options.progress(0, depth, "segmenting");
    }
    for (int first = 0; first < depth; first += options.batch) {
        if (options.cancel.isCancelled()) {
            return makeError(ErrorCode::Cancelled, "segmentation cancelled");
        }
        const int last = std::min(depth, first + options.batch);
        grey.clear();
        views.clear();
        for (int k = first; k < last; ++k) {
            auto slice = core::windowSlice(volume, k, window);
            if (!slice) {
                return slice.error();
            }
            grey.push_back(std::move(*slice));
        }
        for (const std::vector<uint8_t>& slice : grey) {
            views.push_back({ slice.data(), width, height });
        }
        auto predictions = predictor.predictBatch(views);
        if (!predictions) {
            return predictions.error();
        }
        for (int k = first; k < last; ++k) {
            const SlicePrediction& prediction = (*predictions)[static_cast<size_t>(k - first)];
            if (prediction.mask.labels.size() != plane) {
                return makeError(ErrorCode::Internal, "a slice's mask does not match the slice's size");
            }
            std::copy(prediction.mask.labels.begin(), prediction.mask.labels.end(),
                result.mask.labels.begin() + static_cast<std::ptrdiff_t>(plane * static_cast<size_t>(k)));
            result.sliceProbabilities[static_cast<size_t>(k)] = prediction.tumorProbability;
            result.tumorProbability = std::max(result.tumorProbability, prediction.tumorProbability);
            result.tumorPresent = result.tumorPresent || prediction.tumorPresent;
        }
        if (options.progress) {
            options.progress(last, depth, "segmenting");
        }
    }
    return result;
}

} // namespace dinolens::inference

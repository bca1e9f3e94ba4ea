// Whole-volume segmentation: windowed slices through the predictor in batches, in the acquired plane or fused over
// all three (volume_segmentation.h).
#include "dinolens/inference/volume_segmentation.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <functional>
#include <new>

#include "dinolens/core/detection_metrics.h"
#include "dinolens/core/windowing.h"
#include "volume_planes.h"

namespace dinolens::inference {

using core::ErrorCode;
using core::makeError;

namespace {

using SliceSource = std::function<core::Result<std::vector<uint8_t>>(int index)>;
using SliceSink = std::function<void(int index, const SlicePrediction& prediction)>;

// Every slice along `axis` (`source` gives it, windowed) through the predictor, `batch` at a time; `done` counts
// slices across planes for the progress sink.
core::Status runPlane(const SliceBatchPredictor& predictor, const SliceSource& source, const std::array<int, 3>& dims,
    int axis, const VolumeSegmentationOptions& options, bool withTumorMap, long long& done, long long total,
    const SliceSink& sink)
{
    const detail::PlaneShape shape = detail::planeShape(dims, axis);
    const size_t pixels = static_cast<size_t>(shape.columns) * static_cast<size_t>(shape.rows);
    std::vector<std::vector<uint8_t>> slices;
    std::vector<GreySliceView> views;
    for (int first = 0; first < dims[static_cast<size_t>(axis)]; first += options.batch) {
        if (options.cancel.isCancelled()) {
            return makeError(ErrorCode::Cancelled, "segmentation cancelled");
        }
        const int last = std::min(dims[static_cast<size_t>(axis)], first + options.batch);
        slices.clear();
        views.clear();
        for (int index = first; index < last; ++index) {
            auto slice = source(index);
            if (!slice) {
                return slice.error();
            }
            slices.push_back(std::move(*slice));
        }
        for (const std::vector<uint8_t>& slice : slices) {
            views.push_back({ slice.data(), shape.columns, shape.rows });
        }
        auto predictions = predictor(views, withTumorMap);
        if (!predictions) {
            return predictions.error();
        }
        if (predictions->size() != views.size()) {
            return makeError(ErrorCode::Internal, "a batch of slices was not answered slice for slice");
        }
        for (int index = first; index < last; ++index) {
            const SlicePrediction& prediction = (*predictions)[static_cast<size_t>(index - first)];
            if (prediction.mask.labels.size() != pixels || (withTumorMap && prediction.tumorMap.size() != pixels)) {
                return makeError(ErrorCode::Internal, "a slice's mask does not match the slice's size");
            }
            sink(index, prediction);
        }
        done += last - first;
        if (options.progress) {
            options.progress(done, total, "segmenting");
        }
    }
    return core::okStatus();
}

// Per voxel, what one reformatted plane answered: its tumour probability and its mask's class id.
struct PlaneAnswer {
    std::vector<float> tumor;
    std::vector<uint8_t> classes;
};

float median3(float a, float b, float c)
{
    return std::max(std::min(a, b), std::min(std::max(a, b), c));
}

// The class at least two planes give (a tumour class), or 0; between different tumour classes, the one most planes
// give, and on a tie the class of the plane with the highest tumour probability.
uint8_t fusedClass(const std::array<uint8_t, 3>& classes, const std::array<float, 3>& tumor)
{
    int votes = 0;
    for (const uint8_t id : classes) {
        votes += id != 0 ? 1 : 0;
    }
    if (votes < 2) {
        return 0;
    }
    for (size_t a = 0; a < 3; ++a) {
        for (size_t b = a + 1; b < 3; ++b) {
            if (classes[a] != 0 && classes[a] == classes[b]) {
                return classes[a];
            }
        }
    }
    size_t best = 3;
    for (size_t p = 0; p < 3; ++p) {
        if (classes[p] != 0 && (best == 3 || tumor[p] > tumor[best])) {
            best = p;
        }
    }
    return classes[best];
}

// Acquired slice k fused with the two reformatted planes' answers at the same voxels; writes the slice into
// result.mask (emptied unless the slice is positive) and its score.
void fuseSlice(int k, const SlicePrediction& acquired, const std::array<PlaneAnswer, 2>& reformatted,
    const DetectionSettings& detection, std::vector<float>& fused, VolumeSegmentation& result)
{
    const size_t plane = acquired.tumorMap.size();
    const size_t offset = plane * static_cast<size_t>(k);
    const auto labels = result.mask.labels.begin() + static_cast<std::ptrdiff_t>(offset);
    bool labelled = false;
    for (size_t i = 0; i < plane; ++i) {
        const size_t v = offset + i;
        const std::array<float, 3> tumor { acquired.tumorMap[i], reformatted[0].tumor[v], reformatted[1].tumor[v] };
        fused[i] = median3(tumor[0], tumor[1], tumor[2]);
        const uint8_t id
            = fusedClass({ acquired.mask.labels[i], reformatted[0].classes[v], reformatted[1].classes[v] }, tumor);
        labels[static_cast<std::ptrdiff_t>(i)] = id;
        labelled = labelled || id != 0;
    }
    const float score = core::tumorScore(fused.data(), plane, detection.minLesionFraction);
    result.sliceProbabilities[static_cast<size_t>(k)] = score;
    result.tumorProbability = std::max(result.tumorProbability, score);
    // A slice is positive when its fused score reaches the threshold and at least two planes agree on a voxel.
    if (score >= detection.threshold && labelled) {
        result.tumorPresent = true;
    } else {
        std::fill_n(labels, plane, uint8_t { 0 });
    }
}

} // namespace

core::Result<VolumeSegmentation> segmentVolume(
    const SegmentationPredictor& predictor, const core::Volume& volume, const VolumeSegmentationOptions& options)
{
    const SliceBatchPredictor predict = [&predictor](const std::vector<GreySliceView>& slices, bool withTumorMap) {
        return predictor.predictBatch(slices, { .withTumorMap = withTumorMap });
    };
    return segmentVolume(predict, predictor.detection(), volume, options);
}

core::Result<VolumeSegmentation> segmentVolume(const SliceBatchPredictor& predictor, const DetectionSettings& detection,
    const core::Volume& volume, const VolumeSegmentationOptions& options)
{
    if (volume.empty()) {
        return makeError(ErrorCode::InvalidArgument, "the volume is empty");
    }
    if (options.batch < 1) {
        return makeError(ErrorCode::InvalidArgument, "the batch size must be at least 1");
    }
    const std::array<int, 3> dims = volume.dims;
    const int depth = dims[2];
    const size_t plane = volume.sliceVoxelCount();
    const bool three = (options.planes == SlicePlanes::Three && hasReformattedPlanes(volume))
        || (options.planes == SlicePlanes::Auto && suitsThreePlanes(volume));
    // Slices windowed as the viewer and training window them.
    const core::WindowLevel window = core::defaultWindow(volume);
    const SliceSource acquiredSlice = [&](int k) { return core::windowSlice(volume, k, window); };
    VolumeSegmentation result;
    result.mask = core::LabelMask::zeros(dims[0], dims[1], depth);
    result.mask.spacing = volume.spacing;
    result.sliceProbabilities.assign(static_cast<size_t>(depth), 0.0f);
    result.threePlanes = three;
    const long long total = three ? static_cast<long long>(dims[0]) + dims[1] + depth : depth;
    long long done = 0;
    if (options.progress) {
        options.progress(0, total, "segmenting");
    }
    if (!three) {
        auto status = runPlane(predictor, acquiredSlice, dims, 2, options, false, done, total,
            [&](int k, const SlicePrediction& prediction) {
                std::copy(prediction.mask.labels.begin(), prediction.mask.labels.end(),
                    result.mask.labels.begin() + static_cast<std::ptrdiff_t>(plane * static_cast<size_t>(k)));
                result.sliceProbabilities[static_cast<size_t>(k)] = prediction.tumorProbability;
                result.tumorProbability = std::max(result.tumorProbability, prediction.tumorProbability);
                result.tumorPresent = result.tumorPresent || prediction.tumorPresent;
            });
        if (!status) {
            return status.error();
        }
        return result;
    }
    // The reformatted planes need the whole windowed volume (one byte a voxel) and keep their answers (five bytes a
    // voxel each); the acquired plane comes last and each of its slices is fused as it arrives.
    const size_t voxels = plane * static_cast<size_t>(depth);
    std::vector<uint8_t> grey;
    std::array<PlaneAnswer, 2> reformatted;
    try {
        grey.reserve(voxels);
        for (PlaneAnswer& answer : reformatted) {
            answer.tumor.assign(voxels, 0.0f);
            answer.classes.assign(voxels, 0);
        }
    } catch (const std::bad_alloc&) {
        return makeError(ErrorCode::TooLarge,
            "not enough memory to fuse the three planes of this volume (11 bytes a voxel); segment the acquired "
            "plane only (--planes acquired)");
    }
    for (int k = 0; k < depth; ++k) {
        auto slice = acquiredSlice(k);
        if (!slice) {
            return slice.error();
        }
        grey.insert(grey.end(), slice->begin(), slice->end());
    }
    for (const int axis : { 1, 0 }) {
        PlaneAnswer& answer = reformatted[static_cast<size_t>(1 - axis)];
        const detail::PlaneShape shape = detail::planeShape(dims, axis);
        const SliceSource reformattedSlice = [&](int index) -> core::Result<std::vector<uint8_t>> {
            return detail::volumeSlice(grey, dims, axis, index);
        };
        auto status = runPlane(predictor, reformattedSlice, dims, axis, options, true, done, total,
            [&](int index, const SlicePrediction& prediction) {
                for (int row = 0; row < shape.rows; ++row) {
                    for (int column = 0; column < shape.columns; ++column) {
                        const size_t pixel = static_cast<size_t>(row) * static_cast<size_t>(shape.columns)
                            + static_cast<size_t>(column);
                        const size_t voxel = detail::planeVoxelIndex(dims, axis, index, column, row);
                        answer.tumor[voxel] = prediction.tumorMap[pixel];
                        answer.classes[voxel] = prediction.mask.labels[pixel];
                    }
                }
            });
        if (!status) {
            return status.error();
        }
    }
    grey = {};
    std::vector<float> fused(plane);
    auto status = runPlane(
        predictor, acquiredSlice, dims, 2, options, true, done, total, [&](int k, const SlicePrediction& prediction) {
            fuseSlice(k, prediction, reformatted, detection, fused, result);
        });
    if (!status) {
        return status.error();
    }
    return result;
}

} // namespace dinolens::inference

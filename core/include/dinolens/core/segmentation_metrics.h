#pragma once
// Overlap metrics between a ground-truth and a predicted label mask (class ids as in polygon_label.h: 0
// background, 1 glioma, 2 meningioma, 3 pituitary), their summary over a set of images, and the tumour-type
// confusion matrix. Surface distances are in hausdorff_distance.h.
//
// Conventions:
// - Dice = 2|T n P| / (|T| + |P|), IoU = |T n P| / |T u P|, counted in voxels (spacing does not matter).
// - Ids above 3 belong to no per-class score but count as tumour in tumorOverlap (any id > 0).
// - Both masks empty for the class: Dice = IoU = 1 (a correct "no tumour"), flagged by bothEmpty so callers
//   can leave such cases out of per-class means. One empty and the other not: 0.
// - Summaries use the sample standard deviation (divisor n - 1); std is NaN for n < 2. NaN inputs (undefined
//   metrics such as an HD95 with one empty mask) are skipped and counted.
// Ownership: plain values. Thread-safety: pure functions; TumorConfusionMatrix is a value (no shared state).

#include <array>
#include <cstdint>
#include <span>
#include <vector>

#include "dinolens/core/label_mask.h"
#include "dinolens/core/polygon_label.h"
#include "dinolens/core/result.h"

namespace dinolens::core {

struct OverlapScore {
    double dice = 1.0;
    double iou = 1.0;
    bool bothEmpty = true;
    std::int64_t truthVoxels = 0;
    std::int64_t predictedVoxels = 0;
    std::int64_t intersectionVoxels = 0;
};

/// Dice and IoU for every class id 0..kTumorClassCount-1 (index = class id; index 0 is the background).
/// Errors: InvalidArgument when the masks are invalid or differ in dims.
Result<std::array<OverlapScore, kTumorClassCount>> perClassOverlap(const LabelMask& truth, const LabelMask& predicted);

/// Dice and IoU of "any tumour" (class id > 0) in both masks.
Result<OverlapScore> tumorOverlap(const LabelMask& truth, const LabelMask& predicted);

struct MetricSummary {
    double mean = 0.0; // NaN when no finite value
    double std = 0.0; // sample standard deviation (n - 1); NaN when count < 2
    int count = 0; // finite values used
    int skipped = 0; // NaN values left out
};

MetricSummary summarizeMetric(std::span<const double> values);

/// The class with the most voxels among 1..3 (ties go to the lower id); 0 when the mask has no tumour voxel.
int dominantTumorClass(const LabelMask& mask);

/// Image-level tumour type: counts[truth][predicted], with row/column 0 meaning no tumour ("none").
class TumorConfusionMatrix {
public:
    /// Counts one image; ids outside 0..3 are ignored and return false.
    bool add(int truthClass, int predictedClass);
    /// Counts dominantTumorClass of both masks.
    void add(const LabelMask& truth, const LabelMask& predicted);

    int count(int truthClass, int predictedClass) const;
    int total() const;
    /// Fraction of images on the diagonal; NaN when empty.
    double accuracy() const;
    const std::array<std::array<int, kTumorClassCount>, kTumorClassCount>& counts() const { return m_counts; }

private:
    std::array<std::array<int, kTumorClassCount>, kTumorClassCount> m_counts {};
};

} // namespace dinolens::core

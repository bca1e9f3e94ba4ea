#pragma once
// Hausdorff distances between the surfaces of a ground-truth and a predicted mask, in millimetres, with the
// (possibly anisotropic) spacing of the masks.
//
// Definition: the surface of a mask is its boundary voxels, those of the structure with at least one face
// neighbour (4-neighbourhood in 2-D, 6 in 3-D) outside it or outside the image. Distances are between voxel
// centres. HD95 is symmetric as in MONAI and DeepMind's surface-distance: max(P95(d(T->P)), P95(d(P->T))), where
// d(A->B) are the distances from each surface voxel of A to the nearest surface voxel of B and P95 is the 95th
// percentile with linear interpolation (numpy's default). The maximum is the classic Hausdorff distance.
//
// Empty masks are explicit: both empty -> status BothEmpty and distances 0 (perfect agreement); one empty ->
// TruthEmpty or PredictionEmpty with NaN distances (undefined; summarizeMetric skips NaN).
//
// Method: an exact Euclidean distance transform (Felzenszwalb-Huttenlocher lower envelope, one pass per axis,
// each weighted by its spacing) of the other mask's surface, restricted to the bounding box of both structures,
// which contains every surface voxel and therefore every nearest neighbour. Linear in the box size; it is exact
// for anisotropic 2-D and 3-D grids, where cv::distanceTransform is 2-D only and approximate for anisotropy.
// Ownership: plain values. Thread-safety: pure function.

#include <cstdint>
#include <optional>

#include "dinolens/core/label_mask.h"
#include "dinolens/core/result.h"

namespace dinolens::core {

enum class SurfaceDistanceStatus { Defined, BothEmpty, TruthEmpty, PredictionEmpty };

struct HausdorffDistance {
    SurfaceDistanceStatus status = SurfaceDistanceStatus::BothEmpty;
    double hd95Mm = 0.0; // symmetric 95th-percentile Hausdorff distance
    double maximumMm = 0.0; // classic (100th-percentile) Hausdorff distance
    bool isDefined() const
    {
        return status == SurfaceDistanceStatus::Defined || status == SurfaceDistanceStatus::BothEmpty;
    }
};

/// Distances between the structures `classId` of both masks, or any tumour (class id > 0) when classId is
/// nullopt. The spacing is the masks' (LabelMask::spacing, mm). Errors: InvalidArgument when a mask is
/// invalid, the dims differ, a spacing is not positive, or the two spacings differ.
Result<HausdorffDistance> hausdorffDistance(
    const LabelMask& truth, const LabelMask& predicted, std::optional<std::uint8_t> classId = std::nullopt);

} // namespace dinolens::core

#pragma once
// Lesions of a 3-D label mask and their measurements: the connected components of each tumour class
// (26-connectivity: voxels sharing a face, an edge or a corner are one lesion), each with its volume, centroid
// and the RANO bidimensional measurement.
//
// Units: millimetres and millilitres, from the mask's spacing; positions are patient LPS through the geometry
// (MaskGeometry, nifti_writer.h: voxel (i, j, k) is at origin + direction * diag(spacing) * (i, j, k)).
// Diameters are in the acquired slice plane (axial for an axial series), measured on the slice where their product
// (RANO's bidimensional product) is largest: the longest diameter is the largest distance between two of its voxels,
// plus one voxel's extent along that direction (edge to edge, as a caliper on the image measures); the perpendicular is
// the longest chord of the lesion at a right angle to it, measured the same way. Thread-safety: pure functions.

#include <array>
#include <cstdint>
#include <vector>

#include "dinolens/core/label_mask.h"
#include "dinolens/core/nifti_writer.h"
#include "dinolens/core/result.h"

namespace dinolens::core {

struct LesionMeasurement {
    int classId = 0; // tumour class (polygon_label.h)
    std::int64_t voxels = 0;
    double volumeMl = 0.0;
    Vec3 centroidLps { 0.0, 0.0, 0.0 }; // mm, the mean position of its voxels
    double longestDiameterMm = 0.0; // in-plane, on slice `diameterSlice`
    double perpendicularDiameterMm = 0.0; // the longest chord perpendicular to it, same slice
    int diameterSlice = 0; // k of the slice measured
    int firstSlice = 0; // k range the lesion spans (inclusive)
    int lastSlice = 0;
};

/// The lesions of every class > 0, largest first. Errors: InvalidArgument (an invalid mask, a spacing not
/// positive).
Result<std::vector<LesionMeasurement>> measureLesions(const LabelMask& mask, const MaskGeometry& geometry = {});

/// Millilitres per class id (index 0 is the background) of a mask.
std::array<double, 4> classVolumesMl(const LabelMask& mask);

} // namespace dinolens::core

#pragma once
// Reslicing a volume's voxel grid into axial, coronal or sagittal planes, toolkit-free.
//
// Each view picks the voxel axis closest to its anatomical normal (the assignment of the three voxel axes to
// L, P, S that maximises alignment, so oblique data still gets three distinct axes) and orients the picture in
// the radiological convention: axial and coronal show the patient's left on screen right; axial has anterior at
// the top, coronal and sagittal superior at the top, sagittal anterior on the left.
// Coordinates: plane pixel (x, y) with x to the right and y down; `voxelOf` gives voxel indices (i, j, k);
// directions are patient LPS (core::Volume's convention), spacing in millimetres.
// Ownership: plain values. Thread-safety: pure functions over a const Volume.

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "dinolens/core/label_mask.h"
#include "dinolens/core/volume.h"

namespace dinolens::ui {

enum class ViewAxis { Axial = 0, Coronal = 1, Sagittal = 2 };
inline constexpr std::array<ViewAxis, 3> kViewAxes { ViewAxis::Axial, ViewAxis::Coronal, ViewAxis::Sagittal };

const char* viewAxisName(ViewAxis axis);

struct SlicePlane {
    int columnAxis = 0; // voxel axis (0 i, 1 j, 2 k) running along screen x
    int rowAxis = 1; // voxel axis running down screen y
    int sliceAxis = 2; // voxel axis across the plane (scrolled through)
    bool flipColumns = false; // screen x runs against the voxel axis
    bool flipRows = false;
    std::array<int, 3> dims { 0, 0, 0 }; // the volume's dims

    int width() const { return dims[static_cast<std::size_t>(columnAxis)]; }
    int height() const { return dims[static_cast<std::size_t>(rowAxis)]; }
    int sliceCount() const { return dims[static_cast<std::size_t>(sliceAxis)]; }

    /// Voxel index (i, j, k) of plane pixel (x, y) on slice `slice`.
    std::array<int, 3> voxelOf(int x, int y, int slice) const;
    /// Plane pixel (x, y) of a voxel, as doubles so that continuous positions map too.
    std::array<double, 2> pixelOf(const std::array<double, 3>& voxel) const;
    /// Voxel position (continuous) of a continuous plane position (pixel centres at integer values).
    std::array<double, 3> voxelAt(double x, double y, int slice) const;
};

/// The plane of `axis` for a volume (uses its dims and direction).
SlicePlane slicePlane(const core::Volume& volume, ViewAxis axis);

/// Pixel spacing (mm) along screen x and y.
std::array<double, 2> planeSpacing(const core::Volume& volume, const SlicePlane& plane);

/// Orientation letters at the left, right, top and bottom edges of the plane, from the LPS direction
/// (e.g. {"R", "L", "A", "P"} for a standard axial view). Oblique directions give two letters, major first.
std::array<std::string, 4> edgeLetters(const core::Volume& volume, const SlicePlane& plane);

/// Real-world values of one plane, row-major (x fastest), width() * height() floats.
std::vector<float> resliceValues(const core::Volume& volume, const SlicePlane& plane, int slice);

/// Class ids of one plane of a mask with the volume's dims; empty when the mask does not match the plane's dims.
std::vector<std::uint8_t> resliceLabels(const core::LabelMask& mask, const SlicePlane& plane, int slice);

} // namespace dinolens::ui

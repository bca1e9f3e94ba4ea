#pragma once
// The three orthogonal planes of a volume as 2-D slices, the same way for training (reformatted planes) and for
// segmentation (three-plane fusion). Axis 2 gives the acquired slice (columns i, rows j); axis 1 gives columns i
// and rows k; axis 0 gives columns j and rows k. In the two reformatted planes rows run from the last k down, so
// that a stack acquired from feet to head shows the head on top.
// Thread-safety: pure functions.

#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace dinolens::inference::detail {

struct PlaneShape {
    int columns = 0;
    int rows = 0;
};

/// Columns and rows of a slice along `axis` of a volume of `dims`.
PlaneShape planeShape(const std::array<int, 3>& dims, int axis);

/// Index (i + dims[0] * (j + dims[1] * k)) of the voxel shown at (column, row) of slice `index` along `axis`.
std::size_t planeVoxelIndex(const std::array<int, 3>& dims, int axis, int index, int column, int row);

/// Slice `index` along `axis` of a byte volume of `dims` (i fastest), row-major.
std::vector<uint8_t> volumeSlice(
    const std::vector<uint8_t>& voxels, const std::array<int, 3>& dims, int axis, int index);

} // namespace dinolens::inference::detail

// Slices of a volume along each of its three voxel axes (volume_planes.h).
#include "volume_planes.h"

namespace dinolens::inference::detail {

PlaneShape planeShape(const std::array<int, 3>& dims, int axis)
{
    return { axis == 0 ? dims[1] : dims[0], axis == 2 ? dims[1] : dims[2] };
}

std::size_t planeVoxelIndex(const std::array<int, 3>& dims, int axis, int index, int column, int row)
{
    const int rows = planeShape(dims, axis).rows;
    const auto r = static_cast<std::size_t>(axis == 2 ? row : rows - 1 - row);
    const auto c = static_cast<std::size_t>(column);
    const auto n = static_cast<std::size_t>(index);
    const auto width = static_cast<std::size_t>(dims[0]);
    const auto height = static_cast<std::size_t>(dims[1]);
    return axis == 2 ? c + width * (r + height * n)
        : axis == 1  ? c + width * (n + height * r)
                     : n + width * (c + height * r);
}

std::vector<uint8_t> volumeSlice(
    const std::vector<uint8_t>& voxels, const std::array<int, 3>& dims, int axis, int index)
{
    const PlaneShape shape = planeShape(dims, axis);
    std::vector<uint8_t> slice(static_cast<std::size_t>(shape.columns) * static_cast<std::size_t>(shape.rows));
    for (int row = 0; row < shape.rows; ++row) {
        for (int column = 0; column < shape.columns; ++column) {
            slice[static_cast<std::size_t>(row) * static_cast<std::size_t>(shape.columns)
                + static_cast<std::size_t>(column)]
                = voxels[planeVoxelIndex(dims, axis, index, column, row)];
        }
    }
    return slice;
}

} // namespace dinolens::inference::detail

#include "dinolens/ui/slice_plane.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace dinolens::ui {
namespace {

using Axis3 = std::array<int, 3>;

double component(const core::Volume& volume, int lpsRow, int voxelAxis)
{
    return volume.direction[static_cast<std::size_t>(lpsRow * 3 + voxelAxis)];
}

// anatomical[a] = voxel axis best aligned with LPS axis a (0 L, 1 P, 2 S); a permutation.
Axis3 anatomicalAxes(const core::Volume& volume)
{
    Axis3 perm { 0, 1, 2 };
    Axis3 best = perm;
    double bestScore = -1.0;
    do {
        double score = 0.0;
        for (int a = 0; a < 3; ++a) {
            score += std::abs(component(volume, a, perm[static_cast<std::size_t>(a)]));
        }
        if (score > bestScore + 1e-9) {
            bestScore = score;
            best = perm;
        }
    } while (std::next_permutation(perm.begin(), perm.end()));
    return best;
}

// Screen-x and screen-down targets per view: {LPS axis, +1 when the screen direction is the positive LPS direction}.
struct ViewSpec {
    int columnLps;
    int columnSign;
    int rowLps;
    int rowSign;
    int sliceLps;
};

ViewSpec viewSpec(ViewAxis axis)
{
    switch (axis) {
    case ViewAxis::Axial:
        return { 0, +1, 1, +1, 2 }; // right = L, down = P
    case ViewAxis::Coronal:
        return { 0, +1, 2, -1, 1 }; // right = L, down = I
    case ViewAxis::Sagittal:
        return { 1, +1, 2, -1, 0 }; // right = P, down = I
    }
    return { 0, +1, 1, +1, 2 };
}

std::string letterOf(double l, double p, double s)
{
    const std::array<double, 3> v { l, p, s };
    const std::array<const char*, 3> positive { "L", "P", "S" };
    const std::array<const char*, 3> negative { "R", "A", "I" };
    std::array<std::size_t, 3> order { 0, 1, 2 };
    std::sort(
        order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return std::abs(v[a]) > std::abs(v[b]); });
    std::string letters;
    for (std::size_t n = 0; n < 2; ++n) {
        const std::size_t a = order[n];
        if (n == 0 || std::abs(v[a]) > 0.3) {
            letters += v[a] >= 0 ? positive[a] : negative[a];
        }
    }
    return letters;
}

} // namespace

const char* viewAxisName(ViewAxis axis)
{
    switch (axis) {
    case ViewAxis::Axial:
        return "Axial";
    case ViewAxis::Coronal:
        return "Coronal";
    case ViewAxis::Sagittal:
        return "Sagittal";
    }
    return "?";
}

std::array<int, 3> SlicePlane::voxelOf(int x, int y, int slice) const
{
    std::array<int, 3> voxel {};
    voxel[static_cast<std::size_t>(columnAxis)] = flipColumns ? width() - 1 - x : x;
    voxel[static_cast<std::size_t>(rowAxis)] = flipRows ? height() - 1 - y : y;
    voxel[static_cast<std::size_t>(sliceAxis)] = slice;
    return voxel;
}

std::array<double, 2> SlicePlane::pixelOf(const std::array<double, 3>& voxel) const
{
    const double c = voxel[static_cast<std::size_t>(columnAxis)];
    const double r = voxel[static_cast<std::size_t>(rowAxis)];
    return { flipColumns ? width() - 1 - c : c, flipRows ? height() - 1 - r : r };
}

std::array<double, 3> SlicePlane::voxelAt(double x, double y, int slice) const
{
    std::array<double, 3> voxel {};
    voxel[static_cast<std::size_t>(columnAxis)] = flipColumns ? width() - 1 - x : x;
    voxel[static_cast<std::size_t>(rowAxis)] = flipRows ? height() - 1 - y : y;
    voxel[static_cast<std::size_t>(sliceAxis)] = slice;
    return voxel;
}

SlicePlane slicePlane(const core::Volume& volume, ViewAxis axis)
{
    const Axis3 anatomical = anatomicalAxes(volume);
    const ViewSpec spec = viewSpec(axis);
    SlicePlane plane;
    plane.dims = volume.dims;
    plane.columnAxis = anatomical[static_cast<std::size_t>(spec.columnLps)];
    plane.rowAxis = anatomical[static_cast<std::size_t>(spec.rowLps)];
    plane.sliceAxis = anatomical[static_cast<std::size_t>(spec.sliceLps)];
    plane.flipColumns = component(volume, spec.columnLps, plane.columnAxis) * spec.columnSign < 0;
    plane.flipRows = component(volume, spec.rowLps, plane.rowAxis) * spec.rowSign < 0;
    return plane;
}

std::array<double, 2> planeSpacing(const core::Volume& volume, const SlicePlane& plane)
{
    return { volume.spacing[static_cast<std::size_t>(plane.columnAxis)],
        volume.spacing[static_cast<std::size_t>(plane.rowAxis)] };
}

std::array<std::string, 4> edgeLetters(const core::Volume& volume, const SlicePlane& plane)
{
    const auto direction = [&](int voxelAxis, bool flip) {
        const double sign = flip ? -1.0 : 1.0;
        return std::array<double, 3> { sign * component(volume, 0, voxelAxis), sign * component(volume, 1, voxelAxis),
            sign * component(volume, 2, voxelAxis) };
    };
    const auto x = direction(plane.columnAxis, plane.flipColumns);
    const auto y = direction(plane.rowAxis, plane.flipRows);
    return { letterOf(-x[0], -x[1], -x[2]), letterOf(x[0], x[1], x[2]), letterOf(-y[0], -y[1], -y[2]),
        letterOf(y[0], y[1], y[2]) };
}

namespace {

using Strides = std::array<std::ptrdiff_t, 3>;

// The linear voxel index of plane pixel (x, y) is affine in x: first + x * step (step may be negative), so each
// row is walked with one addition per pixel instead of a full coordinate mapping.
struct RowWalk {
    std::ptrdiff_t first = 0;
    std::ptrdiff_t step = 0;
};

RowWalk rowWalk(const SlicePlane& plane, const Strides& strides, int y, int slice)
{
    const auto index = [&](int x) {
        const auto v = plane.voxelOf(x, y, slice);
        return v[0] * strides[0] + v[1] * strides[1] + v[2] * strides[2];
    };
    const std::ptrdiff_t first = index(0);
    return { first, plane.width() > 1 ? index(1) - first : 0 };
}

Strides stridesOf(const std::array<int, 3>& dims)
{
    return { 1, static_cast<std::ptrdiff_t>(dims[0]), static_cast<std::ptrdiff_t>(dims[0]) * dims[1] };
}

template <typename Stored, typename Out, typename Convert>
void reslice(
    const Stored* stored, const SlicePlane& plane, const Strides& strides, int slice, Out* out, Convert convert)
{
    const int w = plane.width();
    for (int y = 0; y < plane.height(); ++y) {
        const RowWalk walk = rowWalk(plane, strides, y, slice);
        Out* row = out + static_cast<std::size_t>(y) * static_cast<std::size_t>(w);
        std::ptrdiff_t index = walk.first;
        for (int x = 0; x < w; ++x, index += walk.step) {
            row[x] = convert(stored[index]);
        }
    }
}

} // namespace

std::vector<float> resliceValues(const core::Volume& volume, const SlicePlane& plane, int slice)
{
    const int w = plane.width();
    const int h = plane.height();
    std::vector<float> out(static_cast<std::size_t>(w) * static_cast<std::size_t>(h));
    if (volume.empty() || slice < 0 || slice >= plane.sliceCount()) {
        return out;
    }
    const Strides strides = stridesOf(volume.dims);
    const double slope = volume.rescaleSlope;
    const double intercept = volume.rescaleIntercept;
    // The same arithmetic as core::Volume::value: stored * slope + intercept in double, then float.
    const auto convert = [slope, intercept](auto stored) {
        return static_cast<float>(static_cast<double>(stored) * slope + intercept);
    };
    switch (volume.pixelType) {
    case core::PixelType::Int16:
        reslice(volume.as<std::int16_t>().data(), plane, strides, slice, out.data(), convert);
        break;
    case core::PixelType::UInt16:
        reslice(volume.as<std::uint16_t>().data(), plane, strides, slice, out.data(), convert);
        break;
    case core::PixelType::Float32:
        reslice(volume.as<float>().data(), plane, strides, slice, out.data(), convert);
        break;
    }
    return out;
}

std::vector<std::uint8_t> resliceLabels(const core::LabelMask& mask, const SlicePlane& plane, int slice)
{
    if (!mask.isValid() || mask.dims != plane.dims || slice < 0 || slice >= plane.sliceCount()) {
        return {};
    }
    std::vector<std::uint8_t> out(static_cast<std::size_t>(plane.width()) * static_cast<std::size_t>(plane.height()));
    reslice(mask.labels.data(), plane, stridesOf(mask.dims), slice, out.data(), [](std::uint8_t id) { return id; });
    return out;
}

} // namespace dinolens::ui

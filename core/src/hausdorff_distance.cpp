#include "dinolens/core/hausdorff_distance.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <limits>
#include <string>
#include <vector>

namespace dinolens::core {

namespace {

constexpr double kInfinity = std::numeric_limits<double>::infinity();
constexpr double kPercentile = 95.0;

using Dims = std::array<int, 3>;

std::size_t linearIndex(const Dims& dims, int i, int j, int k)
{
    return static_cast<std::size_t>(i)
        + static_cast<std::size_t>(dims[0])
        * (static_cast<std::size_t>(j) + static_cast<std::size_t>(dims[1]) * static_cast<std::size_t>(k));
}

// Surface voxels of the structure: inside, with a face neighbour outside it or outside the grid (only along
// axes longer than one voxel, so that every pixel of a 2-D mask is not a surface pixel).
std::vector<std::uint8_t> surfaceOf(const LabelMask& mask, std::optional<std::uint8_t> classId, std::size_t& count)
{
    const Dims& d = mask.dims;
    const auto inside = [&](int i, int j, int k) {
        const std::uint8_t label = mask.labels[linearIndex(d, i, j, k)];
        return classId ? label == *classId : label > 0;
    };
    const auto outsideAt = [&](int i, int j, int k, int axis, int step) {
        std::array<int, 3> p { i, j, k };
        p[static_cast<std::size_t>(axis)] += step;
        const int n = d[static_cast<std::size_t>(axis)];
        if (p[static_cast<std::size_t>(axis)] < 0 || p[static_cast<std::size_t>(axis)] >= n) {
            return n > 1;
        }
        return !inside(p[0], p[1], p[2]);
    };
    std::vector<std::uint8_t> surface(mask.voxelCount(), 0);
    count = 0;
    for (int k = 0; k < d[2]; ++k) {
        for (int j = 0; j < d[1]; ++j) {
            for (int i = 0; i < d[0]; ++i) {
                if (!inside(i, j, k)) {
                    continue;
                }
                bool onSurface = false;
                for (int axis = 0; axis < 3 && !onSurface; ++axis) {
                    onSurface = outsideAt(i, j, k, axis, -1) || outsideAt(i, j, k, axis, 1);
                }
                if (onSurface) {
                    surface[linearIndex(d, i, j, k)] = 1;
                    ++count;
                }
            }
        }
    }
    return surface;
}

struct Box {
    Dims low { 0, 0, 0 };
    Dims size { 0, 0, 0 };
};

Box boundingBox(const Dims& dims, const std::vector<std::uint8_t>& a, const std::vector<std::uint8_t>& b)
{
    Dims low = dims;
    Dims high { -1, -1, -1 };
    for (int k = 0; k < dims[2]; ++k) {
        for (int j = 0; j < dims[1]; ++j) {
            for (int i = 0; i < dims[0]; ++i) {
                const std::size_t index = linearIndex(dims, i, j, k);
                if (a[index] != 0 || b[index] != 0) {
                    const Dims p { i, j, k };
                    for (std::size_t axis = 0; axis < 3; ++axis) {
                        low[axis] = std::min(low[axis], p[axis]);
                        high[axis] = std::max(high[axis], p[axis]);
                    }
                }
            }
        }
    }
    Box box;
    box.low = low;
    for (std::size_t axis = 0; axis < 3; ++axis) {
        box.size[axis] = high[axis] - low[axis] + 1;
    }
    return box;
}

// Squared distance transform of one line (Felzenszwalb & Huttenlocher 2012), samples `spacing` mm apart:
// out[q] = min_p ((q - p) * spacing)^2 + f[p]. Lines without a finite sample stay infinite.
void transformLine(
    const std::vector<double>& f, double spacing, std::vector<double>& out, std::vector<int>& v, std::vector<double>& z)
{
    const int n = static_cast<int>(f.size());
    int k = -1;
    for (int q = 0; q < n; ++q) {
        if (f[static_cast<std::size_t>(q)] == kInfinity) {
            continue;
        }
        const double xq = q * spacing;
        const double fq = f[static_cast<std::size_t>(q)] + xq * xq;
        double s = -kInfinity;
        while (k >= 0) {
            const double xp = v[static_cast<std::size_t>(k)] * spacing;
            s = (fq - (f[static_cast<std::size_t>(v[static_cast<std::size_t>(k)])] + xp * xp)) / (2.0 * (xq - xp));
            if (s > z[static_cast<std::size_t>(k)]) {
                break;
            }
            --k;
        }
        ++k;
        v[static_cast<std::size_t>(k)] = q;
        z[static_cast<std::size_t>(k)] = k == 0 ? -kInfinity : s;
        z[static_cast<std::size_t>(k) + 1] = kInfinity;
    }
    if (k < 0) {
        std::fill(out.begin(), out.end(), kInfinity);
        return;
    }
    k = 0;
    for (int q = 0; q < n; ++q) {
        const double x = q * spacing;
        while (z[static_cast<std::size_t>(k) + 1] < x) {
            ++k;
        }
        const int p = v[static_cast<std::size_t>(k)];
        out[static_cast<std::size_t>(q)] = (x - p * spacing) * (x - p * spacing) + f[static_cast<std::size_t>(p)];
    }
}

// Squared Euclidean distance (mm^2) from every voxel of the box to the nearest feature voxel, one separable
// pass per axis.
std::vector<double> squaredDistanceMap(
    const std::vector<std::uint8_t>& feature, const Dims& dims, const Box& box, const std::array<double, 3>& spacing)
{
    const Dims& s = box.size;
    std::vector<double> map(
        static_cast<std::size_t>(s[0]) * static_cast<std::size_t>(s[1]) * static_cast<std::size_t>(s[2]));
    for (int k = 0; k < s[2]; ++k) {
        for (int j = 0; j < s[1]; ++j) {
            for (int i = 0; i < s[0]; ++i) {
                const bool on = feature[linearIndex(dims, i + box.low[0], j + box.low[1], k + box.low[2])] != 0;
                map[linearIndex(s, i, j, k)] = on ? 0.0 : kInfinity;
            }
        }
    }
    for (std::size_t axis = 0; axis < 3; ++axis) {
        const int n = s[axis];
        if (n < 2) {
            continue;
        }
        const std::size_t stride
            = axis == 0 ? 1 : (axis == 1 ? static_cast<std::size_t>(s[0]) : static_cast<std::size_t>(s[0]) * s[1]);
        std::vector<double> line(static_cast<std::size_t>(n));
        std::vector<double> out(static_cast<std::size_t>(n));
        std::vector<int> v(static_cast<std::size_t>(n));
        std::vector<double> z(static_cast<std::size_t>(n) + 1);
        const std::size_t length = static_cast<std::size_t>(n);
        for (std::size_t lineIndex = 0; lineIndex < map.size() / length; ++lineIndex) {
            // Voxel index = inner + stride * (q + length * outer), with inner < stride.
            const std::size_t start = lineIndex % stride + (lineIndex / stride) * stride * length;
            for (int q = 0; q < n; ++q) {
                line[static_cast<std::size_t>(q)] = map[start + static_cast<std::size_t>(q) * stride];
            }
            transformLine(line, spacing[axis], out, v, z);
            for (int q = 0; q < n; ++q) {
                map[start + static_cast<std::size_t>(q) * stride] = out[static_cast<std::size_t>(q)];
            }
        }
    }
    return map;
}

// Distances (mm) from every surface voxel of `from` to the nearest surface voxel of `to`.
std::vector<double> directedDistances(const std::vector<std::uint8_t>& from, const std::vector<std::uint8_t>& to,
    const Dims& dims, const Box& box, const std::array<double, 3>& spacing)
{
    const std::vector<double> map = squaredDistanceMap(to, dims, box, spacing);
    std::vector<double> distances;
    for (int k = 0; k < box.size[2]; ++k) {
        for (int j = 0; j < box.size[1]; ++j) {
            for (int i = 0; i < box.size[0]; ++i) {
                if (from[linearIndex(dims, i + box.low[0], j + box.low[1], k + box.low[2])] != 0) {
                    distances.push_back(std::sqrt(map[linearIndex(box.size, i, j, k)]));
                }
            }
        }
    }
    return distances;
}

// numpy.percentile's default: linear interpolation between the two nearest ranks.
double percentileOf(std::vector<double> values, double percentile)
{
    std::sort(values.begin(), values.end());
    const double position = percentile / 100.0 * static_cast<double>(values.size() - 1);
    const auto below = static_cast<std::size_t>(std::floor(position));
    const std::size_t above = std::min(below + 1, values.size() - 1);
    return values[below] + (position - static_cast<double>(below)) * (values[above] - values[below]);
}

Status checkInputs(const LabelMask& truth, const LabelMask& predicted)
{
    if (!truth.isValid() || !predicted.isValid()) {
        return makeError(ErrorCode::InvalidArgument, "a label mask is empty or its buffer does not match its dims");
    }
    if (truth.dims != predicted.dims) {
        return makeError(ErrorCode::InvalidArgument, "the masks differ in size");
    }
    for (std::size_t axis = 0; axis < 3; ++axis) {
        if (!(truth.spacing[axis] > 0.0) || !std::isfinite(truth.spacing[axis])) {
            return makeError(ErrorCode::InvalidArgument, "spacing must be positive and finite (mm)");
        }
        if (std::abs(truth.spacing[axis] - predicted.spacing[axis]) > 1e-6 * truth.spacing[axis]) {
            return makeError(
                ErrorCode::InvalidArgument, "the masks differ in spacing along axis " + std::to_string(axis));
        }
    }
    return okStatus();
}

} // namespace

Result<HausdorffDistance> hausdorffDistance(
    const LabelMask& truth, const LabelMask& predicted, std::optional<std::uint8_t> classId)
{
    if (auto status = checkInputs(truth, predicted); !status) {
        return status.error();
    }
    std::size_t truthCount = 0;
    std::size_t predictedCount = 0;
    const std::vector<std::uint8_t> truthSurface = surfaceOf(truth, classId, truthCount);
    const std::vector<std::uint8_t> predictedSurface = surfaceOf(predicted, classId, predictedCount);
    HausdorffDistance result;
    if (truthCount == 0 || predictedCount == 0) {
        const double value = truthCount == predictedCount ? 0.0 : std::numeric_limits<double>::quiet_NaN();
        result.status = truthCount == predictedCount ? SurfaceDistanceStatus::BothEmpty
            : truthCount == 0                        ? SurfaceDistanceStatus::TruthEmpty
                                                     : SurfaceDistanceStatus::PredictionEmpty;
        result.hd95Mm = value;
        result.maximumMm = value;
        return result;
    }
    const Box box = boundingBox(truth.dims, truthSurface, predictedSurface);
    const std::vector<double> truthToPrediction
        = directedDistances(truthSurface, predictedSurface, truth.dims, box, truth.spacing);
    const std::vector<double> predictionToTruth
        = directedDistances(predictedSurface, truthSurface, truth.dims, box, truth.spacing);
    result.status = SurfaceDistanceStatus::Defined;
    result.hd95Mm
        = std::max(percentileOf(truthToPrediction, kPercentile), percentileOf(predictionToTruth, kPercentile));
    result.maximumMm = std::max(*std::max_element(truthToPrediction.begin(), truthToPrediction.end()),
        *std::max_element(predictionToTruth.begin(), predictionToTruth.end()));
    return result;
}

} // namespace dinolens::core

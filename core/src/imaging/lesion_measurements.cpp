#include "dinolens/core/lesion_measurements.h"

#include <algorithm>
#include <cmath>
#include <map>

#include <opencv2/imgproc.hpp>

namespace dinolens::core {
namespace {

struct SliceDiameters {
    double longest = 0.0;
    double perpendicular = 0.0;
};

// Edge-to-edge extent of one voxel along the in-plane unit direction (ux, uy).
double voxelExtent(double ux, double uy, double sx, double sy)
{
    return std::abs(ux) * sx + std::abs(uy) * sy;
}

// RANO diameters of the in-plane pixels (i, j) of one lesion on one slice.
SliceDiameters sliceDiameters(const std::vector<cv::Point>& pixels, double sx, double sy)
{
    std::vector<cv::Point2d> points;
    points.reserve(pixels.size());
    for (const cv::Point& p : pixels) {
        points.emplace_back(p.x * sx, p.y * sy);
    }
    std::vector<cv::Point2d> hull;
    if (points.size() >= 3) {
        std::vector<cv::Point2f> asFloat(points.begin(), points.end());
        std::vector<cv::Point2f> hullFloat;
        cv::convexHull(asFloat, hullFloat);
        hull.assign(hullFloat.begin(), hullFloat.end());
    } else {
        hull = points;
    }
    // The farthest pair of voxel centres lies on the convex hull.
    double best = 0.0;
    cv::Point2d direction(1.0, 0.0);
    for (size_t a = 0; a < hull.size(); ++a) {
        for (size_t b = a + 1; b < hull.size(); ++b) {
            const cv::Point2d d = hull[b] - hull[a];
            const double length = std::hypot(d.x, d.y);
            if (length > best) {
                best = length;
                direction = d / length;
            }
        }
    }
    SliceDiameters result;
    result.longest = best + voxelExtent(direction.x, direction.y, sx, sy);
    // Longest chord perpendicular to the diameter: group the voxels by their position along the diameter (bins
    // of the finer spacing) and take the largest spread across it within one group.
    const cv::Point2d across(-direction.y, direction.x);
    const double bin = std::min(sx, sy);
    std::map<long, std::pair<double, double>> spread;
    for (const cv::Point2d& p : points) {
        const long key = std::lround(p.dot(direction) / bin);
        const double s = p.dot(across);
        auto [it, inserted] = spread.try_emplace(key, s, s);
        if (!inserted) {
            it->second.first = std::min(it->second.first, s);
            it->second.second = std::max(it->second.second, s);
        }
    }
    double chord = 0.0;
    for (const auto& [key, range] : spread) {
        chord = std::max(chord, range.second - range.first);
    }
    result.perpendicular = chord + voxelExtent(across.x, across.y, sx, sy);
    return result;
}

} // namespace

std::array<double, 4> classVolumesMl(const LabelMask& mask)
{
    std::array<std::int64_t, 4> counts {};
    for (const std::uint8_t label : mask.labels) {
        ++counts[std::min<std::uint8_t>(label, 3)];
    }
    const double voxelMl = mask.spacing[0] * mask.spacing[1] * mask.spacing[2] / 1000.0;
    std::array<double, 4> volumes {};
    for (size_t c = 0; c < 4; ++c) {
        volumes[c] = static_cast<double>(counts[c]) * voxelMl;
    }
    return volumes;
}

Result<std::vector<LesionMeasurement>> measureLesions(const LabelMask& mask, const MaskGeometry& geometry)
{
    if (!mask.isValid()) {
        return makeError(ErrorCode::InvalidArgument, "the mask is empty or its buffer does not match its size");
    }
    if (!(mask.spacing[0] > 0.0 && mask.spacing[1] > 0.0 && mask.spacing[2] > 0.0)) {
        return makeError(ErrorCode::InvalidArgument, "the mask's spacing must be positive");
    }
    const int w = mask.dims[0];
    const int h = mask.dims[1];
    const int d = mask.dims[2];
    const double voxelMl = mask.spacing[0] * mask.spacing[1] * mask.spacing[2] / 1000.0;
    std::vector<std::int32_t> component(mask.labels.size(), -1);
    std::vector<LesionMeasurement> lesions;
    std::vector<size_t> stack;
    std::vector<size_t> members;
    for (size_t seed = 0; seed < mask.labels.size(); ++seed) {
        const std::uint8_t classId = mask.labels[seed];
        if (classId == 0 || component[seed] >= 0) {
            continue;
        }
        // Flood fill of this class over the 26 neighbours.
        const auto id = static_cast<std::int32_t>(lesions.size());
        members.clear();
        stack.assign(1, seed);
        component[seed] = id;
        while (!stack.empty()) {
            const size_t index = stack.back();
            stack.pop_back();
            members.push_back(index);
            const int i = static_cast<int>(index % static_cast<size_t>(w));
            const int j = static_cast<int>(index / static_cast<size_t>(w) % static_cast<size_t>(h));
            const int k = static_cast<int>(index / (static_cast<size_t>(w) * static_cast<size_t>(h)));
            for (int dk = -1; dk <= 1; ++dk) {
                for (int dj = -1; dj <= 1; ++dj) {
                    for (int di = -1; di <= 1; ++di) {
                        const int ni = i + di;
                        const int nj = j + dj;
                        const int nk = k + dk;
                        if (ni < 0 || nj < 0 || nk < 0 || ni >= w || nj >= h || nk >= d) {
                            continue;
                        }
                        const size_t next = mask.index(ni, nj, nk);
                        if (mask.labels[next] == classId && component[next] < 0) {
                            component[next] = id;
                            stack.push_back(next);
                        }
                    }
                }
            }
        }
        LesionMeasurement lesion;
        lesion.classId = classId;
        lesion.voxels = static_cast<std::int64_t>(members.size());
        lesion.volumeMl = static_cast<double>(members.size()) * voxelMl;
        lesion.firstSlice = d;
        lesion.lastSlice = -1;
        Vec3 sum { 0.0, 0.0, 0.0 };
        std::map<int, std::vector<cv::Point>> bySlice;
        for (const size_t index : members) {
            const int i = static_cast<int>(index % static_cast<size_t>(w));
            const int j = static_cast<int>(index / static_cast<size_t>(w) % static_cast<size_t>(h));
            const int k = static_cast<int>(index / (static_cast<size_t>(w) * static_cast<size_t>(h)));
            sum[0] += i;
            sum[1] += j;
            sum[2] += k;
            lesion.firstSlice = std::min(lesion.firstSlice, k);
            lesion.lastSlice = std::max(lesion.lastSlice, k);
            bySlice[k].emplace_back(i, j);
        }
        const double n = static_cast<double>(members.size());
        for (int axis = 0; axis < 3; ++axis) {
            double position = geometry.origin[static_cast<size_t>(axis)];
            for (int c = 0; c < 3; ++c) {
                position += geometry.direction[static_cast<size_t>(axis * 3 + c)] * mask.spacing[static_cast<size_t>(c)]
                    * sum[static_cast<size_t>(c)] / n;
            }
            lesion.centroidLps[static_cast<size_t>(axis)] = position;
        }
        double bestProduct = -1.0;
        for (const auto& [k, pixels] : bySlice) {
            const SliceDiameters diameters = sliceDiameters(pixels, mask.spacing[0], mask.spacing[1]);
            const double product = diameters.longest * diameters.perpendicular;
            if (product > bestProduct) {
                bestProduct = product;
                lesion.longestDiameterMm = diameters.longest;
                lesion.perpendicularDiameterMm = diameters.perpendicular;
                lesion.diameterSlice = k;
            }
        }
        lesions.push_back(lesion);
    }
    std::stable_sort(lesions.begin(), lesions.end(),
        [](const LesionMeasurement& a, const LesionMeasurement& b) { return a.voxels > b.voxels; });
    return lesions;
}

} // namespace dinolens::core

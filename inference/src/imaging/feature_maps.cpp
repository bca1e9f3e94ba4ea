// PCA and similarity views of patch features. Plain C++ plus OpenCV's palette: these run once per view on a few
// thousand patches, so they need no LibTorch.
#include "dinolens/inference/feature_maps.h"

#include <algorithm>
#include <cmath>
#include <numeric>

#include <opencv2/imgproc.hpp>

namespace dinolens::inference {

using core::ErrorCode;
using core::makeError;
using core::Result;

namespace {

using Matrix = std::vector<std::vector<double>>; // rows

struct Rows {
    int64_t dim = 0;
    std::vector<const float*> rows;
    std::vector<bool> border; // patch on the grid border (background vote for the mask)
};

core::Status checkGrid(const FloatTensor& grid)
{
    if (grid.dim() != 3 || !grid.consistent() || grid.numel() == 0) {
        return makeError(
            ErrorCode::InvalidArgument, "patch grid must be a non-empty [gh, gw, D] tensor, got " + grid.shapeString());
    }
    return core::okStatus();
}

std::vector<double> meanOf(const Rows& data)
{
    std::vector<double> mean(static_cast<size_t>(data.dim), 0.0);
    for (const float* row : data.rows) {
        for (int64_t j = 0; j < data.dim; ++j) {
            mean[static_cast<size_t>(j)] += row[j];
        }
    }
    for (double& value : mean) {
        value /= static_cast<double>(data.rows.size());
    }
    return mean;
}

// Top `count` principal axes by subspace iteration on the covariance (D x D), which avoids a full
// eigendecomposition of a 768..1536-wide matrix for three vectors.
Matrix principalAxes(const Rows& data, const std::vector<double>& mean, int count)
{
    const auto d = static_cast<size_t>(data.dim);
    Matrix covariance(d, std::vector<double>(d, 0.0));
    std::vector<double> centred(d);
    for (const float* row : data.rows) {
        for (size_t j = 0; j < d; ++j) {
            centred[j] = row[j] - mean[j];
        }
        for (size_t i = 0; i < d; ++i) {
            for (size_t j = i; j < d; ++j) {
                covariance[i][j] += centred[i] * centred[j];
            }
        }
    }
    for (size_t i = 0; i < d; ++i) {
        for (size_t j = 0; j < i; ++j) {
            covariance[i][j] = covariance[j][i];
        }
    }
    Matrix axes(static_cast<size_t>(count), std::vector<double>(d));
    for (size_t k = 0; k < axes.size(); ++k) {
        for (size_t j = 0; j < d; ++j) {
            axes[k][j] = std::sin(static_cast<double>((k + 1) * (j + 1))); // deterministic start
        }
    }
    for (int iteration = 0; iteration < 200; ++iteration) {
        for (size_t k = 0; k < axes.size(); ++k) {
            std::vector<double> next(d, 0.0);
            for (size_t i = 0; i < d; ++i) {
                next[i] = std::inner_product(covariance[i].begin(), covariance[i].end(), axes[k].begin(), 0.0);
            }
            for (size_t previous = 0; previous < k; ++previous) { // Gram-Schmidt against earlier axes
                const double dot = std::inner_product(next.begin(), next.end(), axes[previous].begin(), 0.0);
                for (size_t i = 0; i < d; ++i) {
                    next[i] -= dot * axes[previous][i];
                }
            }
            const double norm = std::sqrt(std::inner_product(next.begin(), next.end(), next.begin(), 0.0));
            for (size_t i = 0; i < d; ++i) {
                axes[k][i] = norm > 0 ? next[i] / norm : 0.0;
            }
        }
    }
    for (std::vector<double>& axis : axes) { // deterministic sign: largest |entry| positive
        const auto largest = std::max_element(
            axis.begin(), axis.end(), [](double a, double b) { return std::fabs(a) < std::fabs(b); });
        if (*largest < 0) {
            std::transform(axis.begin(), axis.end(), axis.begin(), [](double v) { return -v; });
        }
    }
    return axes;
}

double project(const float* row, const std::vector<float>& mean, const float* axis, int64_t dim)
{
    double sum = 0.0;
    for (int64_t j = 0; j < dim; ++j) {
        sum += (static_cast<double>(row[j]) - mean[static_cast<size_t>(j)]) * axis[j];
    }
    return sum;
}

float percentile(std::vector<double> values, double fraction)
{
    const auto index = static_cast<size_t>(fraction * static_cast<double>(values.size() - 1));
    std::nth_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(index), values.end());
    return static_cast<float>(values[index]);
}

std::vector<float> toFloat(const std::vector<double>& values)
{
    return std::vector<float>(values.begin(), values.end());
}

// Fits the first-component model and returns the foreground rows.
Rows fitForegroundMask(const Rows& all, const PcaOptions& options, PcaProjection& projection)
{
    const std::vector<double> mean = meanOf(all);
    projection.maskMean = toFloat(mean);
    projection.maskAxis = toFloat(principalAxes(all, mean, 1)[0]);
    std::vector<double> scores;
    for (const float* row : all.rows) {
        scores.push_back(project(row, projection.maskMean, projection.maskAxis.data(), all.dim));
    }
    projection.maskLow = static_cast<float>(*std::min_element(scores.begin(), scores.end()));
    projection.maskHigh = static_cast<float>(*std::max_element(scores.begin(), scores.end()));
    const double range = std::max<double>(projection.maskHigh - projection.maskLow, 1e-12);
    int64_t borderHigh = 0;
    int64_t borderCount = 0;
    for (size_t i = 0; i < scores.size(); ++i) {
        scores[i] = (scores[i] - projection.maskLow) / range;
        if (all.border[i]) {
            ++borderCount;
            borderHigh += scores[i] > options.foregroundThreshold ? 1 : 0;
        }
    }
    projection.backgroundIsHigh = 2 * borderHigh > borderCount;
    Rows foreground { all.dim, {}, {} };
    for (size_t i = 0; i < scores.size(); ++i) {
        if ((scores[i] > options.foregroundThreshold) != projection.backgroundIsHigh) {
            foreground.rows.push_back(all.rows[i]);
            foreground.border.push_back(all.border[i]);
        }
    }
    return foreground.rows.empty() ? all : foreground;
}

} // namespace

Result<FloatTensor> imageOfBatch(const FloatTensor& batchedGrid, int64_t index)
{
    if (batchedGrid.dim() != 4 || !batchedGrid.consistent() || index < 0 || index >= batchedGrid.size(0)) {
        return makeError(ErrorCode::InvalidArgument, "need a [B, gh, gw, D] grid and an index below B");
    }
    const int64_t count = batchedGrid.numel() / batchedGrid.size(0);
    const auto first = batchedGrid.data.begin() + static_cast<std::ptrdiff_t>(index * count);
    return FloatTensor({ batchedGrid.size(1), batchedGrid.size(2), batchedGrid.size(3) },
        std::vector<float>(first, first + static_cast<std::ptrdiff_t>(count)));
}

Result<PcaProjection> fitPca(const std::vector<FloatTensor>& grids, const PcaOptions& options)
{
    if (grids.empty()) {
        return makeError(ErrorCode::InvalidArgument, "no patch grids to fit");
    }
    Rows all { grids.front().dim() == 3 ? grids.front().size(2) : 0, {}, {} };
    for (const FloatTensor& grid : grids) {
        if (core::Status status = checkGrid(grid); !status) {
            return status.error();
        }
        if (grid.size(2) != all.dim) {
            return makeError(ErrorCode::InvalidArgument, "grids of different feature dimensions cannot share a PCA");
        }
        for (int64_t r = 0; r < grid.size(0); ++r) {
            for (int64_t c = 0; c < grid.size(1); ++c) {
                all.rows.push_back(&grid.data[static_cast<size_t>((r * grid.size(1) + c) * all.dim)]);
                all.border.push_back(r == 0 || c == 0 || r == grid.size(0) - 1 || c == grid.size(1) - 1);
            }
        }
    }
    PcaProjection projection;
    projection.dim = all.dim;
    const Rows fitted = options.foregroundMask ? fitForegroundMask(all, options, projection) : all;
    const std::vector<double> mean = meanOf(fitted);
    projection.mean = toFloat(mean);
    for (const std::vector<double>& axis : principalAxes(fitted, mean, 3)) {
        projection.components.insert(projection.components.end(), axis.begin(), axis.end());
    }
    for (int k = 0; k < 3; ++k) {
        std::vector<double> scores;
        for (const float* row : fitted.rows) {
            scores.push_back(
                project(row, projection.mean, &projection.components[static_cast<size_t>(k * all.dim)], all.dim));
        }
        projection.low.push_back(percentile(scores, options.lowPercentile));
        projection.high.push_back(percentile(scores, options.highPercentile));
    }
    return projection;
}

Result<RgbImage> pcaToRgb(const FloatTensor& grid, const PcaProjection& projection, const PcaOptions& options)
{
    if (core::Status status = checkGrid(grid); !status) {
        return status.error();
    }
    if (grid.size(2) != projection.dim) {
        return makeError(ErrorCode::InvalidArgument, "grid dimension does not match the fitted projection");
    }
    const int64_t dim = projection.dim;
    const int64_t patches = grid.size(0) * grid.size(1);
    RgbImage image { grid.size(1), grid.size(0), std::vector<uint8_t>(static_cast<size_t>(patches * 3)) };
    for (int64_t p = 0; p < patches; ++p) {
        const float* row = &grid.data[static_cast<size_t>(p * dim)];
        if (options.foregroundMask && !projection.maskAxis.empty()) {
            const double range = std::max<double>(projection.maskHigh - projection.maskLow, 1e-12);
            const double score
                = (project(row, projection.maskMean, projection.maskAxis.data(), dim) - projection.maskLow) / range;
            if ((score > options.foregroundThreshold) == projection.backgroundIsHigh) {
                continue; // background stays black
            }
        }
        for (size_t k = 0; k < 3; ++k) {
            const float* axis = &projection.components[k * static_cast<size_t>(dim)];
            const double score = project(row, projection.mean, axis, dim);
            const double range = std::max<double>(projection.high[k] - projection.low[k], 1e-12);
            const double unit = std::clamp((score - projection.low[k]) / range, 0.0, 1.0);
            image.pixels[static_cast<size_t>(p * 3) + k] = static_cast<uint8_t>(std::lround(unit * 255.0));
        }
    }
    return image;
}

Result<FloatTensor> cosineSimilarityMap(const FloatTensor& grid, int64_t row, int64_t column)
{
    if (core::Status status = checkGrid(grid); !status) {
        return status.error();
    }
    if (row < 0 || column < 0 || row >= grid.size(0) || column >= grid.size(1)) {
        return makeError(ErrorCode::InvalidArgument,
            "query patch (" + std::to_string(row) + ", " + std::to_string(column) + ") is outside the grid");
    }
    const int64_t dim = grid.size(2);
    const float* query = &grid.data[static_cast<size_t>((row * grid.size(1) + column) * dim)];
    const double queryNorm = std::sqrt(std::inner_product(query, query + dim, query, 0.0));
    FloatTensor map = FloatTensor::zeros({ grid.size(0), grid.size(1) });
    for (int64_t p = 0; p < grid.size(0) * grid.size(1); ++p) {
        const float* other = &grid.data[static_cast<size_t>(p * dim)];
        const double dot = std::inner_product(other, other + dim, query, 0.0);
        const double norm = std::sqrt(std::inner_product(other, other + dim, other, 0.0));
        map.data[static_cast<size_t>(p)] = static_cast<float>(dot / std::max(norm * queryNorm, 1e-12));
    }
    return map;
}

RgbImage colourMap(const FloatTensor& map, float low, float high)
{
    const auto height = static_cast<int>(map.size(0));
    const auto width = static_cast<int>(map.size(1));
    cv::Mat grey(height, width, CV_8UC1);
    const float range = std::max(high - low, 1e-12f);
    for (int y = 0; y < height; ++y) {
        for (int x = 0; x < width; ++x) {
            const float unit = std::clamp((map.data[static_cast<size_t>(y * width + x)] - low) / range, 0.0f, 1.0f);
            grey.at<uint8_t>(y, x) = static_cast<uint8_t>(std::lround(unit * 255.0f));
        }
    }
    cv::Mat bgr;
    cv::Mat rgb;
    cv::applyColorMap(grey, bgr, cv::COLORMAP_VIRIDIS);
    cv::cvtColor(bgr, rgb, cv::COLOR_BGR2RGB);
    RgbImage image { width, height,
        std::vector<uint8_t>(rgb.data, rgb.data + static_cast<size_t>(width * height * 3)) };
    return image;
}

RgbImage upscaleNearest(const RgbImage& image, int64_t factor)
{
    RgbImage out { image.width * factor, image.height * factor, {} };
    out.pixels.resize(static_cast<size_t>(out.width * out.height * 3));
    for (int64_t y = 0; y < out.height; ++y) {
        for (int64_t x = 0; x < out.width; ++x) {
            const size_t source = static_cast<size_t>(((y / factor) * image.width + x / factor) * 3);
            std::copy_n(&image.pixels[source], 3, &out.pixels[static_cast<size_t>((y * out.width + x) * 3)]);
        }
    }
    return out;
}

} // namespace dinolens::inference

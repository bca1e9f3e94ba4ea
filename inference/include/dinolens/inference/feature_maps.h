#pragma once
// Views of patch features: PCA to RGB and cosine-similarity maps. Inputs are patch grids [gh, gw, D] (one image;
// take it from BackboneOutput::patchGrid with imageOfBatch). Outputs are gh x gw (one pixel per patch, rows
// first); enlarge for display with upscaleNearest. Thread-safety: pure functions.

#include <cstdint>
#include <vector>

#include "dinolens/core/result.h"
#include "dinolens/inference/float_tensor.h"
#include "dinolens/inference/preprocess.h"

namespace dinolens::inference {

/// Image `index` of a batched grid [B, gh, gw, D] -> [gh, gw, D]. Errors: InvalidArgument.
core::Result<FloatTensor> imageOfBatch(const FloatTensor& batchedGrid, int64_t index);

struct PcaOptions {
    // Foreground mask as in the DINOv2/DINOv3 visualisations: the first component, min-max scaled, is thresholded;
    // the side that holds most border patches is background; the RGB components are then refitted on the
    // foreground only and the background is drawn black.
    bool foregroundMask = false;
    double foregroundThreshold = 0.5;
    // Colours map each component's [lowPercentile, highPercentile] range over the fitted patches to [0, 255].
    double lowPercentile = 0.01;
    double highPercentile = 0.99;
};

/// A fitted projection: reuse it for several images so that equal colours mean equal features.
struct PcaProjection {
    int64_t dim = 0;
    std::vector<float> mean; // [D]
    std::vector<float> components; // [3, D], unit vectors, sign fixed (largest |entry| positive)
    std::vector<float> low, high; // colour range per component
    std::vector<float> maskMean; // first-component model of the foreground mask (when foregroundMask)
    std::vector<float> maskAxis;
    float maskLow = 0, maskHigh = 1;
    bool backgroundIsHigh = false;
};

/// Fits one projection jointly over every grid in `grids` (all with the same D). Errors: InvalidArgument.
core::Result<PcaProjection> fitPca(const std::vector<FloatTensor>& grids, const PcaOptions& options = {});

/// Projects `grid` [gh, gw, D] to a gh x gw RGB image. Errors: InvalidArgument (dimension mismatch).
core::Result<RgbImage> pcaToRgb(
    const FloatTensor& grid, const PcaProjection& projection, const PcaOptions& options = {});

/// Cosine similarity of every patch to patch (row, column): [gh, gw] in [-1, 1]; the query itself gives 1.
/// Errors: InvalidArgument (query outside the grid, malformed grid).
core::Result<FloatTensor> cosineSimilarityMap(const FloatTensor& grid, int64_t row, int64_t column);

/// Colour-maps a [h, w] map with the viridis palette, `low` -> dark, `high` -> bright.
RgbImage colourMap(const FloatTensor& map, float low, float high);

/// Nearest-neighbour enlargement by an integer factor (one patch -> factor x factor pixels).
RgbImage upscaleNearest(const RgbImage& image, int64_t factor);

} // namespace dinolens::inference

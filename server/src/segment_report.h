#pragma once
// Private: a slice prediction -> the JSON answer of /v1/segment: the label map and one binary mask per class as
// base64 PNG, outer contours as polygons (pixel coordinates, x right, y down), areas in pixels and in mm^2 when
// the source states its spacing, and the mean confidence; optionally the PCA feature map and a patch-similarity
// map as base64 PNG. Thread-safety: pure functions.

#include <array>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "dinolens/inference/segmentation_predictor.h"

namespace dinolens::server {

struct FeatureMapQuery {
    bool enabled = false;
    int row = -1; // query patch of the similarity map; -1 = the grid centre
    int column = -1;
};

/// Base64 (RFC 4648, with padding) of raw bytes.
std::string base64Encode(const std::string& bytes);
/// PNG bytes of an 8-bit image with 1 or 3 channels (interleaved). Empty on failure.
std::string encodePng(const std::uint8_t* pixels, int width, int height, int channels);

/// The per-class part of a report (classes 1..3), shared with the series answer.
nlohmann::json classReport(const core::LabelMask& mask, const std::array<float, 4>& confidence,
    const std::optional<std::array<double, 2>>& spacingMm);

/// The whole /v1/segment answer (without the model and timing fields, which the route adds).
nlohmann::json segmentReport(const inference::SlicePrediction& prediction,
    const std::optional<std::array<double, 2>>& spacingMm, const FeatureMapQuery& features);

} // namespace dinolens::server

#pragma once
// PNG figures of evaluation and comparison reports, drawn with OpenCV: box plots of per-image scores, and
// montages of cases with their ground truth outlined and the predictions filled in class colours.
// Thread-safety: reentrant. Files are written through a temporary name and a rename.

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "dinolens/core/label_mask.h"
#include "dinolens/core/result.h"

namespace dinolens::core {

struct BoxPlotSeries {
    std::string label; // e.g. a model name
    std::vector<double> values; // per-image scores; NaNs are ignored
};

struct BoxPlotGroup {
    std::string label; // e.g. a tumour class
    std::vector<BoxPlotSeries> series;
};

/// Box plots (quartiles, whiskers at min/max, mean as a dot, n under each box) on a 0..1 axis, one cluster per
/// group and one colour per series (legend at the top). Errors: InvalidArgument (no groups), Unwritable.
Status writeBoxPlotPng(
    const std::filesystem::path& path, const std::string& title, const std::vector<BoxPlotGroup>& groups);

struct OverlayCase {
    std::filesystem::path image; // the case's image file
    LabelMask truth; // same size as the image; outlined in yellow
    std::vector<LabelMask> predictions; // one panel each, filled in class colours
    std::vector<std::string> panelTitles; // one per prediction (e.g. "DINOv2 0.41")
    std::string caption; // the row's title (e.g. the image name)
    std::vector<std::uint8_t> grey; // when not empty: the image itself (8-bit, the truth's size), not read from file
};

/// One row per case, one panel per prediction, each panel `panelSize` pixels square, with a class legend.
/// Errors: InvalidArgument (no cases, a mask whose size differs from its image), Unreadable (an image),
/// Unwritable.
Status writeOverlayMontagePng(
    const std::filesystem::path& path, const std::vector<OverlayCase>& cases, int panelSize = 256);

} // namespace dinolens::core

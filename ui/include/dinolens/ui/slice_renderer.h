#pragma once
// Composing what a slice view shows, toolkit-free: the windowed grey plane with a label overlay blended on top,
// as 32-bit 0xAARRGGBB pixels (the layout of QImage::Format_RGB32), plus tumour areas and volumes.
// Units: areas in mm^2 (plane pixel spacing), volumes in mL (1 mL = 1000 mm^3).
// Ownership: plain values. Thread-safety: pure functions over const inputs.

#include <array>
#include <cstdint>
#include <span>
#include <vector>

#include "dinolens/core/label_mask.h"
#include "dinolens/core/volume.h"
#include "dinolens/ui/slice_plane.h"

namespace dinolens::ui {

inline constexpr int kOverlayClassCount = 4; // background + glioma, meningioma, pituitary (core::TumorClass)

struct OverlayStyle {
    bool visible = true;
    bool filled = true; // false: outline only (pixels whose 4-neighbourhood leaves the class)
    double opacity = 0.45; // 0..1, for filled regions; outlines are drawn opaque
    std::array<std::uint32_t, kOverlayClassCount> colors { 0x00000000u, 0xffe6194bu, 0xff3cb44bu, 0xff4363d8u };
    std::array<bool, kOverlayClassCount> classVisible { false, true, true, true };
};

/// The colour of class ids above the table (masks with other values): taken from class 1.
std::uint32_t overlayColor(const OverlayStyle& style, std::uint8_t classId);

/// Windowed grey pixels (opaque 0xffYYYYYY) of real-world values.
std::vector<std::uint32_t> greyPixels(std::span<const float> values, const core::WindowLevel& window, bool invert);

/// Blends `labels` (same length as `pixels`, row-major with `width` columns) onto `pixels` in place.
void blendOverlay(
    std::span<std::uint32_t> pixels, std::span<const std::uint8_t> labels, int width, const OverlayStyle& style);

struct OverlayAreas {
    std::array<double, kOverlayClassCount> sliceAreaMm2 {}; // per class on the shown plane; [0] unused
    std::array<double, kOverlayClassCount> volumeMl {}; // per class over the whole mask; [0] unused
    double totalSliceAreaMm2() const;
    double totalVolumeMl() const;
};

/// Tumour area of one plane (labels of resliceLabels) and the volume of the whole mask (spacing in mm).
OverlayAreas overlayAreas(
    std::span<const std::uint8_t> planeLabels, std::array<double, 2> planeSpacingMm, const core::LabelMask& mask);

/// Window/level after a right-drag by (dx, dy) widget pixels from `start`: right widens, down raises the centre.
/// `valueRange` (real-world units) sets the sensitivity so that a 500-pixel drag spans about the whole range.
core::WindowLevel dragWindow(const core::WindowLevel& start, double dx, double dy, double valueRange);

} // namespace dinolens::ui

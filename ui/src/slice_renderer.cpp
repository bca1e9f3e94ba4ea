#include "dinolens/ui/slice_renderer.h"

#include <algorithm>
#include <array>
#include <cmath>

#include "dinolens/core/windowing.h"

namespace dinolens::ui {
namespace {

std::uint32_t channel(std::uint32_t color, int shift)
{
    return (color >> shift) & 0xffu;
}

std::uint32_t mix(std::uint32_t under, std::uint32_t over, double alpha)
{
    std::uint32_t out = 0xff000000u;
    for (const int shift : { 0, 8, 16 }) {
        const double value = channel(under, shift) * (1.0 - alpha) + channel(over, shift) * alpha;
        out |= static_cast<std::uint32_t>(std::lround(value)) << shift;
    }
    return out;
}

bool isEdge(std::span<const std::uint8_t> labels, int width, std::size_t index)
{
    const auto w = static_cast<std::size_t>(width);
    const std::size_t height = labels.size() / w;
    const std::size_t x = index % w;
    const std::size_t y = index / w;
    const std::uint8_t id = labels[index];
    return x == 0 || y == 0 || x + 1 == w || y + 1 == height || labels[index - 1] != id || labels[index + 1] != id
        || labels[index - w] != id || labels[index + w] != id;
}

} // namespace

std::uint32_t overlayColor(const OverlayStyle& style, std::uint8_t classId)
{
    return classId < kOverlayClassCount ? style.colors[classId] : style.colors[1];
}

std::vector<std::uint32_t> greyPixels(std::span<const float> values, const core::WindowLevel& window, bool invert)
{
    std::vector<std::uint8_t> grey(values.size());
    core::windowValues(values, window, invert, grey);
    std::vector<std::uint32_t> pixels(values.size());
    std::transform(grey.begin(), grey.end(), pixels.begin(), [](std::uint8_t g) {
        const std::uint32_t v = g;
        return 0xff000000u | (v << 16) | (v << 8) | v;
    });
    return pixels;
}

void blendOverlay(
    std::span<std::uint32_t> pixels, std::span<const std::uint8_t> labels, int width, const OverlayStyle& style)
{
    if (!style.visible || labels.size() != pixels.size() || width <= 0) {
        return;
    }
    const double opacity = std::clamp(style.opacity, 0.0, 1.0);
    // Slices are grey (r = g = b), so a filled overlay pixel depends only on (class, grey level): blend each pair once.
    std::array<std::array<std::uint32_t, 256>, kOverlayClassCount> blended {};
    if (style.filled) {
        for (std::size_t c = 1; c < kOverlayClassCount; ++c) {
            for (std::uint32_t v = 0; v < 256; ++v) {
                blended[c][v] = mix(
                    0xff000000u | (v << 16) | (v << 8) | v, overlayColor(style, static_cast<std::uint8_t>(c)), opacity);
            }
        }
    }
    for (std::size_t n = 0; n < labels.size(); ++n) {
        const std::uint8_t id = labels[n];
        if (id == 0 || (id < kOverlayClassCount && !style.classVisible[id])) {
            continue;
        }
        const std::uint32_t under = pixels[n];
        const std::uint32_t grey = under & 0xffu;
        if (style.filled && id < kOverlayClassCount && under == (0xff000000u | (grey << 16) | (grey << 8) | grey)) {
            pixels[n] = blended[id][grey];
        } else if (style.filled) {
            pixels[n] = mix(under, overlayColor(style, id), opacity);
        } else if (isEdge(labels, width, n)) {
            pixels[n] = overlayColor(style, id) | 0xff000000u;
        }
    }
}

double OverlayAreas::totalSliceAreaMm2() const
{
    return sliceAreaMm2[1] + sliceAreaMm2[2] + sliceAreaMm2[3];
}

double OverlayAreas::totalVolumeMl() const
{
    return volumeMl[1] + volumeMl[2] + volumeMl[3];
}

OverlayAreas overlayAreas(
    std::span<const std::uint8_t> planeLabels, std::array<double, 2> planeSpacingMm, const core::LabelMask& mask)
{
    OverlayAreas areas;
    std::array<long long, kOverlayClassCount> slice {};
    std::array<long long, kOverlayClassCount> volume {};
    const auto bucket = [](std::uint8_t id) { return std::min<std::size_t>(id, 1u) == 0 ? 0 : std::min<int>(id, 3); };
    for (const std::uint8_t id : planeLabels) {
        ++slice[static_cast<std::size_t>(bucket(id))];
    }
    for (const std::uint8_t id : mask.labels) {
        ++volume[static_cast<std::size_t>(bucket(id))];
    }
    const double pixelArea = planeSpacingMm[0] * planeSpacingMm[1];
    const double voxelMl = mask.spacing[0] * mask.spacing[1] * mask.spacing[2] / 1000.0;
    for (std::size_t c = 1; c < kOverlayClassCount; ++c) {
        areas.sliceAreaMm2[c] = static_cast<double>(slice[c]) * pixelArea;
        areas.volumeMl[c] = static_cast<double>(volume[c]) * voxelMl;
    }
    return areas;
}

core::WindowLevel dragWindow(const core::WindowLevel& start, double dx, double dy, double valueRange)
{
    const double perPixel = std::max(valueRange, 1.0) / 500.0;
    core::WindowLevel window = start;
    window.width = std::max(1.0, start.width + dx * perPixel);
    window.center = start.center + dy * perPixel;
    window.name = "Manual";
    return window;
}

} // namespace dinolens::ui

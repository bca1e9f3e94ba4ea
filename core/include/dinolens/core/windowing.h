#pragma once
// Display windowing: real-world voxel values (stored * rescaleSlope + rescaleIntercept) to 8-bit grey.
//
// The window is the DICOM linear VOI function (PS3.3 C.11.2.1.2.1) for centre c and width w (real-world units):
//   x <= c - 0.5 - (w-1)/2  -> 0
//   x >  c - 0.5 + (w-1)/2  -> 255
//   otherwise               -> ((x - (c - 0.5)) / (w - 1) + 0.5) * 255, rounded to the nearest integer.
// Widths below 1 are treated as 1 (the standard's minimum), which makes the window a threshold at c - 0.5.
// MONOCHROME1 volumes are inverted after windowing (255 - y), so low values display white.
//
// MRI intensities are arbitrary, so MRI presets are percentiles of the value histogram rather than fixed
// centre/width pairs. A percentile window [lo, hi] maps lo to 0 and hi to 255: w = hi - lo + 1,
// c = (lo + hi) / 2 + 0.5.
//
// Output slices are row-major, i (column) fastest, like Volume. Ownership: plain values.
// Thread-safety: all functions are pure and may run concurrently on the same const Volume.

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "dinolens/core/result.h"
#include "dinolens/core/volume.h"

namespace dinolens::core {

/// The DICOM linear window of one real-world value (no inversion).
std::uint8_t windowValue(double value, double center, double width);

/// Windows real-world values into `out` (same length), inverting when `invert` (MONOCHROME1).
void windowValues(std::span<const float> values, const WindowLevel& window, bool invert, std::span<std::uint8_t> out);

/// Windows slice k of a volume (dims[0] * dims[1] bytes), honouring rescale and Volume::monochrome1.
/// Works on the stored voxels, with a look-up table for int16/uint16. Errors: InvalidArgument for a slice
/// outside [0, dims[2]) or an empty volume.
Result<std::vector<std::uint8_t>> windowSlice(const Volume& volume, int k, const WindowLevel& window);

/// A histogram-percentile preset for MRI.
struct WindowPreset {
    const char* name;
    double lowPercentile; // 0..100
    double highPercentile; // 0..100, > lowPercentile
};

/// "Full range" (0-100), "Auto (1-99%)", "Contrast (5-95%)", "Soft (0.5-99.5%)"; the auto window is the second.
std::span<const WindowPreset> mriWindowPresets();
inline constexpr double kAutoLowPercentile = 1.0;
inline constexpr double kAutoHighPercentile = 99.0;

/// Window spanning the given percentiles of the real-world values of the whole volume (slice = nullopt) or of
/// one slice. When the minimum value alone covers more than kBackgroundFraction of the voxels it is taken as
/// background (the zero outside the head of skull-stripped or masked MRI, or padding) and left out of the
/// histogram, because otherwise it swallows the low percentiles and the tissue range is squeezed into a few
/// grey levels. Percentiles are exact for int16/uint16 and within 1/65536 of the value range for float32.
/// Errors: InvalidArgument for an empty volume, a slice out of range or percentiles not 0 <= low < high <= 100.
Result<WindowLevel> percentileWindow(const Volume& volume, double lowPercentile, double highPercentile,
    std::optional<int> slice = std::nullopt, const std::string& name = "Auto");

inline constexpr double kBackgroundFraction = 0.2;

/// percentileWindow with kAutoLowPercentile..kAutoHighPercentile, named "Auto".
Result<WindowLevel> autoWindow(const Volume& volume, std::optional<int> slice = std::nullopt);

/// The first window from the source (DICOM tags) when present, else the auto window of the whole volume;
/// for an empty volume the neutral window {center 0.5, width 2, "Default"}.
WindowLevel defaultWindow(const Volume& volume);

} // namespace dinolens::core

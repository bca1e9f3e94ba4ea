#pragma once
// One 8-bit RGB picture from any image file the models take, with the format found by content: DICOM through
// core's DCMTK reader (never OpenCV), PNG/JPEG/BMP/TIFF through OpenCV after their declared sides are checked.
// Ownership: values. Thread-safety: reentrant.

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <vector>

#include "dinolens/core/result.h"
#include "dinolens/core/volume.h"

namespace dinolens::core {

struct RgbPicture {
    int width = 0;
    int height = 0;
    std::vector<std::uint8_t> pixels; // width * height * 3, RGB, rows top to bottom
};

/// Reads `path`. A DICOM file (DICM preamble, or a header DCMTK parses) gives its middle slice displayed with
/// its default window, as grey in all three channels; grey and alpha images are converted to RGB.
/// Errors name the file: NotFound, InvalidFormat, Truncated, UnsupportedFormat, TooLarge (over `maxBytes`).
Result<RgbPicture> readRgbPicture(const std::filesystem::path& path, std::size_t maxBytes = kDefaultMaxVolumeBytes);

/// The same as 8-bit grey (one byte per pixel).
Result<std::vector<std::uint8_t>> readGreyPicture(
    const std::filesystem::path& path, int& width, int& height, std::size_t maxBytes = kDefaultMaxVolumeBytes);

} // namespace dinolens::core

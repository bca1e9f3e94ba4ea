#pragma once
// Plain images (PNG, JPEG, BMP, TIFF) through OpenCV, as one-slice volumes. Colour is converted to luminance;
// 8- and 16-bit images keep uint16 storage, float images float32. Pixel spacing is unknown and set to 1 mm.
// Thread-safety: reentrant.

#include <filesystem>

#include "dinolens/core/result.h"
#include "dinolens/core/study.h"
#include "dinolens/core/volume.h"
#include "dinolens/core/volume_loading.h"

namespace dinolens::core {

/// True for the extensions this reader accepts (.png .jpg .jpeg .bmp .tif .tiff, any case).
bool hasImageExtension(const std::filesystem::path& path);

/// Describes the file as a one-instance series without decoding the pixels.
Result<SeriesInfo> describeImage(const std::filesystem::path& path);

/// Decodes the image. A corrupt or truncated file (including a JPEG cut before its end marker) is an error.
Result<Volume> loadImage(const std::filesystem::path& path, const VolumeLoadOptions& options = {});

} // namespace dinolens::core
